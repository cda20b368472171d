"""Plain latitude/longitude geometry (WGS84), the same on SQLite and PostgreSQL (no GeoDjango).

Radius search is a bounding-box prefilter on the indexed latitude/longitude columns, then the exact
great-circle (haversine) distance.
"""

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Func, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def parse_bbox(text: str) -> BBox:
    """ "south,west,north,east" in decimal degrees; ValueError when unreadable or impossible (NaN included)."""
    south, west, north, east = (float(part) for part in text.split(","))
    # Written so that NaN fails too (every comparison with NaN is false).
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ValueError(f"impossible area: {text}")
    return BBox(south, west, north, east)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(latitude: float, longitude: float, km: float) -> BBox:
    """The smallest latitude/longitude box that holds every point within `km` of the centre.

    Near the poles (or for huge radii) the longitude span covers the whole circle.
    """
    dlat = km / KM_PER_DEGREE_LATITUDE
    cos_lat = math.cos(math.radians(latitude))
    if cos_lat < 1e-6 or km / (KM_PER_DEGREE_LATITUDE * cos_lat) >= 180:
        west, east = -180.0, 180.0
    else:
        dlon = km / (KM_PER_DEGREE_LATITUDE * cos_lat)
        west, east = longitude - dlon, longitude + dlon
    return BBox(max(-90.0, latitude - dlat), max(-180.0, west), min(90.0, latitude + dlat), min(180.0, east))


class DistanceKm(Func):
    """The haversine distance in km from a point to each row's coordinates.

    PostgreSQL computes it with its own math functions. On SQLite, Django's math functions are Python
    callbacks, one per operation: a dozen calls a row made a 20 km search around Paris (20,000 rows in the
    bounding box) take 200 ms. There it is one call a row to `haversine_km`, registered on each connection.
    """

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float, lat_field="latitude", lon_field="longitude"):
        self.point = (latitude, longitude)
        super().__init__(F(lat_field), F(lon_field))

    def as_sql(self, compiler, connection, **extra):
        latitude, longitude = self.point
        lat0 = Value(math.radians(latitude), output_field=FloatField())
        lon0 = Value(math.radians(longitude), output_field=FloatField())
        lat, lon = Radians(self.source_expressions[0]), Radians(self.source_expressions[1])
        a = Power(Sin((lat - lat0) / 2), 2) + Cos(lat0) * Cos(lat) * Power(Sin((lon - lon0) / 2), 2)
        expression = Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(a))
        return compiler.compile(expression.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra):
        lat_sql, lat_params = compiler.compile(self.source_expressions[0])
        lon_sql, lon_params = compiler.compile(self.source_expressions[1])
        return (
            f"haversine_km(%s, %s, {lat_sql}, {lon_sql})",
            [*self.point, *lat_params, *lon_params],
        )


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver (places/apps.py): SQLite's haversine_km for DistanceKm."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("haversine_km", 4, _haversine_or_none, deterministic=True)


def _haversine_or_none(lat1, lon1, lat2, lon2):
    if lat2 is None or lon2 is None:
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


def distance_km_expression(latitude: float, longitude: float, lat_field="latitude", lon_field="longitude"):
    """A database expression for the great-circle distance in km from a point (see DistanceKm)."""
    return DistanceKm(latitude, longitude, lat_field, lon_field)
