"""Pages for citizens: home, search results, place page, territory pages, downloads.

Views stay thin: a form bound to request.GET reads the search, places.search finds the places, a template
renders.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import Membership
from inclusion.ratelimit import RateLimit
from places import dashboards, freshness, hours, reviews
from places.exports import FORMATS, count_download, download, exportable_places
from places.forms import ErrorReportForm
from places.models import Commune, Departement, Epci, Place, Region, Stop
from places.search.criteria import Search
from places.search.engine import find
from places.search.parameters import SearchForm
from places.search.site import (
    active_filters,
    errors_besides_place,
    hidden_fields,
    radius_choices,
    site_filters,
    site_query,
)
from places.vocabularies import Service

PLACES_PER_PAGE = 20

# Needs as people say them, each mapped to a service of the standard (home page shortcuts).
NEEDS = [
    (gettext_lazy("Faire une démarche en ligne"), Service.DEMARCHES),
    (gettext_lazy("Apprendre à utiliser un ordinateur ou un smartphone"), Service.OUTILS_QUOTIDIEN),
    (gettext_lazy("Accéder à un ordinateur ou à internet"), Service.ACCES_INTERNET),
    (gettext_lazy("Chercher un emploi ou une formation en ligne"), Service.INSERTION_PRO),
    (gettext_lazy("Se protéger des arnaques en ligne"), Service.SECURITE),
    (gettext_lazy("Aider mes enfants avec le numérique"), Service.PARENTALITE),
    (gettext_lazy("Acheter un ordinateur à petit prix"), Service.MATERIEL_SOLIDAIRE),
]


def home(request):
    return render(
        request,
        "places/home.html",
        {"place_count": len(find(Search())), "needs": NEEDS},
    )


def place_list(request):
    form = SearchForm(request.GET)
    search = form.search()
    results = find(search, with_commune=True) if search else []
    page = Paginator(results, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    query = site_query(form)
    filters = site_filters(form, results.facet_counts() if search else {})
    return render(
        request,
        "places/list.html",
        {
            "form": form,
            "search": search,
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "filters": filters,
            "active_filters": active_filters(search, filters),
            "other_errors": errors_besides_place(form),
            "hidden_fields": hidden_fields(form),
            "radius_choices": radius_choices(search),
            "map_points": _map_points(page),
            "query": query,
            "query_string": query.urlencode(),
        },
    )


def _map_points(page) -> list[dict]:
    """The page's places for the map (through json_script, never |safe)."""
    points = []
    for place in page:
        url = place.get_absolute_url()
        if place.latitude is not None:
            points.append(
                {
                    "id": place.pk,
                    "name": place.name,
                    "lat": place.latitude,
                    "lon": place.longitude,
                    "url": url,
                }
            )
        for stop in place.stop_list:
            name = f"{place.name} — {stop.name or stop.address}"
            points.append(
                {"id": place.pk, "name": name, "lat": stop.latitude, "lon": stop.longitude, "url": url}
            )
    return points


def place_detail(request, pk: int, slug: str = ""):
    place = get_object_or_404(
        Place.objects.select_related("commune__departement", "commune__region", "structure", "duplicate_of")
        .prefetch_related("tags", Prefetch("stops", queryset=Stop.objects.order_by("position", "pk")))
        .prefetch_related("supports__programme"),
        Q(status=Place.Status.PUBLISHED) | Q(status=Place.Status.ARCHIVED, closed_on__isnull=False),
        pk=pk,
    )
    if place.duplicate_of_id and place.duplicate_of.status == Place.Status.PUBLISHED:
        return redirect(place.duplicate_of, permanent=False)
    canonical = place.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    now = timezone.now()
    # Its structure's members update it and confirm it; anyone else who runs it may claim it (one query, and
    # none for anonymous visitors).
    is_member = (
        request.user.is_authenticated
        and place.structure_id is not None
        and Membership.objects.filter(user=request.user, structure_id=place.structure_id).exists()
    )
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "status": hours.status_at(place.opening_hours, now),
            "week": hours.week(place.opening_hours, now),
            "stops": [
                {
                    "stop": stop,
                    "week": hours.week(stop.opening_hours, now),
                    "status": hours.status_at(stop.opening_hours, now),
                }
                for stop in place.stops.all()
            ],
            "now": now,
            # The data's age (places.freshness) and "Tout est à jour" for the structure's members and staff.
            "freshness": freshness.badge_of(place.updated_on),
            "can_confirm_freshness": reviews.is_reviewable(place) and (is_member or request.user.is_staff),
            "report_form": ErrorReportForm(),
            "is_member": is_member,
            "map_points": [
                {
                    "id": place.pk,
                    "name": place.name,
                    "lat": place.latitude,
                    "lon": place.longitude,
                    "url": canonical,
                }
            ]
            if place.latitude is not None
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def report_error(request, pk: int):
    place = get_object_or_404(Place, pk=pk, status=Place.Status.PUBLISHED)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST":
        # A handful per hour and per address is plenty for a person, and stops a flood (ERROR_REPORTS_PER_HOUR;
        # `bench soak`, one address, raises it). Only accepted reports count.
        limit = RateLimit("error-report", f"{settings.ERROR_REPORTS_PER_HOUR}/hour")
        verdict = limit.check(request)
        if not verdict.allowed:
            form.add_error(
                None,
                _("Vous avez envoyé beaucoup de signalements : réessayez dans %(minutes)d minutes.")
                % {"minutes": max(1, round(verdict.retry_after / 60))},
            )
            response = render(request, "places/report_error.html", {"place": place, "form": form}, status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if form.is_valid():
            report = form.save(commit=False)
            report.place = place
            report.save()
            limit.hit(request)
            messages.success(request, _("Merci ! Votre signalement sera vérifié par notre équipe."))
            return redirect(place)
    return render(
        request,
        "places/report_error.html",
        {"place": place, "form": form},
        status=400 if form.errors else 200,
    )


# Each kind of territory with what its page's breadcrumb shows of the territory above it.
TERRITORIES = {
    "region": lambda: Region.objects.all(),
    "departement": lambda: Departement.objects.select_related("region"),
    "epci": lambda: Epci.objects.all(),
    "commune": lambda: Commune.objects.select_related("departement", "region", "epci"),
}


def territory(request, kind: str, code: str):
    if kind not in TERRITORIES:
        raise Http404
    area = get_object_or_404(TERRITORIES[kind](), pk=code)
    results = find(Search(**{kind: code}), with_commune=True)
    figures = dashboards.tables(kind, area, results)
    if wanted := request.GET.get("tableau"):
        table = next((table for table in figures if table.slug == wanted), None)
        if table is None:
            raise Http404
        return dashboards.csv_download(table, area)
    page = Paginator(results, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    departement, region = dashboards.situate(kind, area)
    parts, epcis = dashboards.parts(kind, area, results)
    return render(
        request,
        "places/territory.html",
        {
            "kind": kind,
            "area": area,
            "above": departement,  # an EPCI's breadcrumb
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "parts": parts,
            "epcis": epcis,
            "map_points": _map_points(page),
            "densities": dashboards.densities(kind, area, len(results), region),
            "figures": figures,
            "supports": dashboards.supports(kind, area),
            "coverage": dashboards.coverage_shares(kind, area),
        },
    )


def export_download(request, extension: str):
    """The current search's places as a file of the national standard (or GeoJSON, data·inclusion)."""
    export = next((f for f in FORMATS.values() if f.extension == extension), None)
    if export is None:
        raise Http404
    search = SearchForm(request.GET).search()
    if search is None:
        return HttpResponseBadRequest(
            _("Cette recherche n'est pas valable : revenez à la liste pour la corriger.")
        )
    verdict = count_download(request)
    if not verdict.allowed:
        message = _(
            "Vous avez téléchargé beaucoup de fichiers : réessayez dans %(minutes)d minutes. Pour suivre "
            "l'annuaire de près, l'API donne les lieux modifiés depuis votre dernière reprise (docs/api.md)."
        ) % {"minutes": max(1, round(verdict.retry_after / 60))}
        context = {
            "message": message,
            "back_url": f"{reverse('places:list')}?{request.GET.urlencode()}",
            "back_label": _("Revenir à la recherche"),
        }
        response = render(request, "too_many_requests.html", context, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    return download(export, exportable_places(find(replace(search, order="id"))))
