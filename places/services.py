"""Writes that touch several models. Plain functions with keyword-only arguments."""

from collections.abc import Iterable

from django.db import transaction

from places.bulk import insert_rows
from places.hours import weekly_intervals
from places.models import Place, WeeklyOpening


@transaction.atomic
def refresh_openings(*, places: Iterable[Place]) -> None:
    """Rewrite the indexed weekly openings of these places from their `opening_hours`."""
    places = [place for place in places if place.pk is not None]
    for start in range(0, len(places), 500):
        chunk = places[start : start + 500]
        WeeklyOpening.objects.filter(place__in=[place.pk for place in chunk]).delete()
        insert_rows(
            WeeklyOpening,
            ["place", "weekday", "opens", "closes"],
            (
                (place.pk, day, opens, closes)
                for place in chunk
                for day, opens, closes in weekly_intervals(place.opening_hours)
            ),
        )


def refresh_statistics() -> None:
    """ANALYZE after bulk writes, so that the query planner knows the tables' sizes (the admin's lists, the
    search index's reads). PostgreSQL's autovacuum would do it later; SQLite never does by itself."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
