"""Hubs numériques: the regional networks that coordinate the places' structures (Structure.is_hub).

`/hubs/` lists them with their territory; `/hubs/<id>/` shows one: the régions and départements it covers, its
member structures (Structure.hub) with how many published places each runs, and the ways into the directory
for its territory — the search of its members' places, each département's page.
"""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from places.coverage import KINDS, Shares, shares_of
from places.models import Departement, Place, Region, Structure, TerritoryCoverage

# The hub's page sums up coverage for any help point; each département's page details every kind.
HUB_COVERAGE_KIND = "tous"


def _hubs():
    return Structure.objects.filter(is_hub=True).prefetch_related(
        Prefetch("hub_regions", queryset=Region.objects.order_by("name")),
        Prefetch("hub_departements", queryset=Departement.objects.order_by("code")),
    )


def hub_list(request):
    hubs = _hubs().annotate(member_count=Count("members", distinct=True)).order_by("name")
    return render(request, "places/hubs.html", {"hubs": hubs})


def hub_detail(request, pk: int):
    hub = get_object_or_404(_hubs(), pk=pk)
    published = Q(places__status=Place.Status.PUBLISHED, places__duplicate_of__isnull=True)
    members = (
        hub.members.select_related("commune")
        .annotate(place_count=Count("places", filter=published))
        .order_by("-place_count", "name")
    )
    regions = list(hub.hub_regions.all())
    departements = list(
        Departement.objects.filter(
            Q(pk__in=[d.pk for d in hub.hub_departements.all()]) | Q(region__in=regions)
        )
        .select_related("region")
        .order_by("code")
    )
    context = {
        "hub": hub,
        "members": members,
        "regions": regions,
        "departements": departements,
        "coverage": coverage_by_departement(HUB_COVERAGE_KIND, departements),
        "coverage_kind": KINDS[HUB_COVERAGE_KIND],
        "place_total": sum(member.place_count for member in members),
    }
    return render(request, "places/hub.html", context)


def coverage_by_departement(kind: str, departements: list[Departement]) -> list[tuple[Departement, Shares]]:
    """The share of people within 5, 10 and 20 km of help, for each of the départements, in one query
    (places/coverage.py computes and stores the figures; empty until `compute_coverage` has run)."""
    rows = {
        row.code: row
        for row in TerritoryCoverage.objects.filter(
            kind=kind, territory="departement", code__in=[departement.pk for departement in departements]
        )
    }
    return [
        (departement, shares_of(rows[departement.pk]))
        for departement in departements
        if departement.pk in rows
    ]
