"""Coverage: how far people live from the nearest help point, commune by commune (issue 13, docs/data.md).

For each coverage kind, every commune's centre gets the great-circle distance to the nearest published place
of that kind, the stops of itinerant places (a bus France Services) counting as help points of their own.
`compute` does it in NumPy by tiles of communes against a latitude band of help points, widened until the
nearest point is surely inside; `manage.py compute_coverage` stores the result (CommuneCoverage). The
figures below read the stored rows with a few SQL aggregates.

Distance as the crow flies approximates, but is not, travel time: pages say so.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from places.geo import EARTH_RADIUS_KM, KM_PER_DEGREE_LATITUDE
from places.models import Commune, CommuneCoverage, Place, Stop, TerritoryCoverage
from places.vocabularies import Dispositif, Service, Vocabulary, shown_label

THRESHOLDS_KM = (5, 10, 20)
LEAST_SERVED_COUNT = 20
TILE_DEGREES = 0.5
FIRST_RADIUS_KM = 15.0
BRUTE_FORCE_POINTS = 500


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    vocabulary: str | None = None  # None: any published place
    value: str = ""


# The standard's label, translated beside it in another language when shown (vocabularies.shown_label).
_shown = lazy(shown_label, str)

KINDS = {
    kind.slug: kind
    for kind in (
        Kind("tous", _("Tout lieu d'inclusion numérique")),
        Kind(Service.DEMARCHES, _shown(Service.DEMARCHES.label), Vocabulary.SERVICES, Service.DEMARCHES),
        Kind(
            Dispositif.FRANCE_SERVICES,
            _shown(Dispositif.FRANCE_SERVICES.label),
            Vocabulary.DISPOSITIFS,
            Dispositif.FRANCE_SERVICES,
        ),
        Kind(
            Dispositif.CONSEILLERS_NUMERIQUES,
            _shown(Dispositif.CONSEILLERS_NUMERIQUES.label),
            Vocabulary.DISPOSITIFS,
            Dispositif.CONSEILLERS_NUMERIQUES,
        ),
    )
}
DEFAULT_KIND = Dispositif.FRANCE_SERVICES.value


# ---- computing -------------------------------------------------------------------------------------------


def communes_with_centre():
    """Communes proper (not arrondissements nor communes déléguées, whose people their commune already
    counts) that have a centre."""
    return Commune.objects.filter(kind=Commune.Kind.COMMUNE, latitude__isnull=False, longitude__isnull=False)


def help_points(kind: Kind) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(place ids, latitudes, longitudes) of every help point of `kind`: published places with coordinates,
    and the stops of published places of that kind (a stop stands for its place)."""
    places = Place.objects.published()
    if kind.vocabulary:
        places = places.tagged(kind.vocabulary, [kind.value])
    rows = list(places.filter(latitude__isnull=False).values_list("pk", "latitude", "longitude"))
    rows += Stop.objects.filter(place__in=places.values("pk")).values_list(
        "place_id", "latitude", "longitude"
    )
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0), np.empty(0)
    array = np.array(rows, dtype=np.float64)
    return array[:, 0].astype(np.int64), array[:, 1], array[:, 2]


def _haversine(lat1, lon1, lat2, lon2):
    """Great-circle km between each row point (column vectors) and each column point (row vectors)."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))


def nearest(
    lats: np.ndarray, lons: np.ndarray, point_lats: np.ndarray, point_lons: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each (lat, lon): the distance in km to the nearest point and that point's index (-1, NaN: none).

    Centres are grouped in tiles of TILE_DEGREES; a tile is compared with the points of its box widened by
    a radius, found by binary search in the points sorted by latitude. A nearest point within that radius
    is the true nearest (every point that close is in the widened box); the centres whose nearest point is
    farther start again with twice the radius, until the whole set is searched.
    """
    distance = np.full(len(lats), np.nan)
    index = np.full(len(lats), -1, dtype=np.int64)
    if not len(point_lats) or not len(lats):
        return distance, index
    if len(point_lats) <= BRUTE_FORCE_POINTS:
        # Few points (a rare kind, a test): comparing every centre with every point is simplest and fast.
        for start in range(0, len(lats), 1000):
            part = slice(start, start + 1000)
            matrix = _haversine(lats[part, None], lons[part, None], point_lats[None, :], point_lons[None, :])
            index[part] = matrix.argmin(axis=1)
            distance[part] = matrix[np.arange(len(matrix)), index[part]]
        return distance, index
    order = np.argsort(point_lats, kind="stable")
    sorted_lats, sorted_lons = point_lats[order], point_lons[order]
    tiles = np.floor(lats / TILE_DEGREES) * 100_000 + np.floor(lons / TILE_DEGREES)
    tile_order = np.argsort(tiles, kind="stable")
    bounds = np.flatnonzero(np.diff(tiles[tile_order])) + 1
    for members in np.split(tile_order, bounds):
        radius = FIRST_RADIUS_KM
        while len(members):
            found, where = _nearest_within(lats[members], lons[members], sorted_lats, sorted_lons, radius)
            sure = found <= radius
            distance[members[sure]] = found[sure]
            index[members[sure]] = order[where[sure]]
            members = members[~sure]
            radius *= 2
    return distance, index


def _nearest_within(lats, lons, sorted_lats, sorted_lons, radius_km):
    """Nearest point of the box around these centres widened by `radius_km` (inf when the box is empty);
    the whole set when the radius spans the globe, so that the caller's loop ends."""
    if radius_km > math.pi * EARTH_RADIUS_KM:
        start, stop, keep = 0, len(sorted_lats), slice(None)
    else:
        dlat = radius_km / KM_PER_DEGREE_LATITUDE
        start = np.searchsorted(sorted_lats, lats.min() - dlat, side="left")
        stop = np.searchsorted(sorted_lats, lats.max() + dlat, side="right")
        cos_lat = math.cos(math.radians(min(89.9, max(abs(lats.min() - dlat), abs(lats.max() + dlat)))))
        dlon = radius_km / (KM_PER_DEGREE_LATITUDE * cos_lat)
        band_lons = sorted_lons[start:stop]
        keep = np.flatnonzero((band_lons >= lons.min() - dlon) & (band_lons <= lons.max() + dlon))
    candidates = np.arange(start, stop)[keep]
    if not len(candidates):
        return np.full(len(lats), np.inf), np.zeros(len(lats), dtype=np.int64)
    matrix = _haversine(
        lats[:, None], lons[:, None], sorted_lats[candidates][None, :], sorted_lons[candidates][None, :]
    )
    best = matrix.argmin(axis=1)
    return matrix[np.arange(len(lats)), best], candidates[best]


def compute(kind: Kind) -> list[tuple[str, float | None, int | None]]:
    """(commune code, distance in km or None, nearest place id or None) for every commune with a centre."""
    communes = list(communes_with_centre().values_list("code", "latitude", "longitude"))
    codes = [code for code, _lat, _lon in communes]
    lats = np.array([row[1] for row in communes], dtype=np.float64)
    lons = np.array([row[2] for row in communes], dtype=np.float64)
    place_ids, point_lats, point_lons = help_points(kind)
    distance, index = nearest(lats, lons, point_lats, point_lons)
    return [
        (code, None if i < 0 else float(d), None if i < 0 else int(place_ids[i]))
        for code, d, i in zip(codes, distance.tolist(), index.tolist(), strict=True)
    ]


def store(kind: Kind, rows: list[tuple[str, float | None, int | None]]) -> int:
    """Replace the stored figures of `kind` by `rows` and their sums per territory (readers see the old or the
    new set, never a mix)."""
    now = timezone.now()
    totals = territory_totals(rows)
    with transaction.atomic():
        CommuneCoverage.objects.filter(kind=kind.slug).delete()
        CommuneCoverage.objects.bulk_create(
            [
                CommuneCoverage(
                    commune_id=code,
                    kind=kind.slug,
                    distance_km=distance,
                    nearest_place_id=place,
                    computed_at=now,
                )
                for code, distance, place in rows
            ],
            batch_size=2000,
        )
        TerritoryCoverage.objects.filter(kind=kind.slug).delete()
        TerritoryCoverage.objects.bulk_create(
            [
                TerritoryCoverage(
                    kind=kind.slug,
                    territory=territory,
                    code=code,
                    population=shares.population,
                    computed_at=now,
                    **{f"within_{km}_km": shares.within[km] for km in THRESHOLDS_KM},
                )
                for (territory, code), shares in totals.items()
            ],
            batch_size=2000,
        )
    return len(rows)


def territory_totals(rows: list[tuple[str, float | None, int | None]]) -> dict[tuple[str, str], "Shares"]:
    """{(territory, code): Shares} for France ("france", "") and every région, département and EPCI, summed
    from the communes' distances (a commune with no known population counts for none)."""
    where = {
        code: (population or 0, region, departement, epci)
        for code, population, region, departement, epci in communes_with_centre().values_list(
            "code", "population", "region_id", "departement_id", "epci_id"
        )
    }
    totals: dict[tuple[str, str], Shares] = {}
    for code, distance, _place in rows:
        population, region, departement, epci = where.get(code, (0, None, None, None))
        keys = [("france", ""), ("region", region), ("departement", departement), ("epci", epci)]
        for key in keys:
            if key[1] is None:
                continue
            shares = totals.setdefault(key, Shares(0, dict.fromkeys(THRESHOLDS_KM, 0)))
            shares.population += population
            for km in THRESHOLDS_KM:
                if distance is not None and distance <= km:
                    shares.within[km] += population
    return totals


# ---- figures ---------------------------------------------------------------------------------------------


@dataclass
class Shares:
    """People of a territory (communes with a centre) and how many live within each threshold."""

    population: int = 0
    within: dict[int, int] = field(default_factory=dict)
    computed_at: datetime | None = None  # None: not computed yet

    def share(self, km: int) -> float | None:
        return self.within.get(km, 0) / self.population if self.population else None

    @property
    def rows(self) -> list[tuple[int, int, float | None]]:
        """(km, people within, percentage or None) for each threshold: what a table shows."""
        return [
            (km, self.within.get(km, 0), None if self.share(km) is None else 100 * self.share(km))
            for km in THRESHOLDS_KM
        ]


def shares(
    kind: str, *, departement: str | None = None, region: str | None = None, epci: str | None = None
) -> Shares:
    """Population within 5, 10 and 20 km of a help point of `kind`: France, or one région, département or
    EPCI. One row read (stored by `store`); empty Shares before `compute_coverage` has run."""
    territory, code = next(
        (
            (name, code)
            for name, code in (("region", region), ("departement", departement), ("epci", epci))
            if code
        ),
        ("france", ""),
    )
    row = TerritoryCoverage.objects.filter(kind=kind, territory=territory, code=code).first()
    return Shares() if row is None else shares_of(row)


def compared(kind: str, departement) -> dict[str, Shares]:
    """A département's shares with its région's and France's, in one query: {"departement", "region",
    "france"} (the région left out when the département has none, empty Shares before a computation)."""
    wanted = [("departement", departement.code), ("france", "")]
    if departement.region_id:
        wanted.insert(1, ("region", departement.region_id))
    rows = {
        (row.territory, row.code): row
        for row in TerritoryCoverage.objects.filter(
            kind=kind, territory__in=[name for name, _code in wanted]
        ).filter(code__in=[code for _name, code in wanted])
    }
    return {name: shares_of(rows[name, code]) if (name, code) in rows else Shares() for name, code in wanted}


def shares_of(row: TerritoryCoverage) -> Shares:
    return Shares(
        row.population, {km: getattr(row, f"within_{km}_km") for km in THRESHOLDS_KM}, row.computed_at
    )


def least_served(kind: str, departement: str, count: int = LEAST_SERVED_COUNT):
    """The département's communes where most people live farthest from help: those beyond the first threshold
    (5 km: a town 2 km from help is not under-served, however many people live there), ranked by population ×
    distance (person-kilometres to cover), so that a town 12 km away comes before a hamlet 25 km away.
    Communes with no help point anywhere (distance None) come first."""
    beyond = Q(distance_km__gt=THRESHOLDS_KM[0]) | Q(distance_km=None)
    return (
        # Through the département's communes: the (commune, kind) index, not every row of the kind.
        CommuneCoverage.objects.filter(beyond, kind=kind, commune__in=_communes_of(departement))
        .select_related("commune", "nearest_place")
        .alias(weight=Coalesce("commune__population", 0) * F("distance_km"))
        .order_by(F("weight").desc(nulls_first=True), "commune__code")[:count]
    )


def _communes_of(departement: str):
    return Commune.objects.filter(departement_id=departement).values("code")


def computed_at(kind: str):
    return CommuneCoverage.objects.filter(kind=kind).aggregate(at=Max("computed_at"))["at"]
