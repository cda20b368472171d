"""Plain latitude/longitude geometry (WGS84), the same on SQLite and PostgreSQL (no GeoDjango).

Radius search (places.search) is a bounding-box prefilter on latitude and longitude, then the exact
great-circle (haversine) distance.
"""

import math
from dataclasses import dataclass

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


# Lambert-93 (EPSG:2154), the official projection of metropolitan France: a conformal conic projection of the
# GRS80 ellipsoid (RGF93 ≈ WGS84 to a metre), standard parallels 44° and 49° N, origin 46.5° N 3° E, false
# easting 700 km, false northing 6,600 km. Constants from IGN's definition; the inverse below is the usual
# iteration on the isometric latitude (IGN note NTG 71, algorithm ALG0004).
_GRS80_E = 0.0818191910428158
_L93_N = 0.7256077650532670
_L93_C = 11754255.426096
_L93_XS, _L93_YS = 700000.0, 12655612.049876
_L93_LAMBDA0 = math.radians(3)


def is_lambert93(x: float, y: float) -> bool:
    """Could (x, y) be Lambert-93 metres in metropolitan France (Corsica included)?"""
    return 50_000 <= x <= 1_300_000 and 6_000_000 <= y <= 7_200_000


def from_lambert93(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in degrees of a Lambert-93 point."""
    dx, dy = x - _L93_XS, y - _L93_YS
    radius = math.hypot(dx, dy)
    gamma = math.atan2(dx, -dy)
    longitude = _L93_LAMBDA0 + gamma / _L93_N
    isometric = -math.log(abs(radius / _L93_C)) / _L93_N
    latitude = 2 * math.atan(math.exp(isometric)) - math.pi / 2
    for _ in range(10):
        esin = _GRS80_E * math.sin(latitude)
        latitude = (
            2 * math.atan(((1 + esin) / (1 - esin)) ** (_GRS80_E / 2) * math.exp(isometric)) - math.pi / 2
        )
    return math.degrees(latitude), math.degrees(longitude)
