"""How a search works: `find(search)` → the places it finds, in order, with their total, the count each filter
value would give, and the points of the map.

    results = find(Search(centre=Centre(46.34, 2.60), values={"services": ["demarches-administratives"]}))
    len(results)            # the total
    results[0:20]           # the first page: Place objects with `distance_km`, tags and stops attached
    results.facet_counts()  # {"services": {"acces-internet-materiel": 12, …}, …}
    results.ids()           # every place id, in order (exports)

Every reader of the directory goes through here: the results page, the API, the map's clusters, the
territory pages and the downloads. `parameters.py` turns a query string into the Search; `index.py` holds the
published places in memory. The steps, for one search:

1. **Where.** Around a centre: the places and bus stops in the bounding box of the circle (a binary search on
   latitude), then their exact great-circle distance; a bus counts at its nearest stop. In a map area (`bbox`):
   the places and stops inside it. Otherwise every published place. A territory keeps the places whose commune
   (or one of whose stops' commune) is in it.
2. **What.** Text, hours, date, source, origin, structure and programme: one mask each, over the candidates.
3. **Which values.** Per vocabulary, the places carrying any of the chosen values (one column test of the tag
   matrix per value); every chosen vocabulary must match.
4. **Order.** By distance (then id) when there is a centre, else by name; by id for the API's cursor.
5. **Counts.** For each value of each vocabulary, how many places choosing it would give: the places matching
   every criterion but that vocabulary's own choice, summed per column of the tag matrix in one pass.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.utils import timezone

from places import geo
from places.hours import PARIS
from places.models import Place, PlaceTag, Stop
from places.search import index
from places.search.criteria import TERRITORY_KINDS, Search
from places.search.index import Snapshot
from places.search.reading import COLUMN_OF, COLUMNS, micros
from places.text import normalize
from places.vocabularies import in_order

EARTH_DIAMETER_KM = 2 * geo.EARTH_RADIUS_KM


def find(search: Search, *, with_commune: bool = False) -> "Results":
    """The published places `search` finds (see the module's docstring). `with_commune`: the places of its
    pages come with their Commune."""
    return Results(search, with_commune=with_commune)


def distances_km(
    latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray
) -> np.ndarray:
    """Great-circle (haversine) distances from one point, vectorised; the same formula as geo.haversine_km."""
    phi, phis = np.radians(latitude), np.radians(latitudes)
    half_dphi = (phis - phi) / 2
    half_dlambda = np.radians(longitudes - longitude) / 2
    a = np.sin(half_dphi) ** 2 + np.cos(phi) * np.cos(phis) * np.sin(half_dlambda) ** 2
    return EARTH_DIAMETER_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


@dataclass
class Selection:
    """What a search selected, before ordering: the slots matching everything but the vocabularies (`base`,
    with their distance from the centre or NaN), and for each chosen vocabulary which of them carry a value."""

    base: np.ndarray
    distances: np.ndarray
    by_vocabulary: dict[str, np.ndarray]

    @cached_property
    def matching(self) -> np.ndarray:
        """Positions in `base` of the slots that match every chosen vocabulary too."""
        keep = np.ones(len(self.base), bool)
        for carries in self.by_vocabulary.values():
            keep &= carries
        return np.flatnonzero(keep)


class Results:
    """The places a Search finds, in its order. `len()` is the total; slicing loads those places from the
    database (load_places). A Django Paginator or a DRF page-number paginator takes it as it takes a queryset.
    The index is read once, at the first question: a Results answers from one snapshot throughout."""

    def __init__(self, search: Search, *, with_commune: bool = False):
        self.search = search
        self.with_commune = with_commune  # pages that show the commune's name

    @cached_property
    def snapshot(self) -> Snapshot:
        return index.current()

    # --- Selection ----------------------------------------------------------------------------------------

    @cached_property
    def selection(self) -> Selection:
        snapshot, search = self.snapshot, self.search
        slots, distances = self._where()
        keep = self._criteria(slots)
        slots, distances = slots[keep], distances[keep]
        by_vocabulary = {}
        for vocabulary, values in search.values:
            columns = [COLUMN_OF[(vocabulary, value)] for value in values if (vocabulary, value) in COLUMN_OF]
            by_vocabulary[vocabulary] = snapshot.tags[np.ix_(slots, columns)].any(axis=1)
        return Selection(slots, distances, by_vocabulary)

    def _where(self) -> tuple[np.ndarray, np.ndarray]:
        """Candidate slots for the area of the search, with their distance from its centre (NaN without one)."""
        snapshot, search = self.snapshot, self.search
        centre = search.centre
        if search.radius_applies:
            area = geo.bbox_around(centre.latitude, centre.longitude, search.radius_km)
        else:
            area = search.bbox
        if area is None:
            slots = np.flatnonzero(snapshot.alive)
        else:
            slots = snapshot.located_in(area)
            by_stop = snapshot.stop_slots[snapshot.stops_in(area)]
            if len(by_stop):  # buses with a stop in the area, when their own point is not in it
                slots = np.concatenate([slots, np.unique(by_stop[~snapshot.member(slots)[by_stop]])])
        if centre is None:
            return slots, np.full(len(slots), np.nan)
        distances = self._distances(slots, centre.latitude, centre.longitude)
        if search.radius_applies:
            within = distances <= search.radius_km
            return slots[within], distances[within]
        return slots, distances

    def _distances(self, slots: np.ndarray, latitude: float, longitude: float) -> np.ndarray:
        """Each slot's distance: from its own point or its nearest stop, whichever is nearer (inf if neither)."""
        snapshot = self.snapshot
        own = distances_km(latitude, longitude, snapshot.latitude[slots], snapshot.longitude[slots])
        own = np.where(np.isnan(own), np.inf, own)
        has_stops = snapshot.member(slots)[snapshot.stop_slots]
        if has_stops.any():
            nearest = np.full(len(snapshot.ids), np.inf)
            np.minimum.at(
                nearest,
                snapshot.stop_slots[has_stops],
                distances_km(
                    latitude, longitude, snapshot.stop_latitude[has_stops], snapshot.stop_longitude[has_stops]
                ),
            )
            own = np.minimum(own, nearest[slots])
        return own

    def _criteria(self, slots: np.ndarray) -> np.ndarray:
        """Which candidate slots match the search's criteria other than where and the vocabularies."""
        snapshot, search = self.snapshot, self.search
        keep = np.ones(len(slots), bool)
        if words := tuple(normalize(search.text).split()):
            keep &= snapshot.with_words(words)[slots]
        for kind in TERRITORY_KINDS:
            if code := getattr(search, kind):
                keep &= snapshot.in_territory(kind, code)[slots]
        if search.open_now is not None:
            moment = (search.moment or timezone.now()).astimezone(PARIS)
            open_now = snapshot.open_at(moment.weekday(), moment.hour * 60 + moment.minute)[slots]
            keep &= open_now if search.open_now else ~open_now
        if search.open_on is not None:
            keep &= snapshot.open_on(search.open_on)[slots]
        if search.open_within:
            within = np.zeros(len(slots), bool)
            for weekday, start, end in search.open_within:
                within |= snapshot.open_between(weekday, start, end)[slots]
            keep &= within
        if search.updated_since is not None:
            keep &= snapshot.updated[slots] >= micros(search.updated_since)
        if search.source:
            keep &= snapshot.sources[slots] == snapshot.source_numbers.number(search.source.strip().lower())
        if search.origin:
            keep &= snapshot.origins[slots] == snapshot.origin_numbers.number(search.origin)
        if search.structure is not None:
            keep &= snapshot.structures[slots] == search.structure
        if search.programme:
            keep &= snapshot.supported_by(search.programme)[slots]
        return keep

    # --- Order and pages -----------------------------------------------------------------------------------

    @cached_property
    def _ordered(self) -> tuple[np.ndarray, np.ndarray]:
        """(slots, distances) of the results in the search's order."""
        selection, snapshot = self.selection, self.snapshot
        slots = selection.base[selection.matching]
        distances = selection.distances[selection.matching]
        ids = snapshot.ids[slots]
        ordering = self.search.ordering
        if ordering == "distance" and self.search.centre is not None:
            order = np.lexsort((ids, distances))
        elif ordering == "name":
            order = np.argsort(snapshot.name_rank[slots], kind="stable")
        else:
            order = np.argsort(ids, kind="stable")
        return slots[order], distances[order]

    def __len__(self) -> int:
        return len(self.selection.matching)

    def __getitem__(self, item: slice) -> list[Place]:
        if not isinstance(item, slice):
            raise TypeError("Results are read by pages: results[start:end].")
        slots, distances = self._ordered
        return self._load(slots[item], distances[item])

    def ids(self) -> np.ndarray:
        """Every result's place id, in order."""
        return self.snapshot.ids[self._ordered[0]]

    def _load(self, slots: np.ndarray, distances: np.ndarray) -> list[Place]:
        places = load_places(self.snapshot, slots, with_commune=self.with_commune)
        if self.search.centre is not None:
            distance_of = dict(zip(self.snapshot.ids[slots].tolist(), distances.tolist(), strict=True))
            for place in places:
                distance = distance_of[place.pk]
                place.distance_km = distance if np.isfinite(distance) else None
        return places

    def chunks(self, size: int):
        """Every result in order, `size` places at a time, loaded as pages are (the downloads)."""
        slots = self._ordered[0]
        for start in range(0, len(slots), size):
            yield load_places(self.snapshot, slots[start : start + size], with_commune=self.with_commune)

    # --- Counts and points ---------------------------------------------------------------------------------

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each vocabulary, how many results each value would give: the places matching every criterion but
        this vocabulary's own choice (OR within a vocabulary, AND across) and carrying the value."""
        selection, snapshot = self.selection, self.snapshot
        totals = snapshot.tags[selection.base[selection.matching]].sum(axis=0)
        counts: dict[str, dict[str, int]] = {}
        for column, (vocabulary, value) in enumerate(COLUMNS):
            if vocabulary not in selection.by_vocabulary and totals[column]:
                counts.setdefault(vocabulary, {})[value] = int(totals[column])
        for vocabulary in selection.by_vocabulary:
            others = np.ones(len(selection.base), bool)
            for name, carries in selection.by_vocabulary.items():
                if name != vocabulary:
                    others &= carries
            columns = [column for column, (name, _) in enumerate(COLUMNS) if name == vocabulary]
            sums = snapshot.tags[np.ix_(selection.base[others], columns)].sum(axis=0)
            counts[vocabulary] = {
                COLUMNS[column][1]: int(n) for column, n in zip(columns, sums, strict=True) if n
            }
        return counts

    def points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(latitudes, longitudes, place ids) of every point of the results — a place's own point and each of
        its stops — in the search's area (its bbox when it has one): what the map draws."""
        snapshot, search = self.snapshot, self.search
        slots = self.selection.base[self.selection.matching]
        own = slots[~np.isnan(snapshot.latitude[slots])]
        stops = np.flatnonzero(snapshot.member(slots)[snapshot.stop_slots])
        latitudes = np.concatenate([snapshot.latitude[own], snapshot.stop_latitude[stops]])
        longitudes = np.concatenate([snapshot.longitude[own], snapshot.stop_longitude[stops]])
        place_ids = np.concatenate([snapshot.ids[own], snapshot.ids[snapshot.stop_slots[stops]]])
        if search.bbox is not None:
            box = search.bbox
            inside = (
                (latitudes >= box.south)
                & (latitudes <= box.north)
                & (longitudes >= box.west)
                & (longitudes <= box.east)
            )
            return latitudes[inside], longitudes[inside], place_ids[inside]
        return latitudes, longitudes, place_ids

    def count_by(self, kind: str) -> dict[str, int]:
        """Results per département, or per commune (arrondissements counted in their commune), by their own
        commune: {code: count}."""
        snapshot = self.snapshot
        territories = snapshot.territories
        communes = territories.root_of[snapshot.communes[self.selection.base[self.selection.matching]]]
        if kind == "commune":
            positions, counts = np.unique(communes[communes != territories.none], return_counts=True)
            return {
                territories.codes[p]: int(n) for p, n in zip(positions.tolist(), counts.tolist(), strict=True)
            }
        departements = territories.departement_of[communes]
        positions, counts = np.unique(departements[departements >= 0], return_counts=True)
        codes = list(territories.departements)
        return {codes[p]: int(n) for p, n in zip(positions.tolist(), counts.tolist(), strict=True)}


def load_places(snapshot: Snapshot, slots: np.ndarray, *, with_commune: bool = False) -> list[Place]:
    """The places of these slots, in this order, with `tag_values` ({vocabulary: [values]}, from the index
    that found them) and `stop_list`: one query, and one more when some of them have stops."""
    ids = snapshot.ids[slots].tolist()
    if not ids:
        return []
    found = Place.objects.published().canonical().filter(pk__in=ids)
    by_id = {place.pk: place for place in (found.select_related("commune") if with_commune else found)}
    places = []
    for pk, tag_values in zip(ids, snapshot.tag_values(slots), strict=True):
        place = by_id.get(pk)  # None: unpublished since the index read it
        if place is not None:
            place.tag_values, place.stop_list = tag_values, []
            places.append(place)
    with_stops = snapshot.ids[slots[snapshot.has_stops[slots]]].tolist()
    if with_stops:
        for stop in Stop.objects.filter(place__in=with_stops).order_by("place", "position", "pk"):
            if stop.place_id in by_id:
                by_id[stop.place_id].stop_list.append(stop)
    return places


def attach_tags_and_stops(places: list[Place]) -> None:
    """Set `tag_values` (in the standard's order) and `stop_list` on places read outside a search (one place
    of the API, a token holder's places, the national export), as load_places does."""
    by_pk = {place.pk: place for place in places}
    for place in places:
        place.tag_values, place.stop_list = {}, []
    for place_id, vocabulary, value in PlaceTag.objects.filter(place__in=by_pk).values_list(
        "place_id", "vocabulary", "value"
    ):
        by_pk[place_id].tag_values.setdefault(vocabulary, []).append(value)
    for place in places:
        place.tag_values = {name: in_order(name, values) for name, values in place.tag_values.items()}
    for stop in Stop.objects.filter(place__in=by_pk).order_by("place", "position", "pk"):
        by_pk[stop.place_id].stop_list.append(stop)
