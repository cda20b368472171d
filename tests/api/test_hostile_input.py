"""Hostile input never makes a 500: NUL bytes (PostgreSQL refuses them in text), huge numbers, odd text."""

import pytest

from places.api.filters import PlaceFilter
from tests.places.factories import PlaceFactory

ODD_VALUES = ["\x00", "a\x00b", "9" * 40, "-1e309", "nan", "%", "' OR 1=1 --", "é" * 300]
PATHS = [
    "/api/v1/places/{}/",
    "/api/v1/places/hub--{}/",
    "/api/v1/communes/{}/",
    "/api/v1/departements/{}/",
    "/api/v1/regions/{}/",
    "/api/v1/structures/{}/",
    "/api/v1/programmes/{}/",
    "/api/v1/supports/{}/",
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_THROTTLE_ANON = "100000/minute"


@pytest.mark.parametrize("value", ODD_VALUES)
def test_no_place_filter_fails_on_odd_values(api, value):
    PlaceFactory()
    for name in PlaceFilter.base_filters:
        response = api.get("/api/v1/places/", {name: value})
        assert response.status_code in (200, 400), (name, value, response.status_code)


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("path", PATHS)
def test_no_lookup_fails_on_odd_ids(api, path, value):
    assert api.get(path.format(value)).status_code in (400, 404)


@pytest.mark.parametrize("value", ODD_VALUES)
def test_other_lists_refuse_odd_values_cleanly(api, value):
    for url, names in {
        "/api/v1/communes/": ["q", "departement", "region", "code_postal"],
        "/api/v1/structures/": ["q", "nature", "siret", "hub", "commune", "departement"],
        "/api/v1/supports/": ["programme", "structure", "lieu", "statut"],
        "/api/v1/programmes/": ["q", "nature"],
        "/api/v1/places/removed/": ["since"],
        "/api/v1/clusters/": ["bbox", "zoom", "q", "ou", "commune"],
    }.items():
        for name in names:
            response = api.get(
                url,
                {
                    name: value,
                    **(
                        {"bbox": "45,4,46,5", "zoom": "8"}
                        if "clusters" in url and name not in ("bbox", "zoom")
                        else {}
                    ),
                },
            )
            assert response.status_code in (200, 400), (url, name, value, response.status_code)


def test_a_body_with_nul_bytes_is_refused(client_a):
    response = client_a.post(
        "/api/v1/places/",
        {"nom": "a\x00b", "adresse": "x", "code_postal": "03100", "commune": "Montluçon\x00"},
        format="json",
    )
    assert response.status_code == 400


def test_a_territory_page_with_a_nul_byte_is_not_found(client):
    assert client.get("/territoires/commune/%00/").status_code == 404
