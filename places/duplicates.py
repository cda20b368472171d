"""Probable duplicates across sources: the same place published by two sources is linked, not merged.

Two places of different origins are the same place when they share a SIRET (pivot), or have the same
normalised name within 50 m, or the same normalised address in the same postcode. The place known first
stays canonical; the other points to it with `duplicate_of` and a reason moderators read in the admin.
Exports and listings show canonical places only.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from places.geo import haversine_km
from places.models import Place
from places.text import normalize

SAME_PLACE_KM = 0.05
# Synthetic demo places are not real places: never matched with real ones.
IGNORED_ORIGINS = ("synthetic",)
CHUNK = 1000


def _address_key(place) -> str:
    return f"{place.postcode} {normalize(f'{place.address} {place.address_complement}')}"


def _reason(place, other) -> str | None:
    if place.pivot and place.pivot == other.pivot:
        return f"même SIRET/RNA ({place.pivot}) que « {other.name} » ({other.origin})"
    if (
        normalize(place.name) == normalize(other.name)
        and place.latitude is not None
        and other.latitude is not None
        and haversine_km(place.latitude, place.longitude, other.latitude, other.longitude) <= SAME_PLACE_KM
    ):
        return f"même nom à moins de 50 m que « {other.name} » ({other.origin})"
    if _address_key(place) == _address_key(other) and normalize(place.address):
        return f"même adresse que « {other.name} » ({other.origin})"
    return None


def link_duplicates(origin: str) -> int:
    """Link the places of `origin` to probable duplicates from other origins; returns how many were linked."""
    now = timezone.now()
    places = list(
        Place.objects.filter(origin=origin, duplicate_of__isnull=True).only(
            "pk",
            "origin",
            "name",
            "pivot",
            "postcode",
            "address",
            "address_complement",
            "latitude",
            "longitude",
        )
    )
    linked = []
    for start in range(0, len(places), CHUNK):
        chunk = places[start : start + CHUNK]
        postcodes = {place.postcode for place in chunk}
        pivots = {place.pivot for place in chunk if place.pivot}
        others = (
            Place.objects.exclude(origin__in=(origin, *IGNORED_ORIGINS))
            .filter(duplicate_of__isnull=True)
            .filter(Q(postcode__in=postcodes) | Q(pivot__in=pivots))
        )
        by_postcode, by_pivot = defaultdict(list), defaultdict(list)
        for other in others:
            by_postcode[other.postcode].append(other)
            if other.pivot:
                by_pivot[other.pivot].append(other)
        for place in chunk:
            candidates = by_pivot.get(place.pivot, []) + by_postcode.get(place.postcode, [])
            for other in sorted(candidates, key=lambda o: o.pk):
                reason = _reason(place, other)
                if reason:
                    place.duplicate_of_id, place.duplicate_reason = other.pk, reason[:255]
                    # Leaving the listings is a change API clients pulling `updated_since` must see.
                    place.updated_at = now
                    linked.append(place)
                    break
    with transaction.atomic():
        Place.objects.bulk_update(linked, ["duplicate_of", "duplicate_reason", "updated_at"], batch_size=500)
    return len(linked)
