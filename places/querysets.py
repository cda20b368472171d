"""Chainable reads: `Place.objects.published().near(lat, lon, km=20).offering(services=[...])`."""

from django.db import models
from django.db.models import Case, Exists, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Least

from places import geo
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


def in_bbox_q(bbox: geo.BBox) -> Q:
    """Latitude/longitude inside the box: ranges on the indexed coordinate columns."""
    return Q(
        latitude__gte=bbox.south,
        latitude__lte=bbox.north,
        longitude__gte=bbox.west,
        longitude__lte=bbox.east,
    )


class LocatedQuerySet(models.QuerySet):
    """Rows with latitude/longitude columns: places and bus stops."""

    def in_bbox(self, bbox: geo.BBox):
        return self.filter(in_bbox_q(bbox))


class StopQuerySet(LocatedQuerySet):
    def nearest_by_place(self, latitude: float, longitude: float, km: float) -> dict[int, float]:
        """{place id: distance of its nearest stop} for the stops within `km` (one query)."""
        by_place: dict[int, float] = {}
        box = geo.bbox_around(latitude, longitude, km)
        for place_id, stop_lat, stop_lon in self.in_bbox(box).values_list(
            "place_id", "latitude", "longitude"
        ):
            distance = geo.haversine_km(latitude, longitude, stop_lat, stop_lon)
            if distance <= km and distance < by_place.get(place_id, km + 1):
                by_place[place_id] = distance
        return by_place


class StructureQuerySet(models.QuerySet):
    def hubs(self):
        return self.filter(is_hub=True)


class PlaceQuerySet(LocatedQuerySet):
    def published(self):
        return self.filter(status="published")

    def canonical(self):
        """Without probable duplicates of another place: each real place once (exports, listings)."""
        return self.filter(duplicate_of__isnull=True)

    def with_distance(self, latitude: float, longitude: float):
        """Annotate `distance_km` (great-circle) from the given point."""
        return self.annotate(distance_km=geo.distance_km_expression(latitude, longitude))

    def near(self, latitude: float, longitude: float, km: float):
        """Places within `km` of the point, nearest first, with `distance_km`.

        The bounding box uses the (latitude, longitude) index; the exact distance then trims its corners.
        """
        return (
            self.in_bbox(geo.bbox_around(latitude, longitude, km))
            .with_distance(latitude, longitude)
            .filter(distance_km__lte=km)
            .order_by("distance_km", "pk")
        )

    def tagged(self, vocabulary: str, values):
        """Places carrying at least one of `values` in `vocabulary` (an indexed EXISTS on PlaceTag)."""
        from places.models import PlaceTag

        values = list(values)
        if not values:
            return self
        return self.filter(
            Exists(PlaceTag.objects.filter(place=OuterRef("pk"), vocabulary=vocabulary, value__in=values))
        )

    def offering(self, **values_by_vocabulary):
        """`offering(services=[...], frais_a_charge=[...])`: every vocabulary must match (AND between
        vocabularies, OR within one), the way people combine filters."""
        queryset = self
        for vocabulary, values in values_by_vocabulary.items():
            queryset = queryset.tagged(vocabulary, values)
        return queryset

    def matching(self, text: str):
        """Every word of `text` appears in the name or descriptions (accents and case ignored)."""
        words = normalize(text).split()
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=word)
        return self.filter(condition)

    def with_tags(self):
        return self.prefetch_related("tags")

    def open_at(self, moment):
        """Open at this moment of a usual week (Europe/Paris); public holidays are not seen here."""
        from places.hours import PARIS
        from places.models import WeeklyOpening

        local = moment.astimezone(PARIS)
        minute = local.hour * 60 + local.minute
        # IN (subquery) rather than EXISTS: the (weekday, opens, closes) index finds the few open places at
        # once, where a correlated EXISTS would scan a weekday's openings for every place.
        open_now = WeeklyOpening.objects.filter(weekday=local.weekday(), opens__lte=minute, closes__gt=minute)
        return self.filter(pk__in=open_now.values("place_id"))

    def open_on(self, weekday: int):
        """Open at some time on this day of a usual week (0 = Monday)."""
        from places.models import WeeklyOpening

        return self.filter(pk__in=WeeklyOpening.objects.filter(weekday=weekday).values("place_id"))

    def near_with_stops(
        self, latitude: float, longitude: float, km: float, by_stop: dict[int, float] | None = None
    ):
        """Like near(), but an itinerant place is also found by its nearest stop, at that stop's distance.

        Stops are few: they are read first (`Stop.objects.nearest_by_place`, one indexed query, or given as
        `by_stop`), then folded into this query as place ids with their stop distance, so ordering and
        pagination stay in the database.
        """
        from places.models import Stop

        if by_stop is None:
            by_stop = Stop.objects.nearest_by_place(latitude, longitude, km)
        box = geo.bbox_around(latitude, longitude, km)
        own = geo.distance_km_expression(latitude, longitude)
        if not by_stop:
            return self.near(latitude, longitude, km)
        nearest_stop = Case(
            *[When(pk=place_id, then=Value(distance)) for place_id, distance in by_stop.items()],
            default=Value(None),
            output_field=FloatField(),
        )
        distance = Least(Coalesce(own, Value(1e9)), Coalesce(nearest_stop, Value(1e9)))
        in_radius = in_bbox_q(box) | Q(pk__in=list(by_stop))
        return (
            self.filter(in_radius)
            .annotate(distance_km=distance)
            .filter(distance_km__lte=km)
            .order_by("distance_km", "pk")
        )
