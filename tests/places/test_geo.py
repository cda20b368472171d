import math

from places import geo


def test_haversine_matches_a_known_distance():
    # Paris (Notre-Dame) to Lyon (Bellecour): about 392 km as the crow flies.
    assert math.isclose(geo.haversine_km(48.853, 2.3499, 45.7578, 4.832), 391.6, abs_tol=2)


def test_bbox_holds_every_point_of_the_radius():
    box = geo.bbox_around(46.0, 3.0, 20)
    for bearing in range(0, 360, 15):
        # A point 19.9 km away in each direction must be inside the box.
        lat = 46.0 + 19.9 / geo.KM_PER_DEGREE_LATITUDE * math.cos(math.radians(bearing))
        lon = 3.0 + 19.9 / (geo.KM_PER_DEGREE_LATITUDE * math.cos(math.radians(46))) * math.sin(
            math.radians(bearing)
        )
        assert box.contains(lat, lon), bearing


def test_bbox_near_the_pole_spans_every_longitude():
    box = geo.bbox_around(89.99, 10, 50)
    assert (box.west, box.east) == (-180.0, 180.0)
