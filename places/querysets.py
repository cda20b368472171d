"""Chainable reads: `Place.objects.published().canonical().tagged("services", [...])`."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from places import freshness
from places.text import commune_key, normalize


def _prefix_range(field: str, prefix: str) -> dict:
    """`field` starts with `prefix`, as a range the column's index can serve (LIKE 'x%' cannot on SQLite).

    The upper bound is the prefix with its last character incremented ("saint et" -> "saint eu"), which is
    exact under byte ordering (SQLite, PostgreSQL with the C collation) for the ASCII keys of
    places.text.normalize.
    """
    return {f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


class CommuneQuerySet(models.QuerySet):
    def current(self):
        """Communes of today's map: no arrondissement, no delegated or associated commune."""
        return self.filter(kind="commune")

    def named(self, name: str):
        """Exact match on the normalised name (accents, case, hyphens, St/Ste and leading article ignored)."""
        return self.filter(search_name=commune_key(name))

    def name_starts_with(self, prefix: str):
        key = commune_key(prefix)
        if not key:
            return self.none()
        return self.filter(**_prefix_range("search_name", key))

    def with_postcode(self, postcode: str):
        return self.filter(postcode_rows__postcode=postcode).distinct()

    def with_postcode_prefix(self, prefix: str):
        if not prefix:
            return self.none()
        return self.filter(**_prefix_range("postcode_rows__postcode", prefix)).distinct()

    def with_territories(self):
        """Fetch the département and the parent commune (of an arrondissement or delegated commune) at once."""
        return self.select_related("departement", "parent")

    def by_size(self):
        return self.order_by(models.F("population").desc(nulls_last=True), "name", "code")

    def exact_first(self, name: str):
        """The communes named exactly `name` first, then bigger communes first (for prefix results)."""
        exact = models.Case(
            models.When(search_name=commune_key(name), then=models.Value(0)), default=models.Value(1)
        )
        return self.alias(exact_rank=exact).order_by(
            "exact_rank", models.F("population").desc(nulls_last=True), "name", "code"
        )


class StopQuerySet(models.QuerySet):
    pass


class StructureQuerySet(models.QuerySet):
    def hubs(self):
        return self.filter(is_hub=True)

    def awaiting_verification(self):
        """Declared on the site and not yet checked by a moderator."""
        return self.filter(registered_by__isnull=False, verified_at__isnull=True)

    def without_administrator(self):
        """No member is its administrator (imported structures): moderators answer its join requests."""
        return self.exclude(memberships__role="admin")


class PlaceQuerySet(models.QuerySet):
    """Reads of places in the database. The citizen search, the API, the map and the downloads read the
    published places through places.search (an index in memory); these serve the admin and the writers."""

    def published(self):
        return self.filter(status="published")

    def canonical(self):
        """Without probable duplicates of another place: each real place once (exports, listings)."""
        return self.filter(duplicate_of__isnull=True)

    def tagged(self, vocabulary: str, values):
        """Places carrying at least one of `values` in `vocabulary` (an indexed EXISTS on PlaceTag)."""
        from places.models import PlaceTag

        values = list(values)
        if not values:
            return self
        return self.filter(
            Exists(PlaceTag.objects.filter(place=OuterRef("pk"), vocabulary=vocabulary, value__in=values))
        )

    def matching(self, text: str):
        """Every word of `text` appears in the name or descriptions (accents and case ignored)."""
        words = normalize(text).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def with_tags(self):
        return self.prefetch_related("tags")

    def older_than(self, months: int, *, on=None, undated: bool = True):
        """Places whose data is `months` old or more on `on` (today in Paris), counted as places.freshness
        counts; with `undated`, also the places whose source gave no date (they need a look most)."""
        condition = Q(updated_on__lte=freshness.months_before(on or freshness.today(), months))
        return self.filter(condition | Q(updated_on__isnull=True) if undated else condition)

    def in_freshness_band(self, band, *, on=None):
        """Places in one band of places.freshness (the admin's filter)."""
        if band == freshness.Freshness.UNKNOWN:
            return self.filter(updated_on__isnull=True)
        after, up_to = freshness.date_range(band, on=on)
        bounds = {"updated_on__gt": after, "updated_on__lte": up_to}
        # Every dated band has a bound, which no empty date meets.
        return self.filter(**{lookup: day for lookup, day in bounds.items() if day is not None})
