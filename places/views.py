"""Pages for citizens: home, search results, place page, territory pages, downloads.

Views stay thin: a form bound to request.GET validates, a queryset method queries, a template renders.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from places import hours
from places.exports import FORMATS, download, exportable_places
from places.forms import ErrorReportForm
from places.models import Commune, Departement, Place, Region, Stop
from places.search import FILTERS, SearchForm
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
        {"place_count": Place.objects.published().canonical().count(), "needs": NEEDS, "form": SearchForm()},
    )


def place_list(request):
    form = SearchForm(request.GET)
    places = (
        form.places()
        .select_related("commune")
        .prefetch_related("tags", Prefetch("stops", queryset=Stop.objects.order_by("position", "pk")))
    )
    page = Paginator(places, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    facets = form.facet_counts()
    filters = [
        {
            "filter": f,
            "field": form[f.param],
            "counts": facets.get(f.vocabulary, {}),
            "selected": set(form.selected(f.param)),
        }
        for f in FILTERS
    ]
    return render(
        request,
        "places/list.html",
        {
            "form": form,
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "filters": filters,
            "active_filters": form.active_filters(),
            "map_points": _map_points(page),
            "query_string": request.GET.urlencode(),
        },
    )


def _map_points(page) -> list[dict]:
    """The page's places for the map (through json_script, never |safe)."""
    points = []
    for place in page:
        if place.latitude is not None:
            points.append(
                {
                    "id": place.pk,
                    "name": place.name,
                    "lat": place.latitude,
                    "lon": place.longitude,
                    "url": place_url(place),
                }
            )
        for stop in place.stops.all():
            points.append(
                {
                    "id": place.pk,
                    "name": f"{place.name} — {stop.name or stop.address}",
                    "lat": stop.latitude,
                    "lon": stop.longitude,
                    "url": place_url(place),
                }
            )
    return points


def place_url(place: Place) -> str:
    return reverse("places:detail", kwargs={"pk": place.pk, "slug": slugify(place.name)[:80] or "lieu"})


def place_detail(request, pk: int, slug: str = ""):
    place = get_object_or_404(
        Place.objects.select_related("commune__departement", "commune__region", "structure", "duplicate_of")
        .prefetch_related("tags", Prefetch("stops", queryset=Stop.objects.order_by("position", "pk")))
        .prefetch_related("supports__programme"),
        pk=pk,
        status=Place.Status.PUBLISHED,
    )
    if place.duplicate_of_id and place.duplicate_of.status == Place.Status.PUBLISHED:
        return redirect(place_url(place.duplicate_of), permanent=False)
    canonical = place_url(place)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    now = timezone.now()
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
            "report_form": ErrorReportForm(),
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


REPORTS_PER_HOUR = 5


@require_http_methods(["GET", "POST"])
def report_error(request, pk: int):
    place = get_object_or_404(Place, pk=pk, status=Place.Status.PUBLISHED)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST":
        # A handful per hour and per address is plenty for a person, and stops a flood.
        key = f"error-report:{request.META.get('REMOTE_ADDR', '')}"
        sent = cache.get(key, 0)
        if sent >= REPORTS_PER_HOUR:
            form.add_error(None, _("Vous avez envoyé beaucoup de signalements : réessayez dans une heure."))
            response = render(request, "places/report_error.html", {"place": place, "form": form}, status=429)
            return response
        if form.is_valid():
            report = form.save(commit=False)
            report.place = place
            report.save()
            cache.set(key, sent + 1, 3600)
            messages.success(request, _("Merci ! Votre signalement sera vérifié par notre équipe."))
            return redirect(place_url(place))
    return render(
        request,
        "places/report_error.html",
        {"place": place, "form": form},
        status=400 if form.errors else 200,
    )


TERRITORIES = {"region": Region, "departement": Departement, "commune": Commune}


def territory(request, kind: str, code: str):
    model = TERRITORIES.get(kind)
    if model is None or "\x00" in code:  # PostgreSQL refuses NUL in text: no such code can exist
        raise Http404
    area = get_object_or_404(model, pk=code)
    places = Place.objects.published().canonical()
    if kind == "commune":
        places = places.filter(commune__in=[area.pk, *area.children.values_list("pk", flat=True)])
    else:
        places = places.filter(**{f"commune__{kind}": area})
    places = places.select_related("commune").prefetch_related("tags").order_by("name", "pk")
    page = Paginator(places, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "area": area,
        "page_obj": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "map_points": _map_points(page),
    }
    if kind == "region":
        context["parts"] = area.departements.annotate(
            place_count=Count("communes__places", filter=_published_in("communes__places"))
        ).order_by("code")
    elif kind == "departement":
        context["parts"] = (
            area.communes.filter(kind=Commune.Kind.COMMUNE)
            .annotate(place_count=Count("places", filter=_published_in("places")))
            .filter(place_count__gt=0)
            .order_by("-place_count", "name")[:30]
        )
    return render(request, "places/territory.html", context)


def _published_in(prefix: str):
    return Q(**{f"{prefix}__status": Place.Status.PUBLISHED, f"{prefix}__duplicate_of__isnull": True})


def export_download(request, extension: str):
    """The current search's places as a file of the national standard (or GeoJSON, data·inclusion)."""
    export = next((f for f in FORMATS.values() if f.extension == extension), None)
    if export is None:
        raise Http404
    return download(export, exportable_places(SearchForm(request.GET).places().order_by()))
