"""Writes that touch several models. Plain functions with keyword-only arguments."""

from collections.abc import Iterable

from django.db import transaction

from places.hours import weekly_intervals
from places.models import Place, WeeklyOpening


@transaction.atomic
def refresh_openings(*, places: Iterable[Place]) -> None:
    """Rewrite the indexed weekly openings of these places from their `opening_hours`."""
    places = [place for place in places if place.pk is not None]
    for start in range(0, len(places), 500):
        chunk = places[start : start + 500]
        WeeklyOpening.objects.filter(place__in=[place.pk for place in chunk]).delete()
        WeeklyOpening.objects.bulk_create(
            [
                WeeklyOpening(place_id=place.pk, weekday=day, opens=opens, closes=closes)
                for place in chunk
                for day, opens, closes in weekly_intervals(place.opening_hours)
            ],
            batch_size=2000,
        )
