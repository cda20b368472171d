"""Map clusters: the places of a search in the visible map area, grouped on a grid.

A France-wide map of 100,000 places comes back as a few dozen points with a count: the search's points are
grouped in memory (places.search), whatever their number. Close up (or when few places are in view) each place comes back on its
own, with its name and page.

The grid starts at (-90°, -180°), not at the map's corner: a place stays in the same cell when the map is
panned, so clusters do not jump around at each move. Cells are square in degrees (taller than wide on a
Mercator map, by 1/cos(latitude)): a grid that depended on the map's latitude would move as the map does.
Points on both sides of a cell border would make two clusters a few pixels apart: neighbouring clusters that
close are merged, the biggest first.
"""

import math
from dataclasses import dataclass

import numpy as np
from django import forms
from django.utils.translation import gettext_lazy as _

from places import geo
from places.models import Place

CELL_PIXELS = 60  # a cell is about a cluster marker and a half wide
MERGE_PIXELS = 40  # two clusters closer than this would overlap on screen: they become one
TILE_PIXELS = 256
INDIVIDUAL_ZOOM = 15  # street level: every place on its own
FEW_POINTS = 100  # this many markers stay readable at any zoom
MAX_POINTS = 1000  # ...and this many is the most a browser gets as individual markers
MAX_CELLS = 4000  # a 4K screen holds ~2,300 cells of 60 px: more means a forged or absurd request
COORDINATE_DECIMALS = 5  # about 1 m


class ViewportForm(forms.Form):
    """The visible part of the map: `bbox=south,west,north,east` and the map's `zoom`."""

    bbox = forms.CharField(
        max_length=200,
        error_messages={
            "required": _("Indiquez la zone de la carte : sud,ouest,nord,est en degrés décimaux.")
        },
    )
    zoom = forms.IntegerField(
        min_value=0,
        max_value=20,
        error_messages={"required": _("Indiquez le niveau de zoom de la carte (de 0 à 20).")},
    )

    def clean_bbox(self) -> geo.BBox:
        try:
            return geo.parse_bbox(self.cleaned_data["bbox"])
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Zone de carte illisible : attendu sud,ouest,nord,est en degrés décimaux, avec sud < nord et "
                    "ouest < est, latitudes entre -90 et 90, longitudes entre -180 et 180."
                )
            ) from None


@dataclass
class Cell:
    count: int
    latitude: float
    longitude: float
    place_id: int  # the place, when the cell holds a single point

    def add(self, other: "Cell") -> None:
        total = self.count + other.count
        self.latitude = (self.latitude * self.count + other.latitude * other.count) / total
        self.longitude = (self.longitude * self.count + other.longitude * other.count) / total
        self.count = total


def cell_degrees(bbox: geo.BBox, zoom: int) -> float:
    """The side of a cell: CELL_PIXELS at this zoom, larger if the area would hold more than MAX_CELLS."""
    size = 360 / 2**zoom / TILE_PIXELS * CELL_PIXELS
    cells = (bbox.east - bbox.west) / size * ((bbox.north - bbox.south) / size)
    if cells > MAX_CELLS:
        size *= math.sqrt(cells / MAX_CELLS)
    return size


def map_features(results, bbox: geo.BBox, zoom: int) -> dict:
    """A GeoJSON FeatureCollection of the points of `results` (places.search.engine.Results of a search whose
    area is `bbox`): each feature a point with a `count`; a single place also has its `id`, `name` and `url`.

    Counts are points: an itinerant place counts once for itself and once for each of its stops in view.
    One query at most: the names of the single points.
    """
    latitudes, longitudes, place_ids = results.points()
    cells = _merge_close(_grouped_cells(latitudes, longitudes, place_ids, cell_degrees(bbox, zoom)), zoom)
    total = len(place_ids)
    if (
        (zoom >= INDIVIDUAL_ZOOM or total <= FEW_POINTS)
        and total <= MAX_POINTS
        and any(cell.count > 1 for cell in cells)
    ):
        cells = [
            Cell(1, latitude, longitude, place_id)
            for latitude, longitude, place_id in zip(
                latitudes.tolist(), longitudes.tolist(), place_ids.tolist(), strict=True
            )
        ]
    return {"type": "FeatureCollection", "features": _features(cells)}


def _grouped_cells(latitudes, longitudes, place_ids, size: float) -> dict[tuple[int, int], Cell]:
    """The points grouped by grid cell: their number, mean position and smallest place id."""
    if not len(place_ids):
        return {}
    cell_x = np.floor((longitudes + 180) / size).astype(np.int64)
    cell_y = np.floor((latitudes + 90) / size).astype(np.int64)
    # One integer per cell (x in the high bits): a one-dimensional unique is ten times faster than rows'.
    keys, cell_of, counts = np.unique(cell_x << 32 | cell_y, return_inverse=True, return_counts=True)
    mean_latitude = np.bincount(cell_of, weights=latitudes) / counts
    mean_longitude = np.bincount(cell_of, weights=longitudes) / counts
    first_place = np.full(len(keys), np.iinfo(np.int64).max)
    np.minimum.at(first_place, cell_of, place_ids)
    return {
        (key >> 32, key & 0xFFFFFFFF): Cell(count, latitude, longitude, place_id)
        for key, count, latitude, longitude, place_id in zip(
            keys.tolist(),
            counts.tolist(),
            mean_latitude.tolist(),
            mean_longitude.tolist(),
            first_place.tolist(),
            strict=True,
        )
    }


def _merge_close(cells: dict[tuple[int, int], Cell], zoom: int) -> list[Cell]:
    pixels_per_degree = 2**zoom * TILE_PIXELS / 360
    taken: set[tuple[int, int]] = set()
    merged = []
    for key in sorted(cells, key=lambda key: (-cells[key].count, key)):
        if key in taken:
            continue
        taken.add(key)
        cell = cells[key]
        x, y = key
        for neighbour in [(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]:
            other = cells.get(neighbour)
            if other and neighbour not in taken and _pixels(cell, other, pixels_per_degree) < MERGE_PIXELS:
                cell.add(other)
                taken.add(neighbour)
        merged.append(cell)
    return merged


def _pixels(a: Cell, b: Cell, pixels_per_degree: float) -> float:
    """The distance between two points on a Web Mercator map, in pixels (close points: a flat approximation)."""
    latitude = min(abs(a.latitude + b.latitude) / 2, 85)  # Web Mercator maps stop at ±85°
    stretch = 1 / math.cos(math.radians(latitude))
    return math.hypot(
        (a.longitude - b.longitude) * pixels_per_degree,
        (a.latitude - b.latitude) * pixels_per_degree * stretch,
    )


def _features(cells: list[Cell]) -> list[dict]:
    single_ids = {cell.place_id for cell in cells if cell.count == 1}
    named = Place.objects.filter(pk__in=single_ids).order_by().only("pk", "name") if single_ids else []
    details = {place.pk: {"name": place.name, "url": place.get_absolute_url()} for place in named}
    features = []
    for cell in cells:
        properties = {"count": cell.count}
        if cell.count == 1:
            properties["id"] = cell.place_id
            properties.update(details.get(cell.place_id, {}))
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(cell.longitude, COORDINATE_DECIMALS),
                        round(cell.latitude, COORDINATE_DECIMALS),
                    ],
                },
                "properties": properties,
            }
        )
    return features
