"""Hubs numériques: the regional networks that coordinate the places' structures (Structure.is_hub).

`/hubs/` lists them with their territory; `/hubs/<id>/` shows one: the régions and départements it covers, its
member structures (Structure.hub) with how many published places each runs, and the ways into the directory
for its territory — the search of its members' places, each département's page.
"""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from places.models import Departement, Place, Region, Structure


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
        "place_total": sum(member.place_count for member in members),
    }
    return render(request, "places/hub.html", context)
