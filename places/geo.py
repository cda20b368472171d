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
