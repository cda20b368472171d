"""A département's coverage as a map drawn on the server (SVG): every commune a dot sized by its population and
shaded by its distance to help, the least-served communes numbered as in the page's ranked table, and the help
points of the kind as small squares.

No tiles and no JavaScript: the map reads on a slow phone, prints, and is part of the page's HTML. The ranked
table next to it carries the same figures for screen readers (the SVG is one image with a title and a summary).
Positions use an equirectangular projection around the département's middle latitude: at this scale the
distortion is far below what a dot shows.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from places.coverage import KINDS
from places.geo import BBox
from places.models import Commune, CommuneCoverage
from places.search.criteria import Search
from places.search.engine import find

WIDTH = 640
MARGIN = 8
MAX_HEIGHT = 720
MIN_RADIUS, MAX_RADIUS = 2.0, 14.0
BORDER = 0.1  # degrees of latitude around the communes (11 km)

# (upper bound in km or None, css class, legend): the bands the dots are shaded by.
BANDS = [
    (5, "coverage-dot--near", _("à moins de 5 km")),
    (10, "coverage-dot--mid", _("de 5 à 10 km")),
    (20, "coverage-dot--far", _("de 10 à 20 km")),
    (math.inf, "coverage-dot--farthest", _("à plus de 20 km")),
]
NO_HELP = ("coverage-dot--none", _("aucun lieu"))


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    css: str
    title: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    rank: int


@dataclass(frozen=True)
class CoverageMap:
    width: int
    height: int
    communes: list[Dot]
    ranked: list[Mark]  # the least-served communes, numbered as in the table
    help_points: list[tuple[float, float]]
    legend: list[tuple[str, str]]  # (css class, label)


def band_of(distance_km: float | None) -> str:
    if distance_km is None:
        return NO_HELP[0]
    return next(css for limit, css, _label in BANDS if distance_km <= limit)


def departement_map(kind: str, departement, least_served: list[CommuneCoverage]) -> CoverageMap | None:
    """The map of a département's communes for a coverage kind (one query, the help points from the search
    index); None before `compute_coverage` has run."""
    rows = list(
        # Through the département's communes: the (commune, kind) index, not every row of the kind.
        CommuneCoverage.objects.filter(
            kind=kind, commune__in=Commune.objects.filter(departement=departement).values("code")
        )
        .exclude(commune__latitude=None)
        .values_list(
            "commune__code",
            "commune__name",
            "commune__latitude",
            "commune__longitude",
            "commune__population",
            "distance_km",
        )
    )
    if not rows:
        return None
    # The frame: the communes, and a border where the help points just across the département's edge show.
    south, north = min(row[2] for row in rows) - BORDER, max(row[2] for row in rows) + BORDER
    # A degree of longitude is shorter than one of latitude.
    squeeze = math.cos(math.radians((south + north) / 2))
    west = min(row[3] for row in rows) - BORDER / squeeze
    east = max(row[3] for row in rows) + BORDER / squeeze
    span_x, span_y = max((east - west) * squeeze, 1e-6), max(north - south, 1e-6)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - 2 * MARGIN) / span_y)
    height = round(span_y * scale + 2 * MARGIN)

    def project(latitude: float, longitude: float) -> tuple[float, float]:
        return (
            round(MARGIN + (longitude - west) * squeeze * scale, 1),
            round(MARGIN + (north - latitude) * scale, 1),
        )

    largest = max((row[4] or 0 for row in rows), default=0) or 1
    communes, where = [], {}
    # Largest first, so that small communes stay visible on top of their neighbours.
    for code, name, latitude, longitude, population, distance in sorted(rows, key=lambda row: -(row[4] or 0)):
        x, y = project(latitude, longitude)
        where[code] = (x, y)
        radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt((population or 0) / largest)
        far = _("aucun lieu") if distance is None else _("%(km).1f km") % {"km": distance}
        communes.append(Dot(x, y, round(radius, 1), band_of(distance), f"{name} : {far}"))
    ranked = [
        Mark(*where[row.commune_id], rank)
        for rank, row in enumerate(least_served, start=1)
        if row.commune_id in where
    ]
    latitudes, longitudes, _ids = _help_points(kind, BBox(south, west, north, east))
    points = [project(lat, lon) for lat, lon in zip(latitudes.tolist(), longitudes.tolist(), strict=True)]
    legend = [(css, str(label)) for _limit, css, label in BANDS] + [(NO_HELP[0], str(NO_HELP[1]))]
    return CoverageMap(WIDTH, height, communes, ranked, points, legend)


def _help_points(kind: str, frame: BBox):
    """Places of the kind and stops of itinerant ones within the map's frame, from the search index (no SQL:
    reading them from the tags table took 300 ms at 100,000 places on SQLite)."""
    coverage_kind = KINDS[kind]
    values = {coverage_kind.vocabulary: [coverage_kind.value]} if coverage_kind.vocabulary else {}
    return find(Search(bbox=frame, values=values)).points()
