"""Hostile input never makes a 500: NUL bytes (PostgreSQL refuses them in text), huge numbers, odd text."""

import base64
import json

import pytest

from places.api.filters import PlaceFilter
from places.models import Place
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


def cursor(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


FORGED_CURSORS = [
    cursor("p=99999999999999999999999"),
    cursor("p=-99999999999999999999999"),
    cursor("p=-5&r=1"),
    cursor("p=١٢"),
    cursor("p=1&p=2"),
    "////",
    "cD0x" * 2000,
]


@pytest.mark.parametrize("value", FORGED_CURSORS)
def test_a_forged_cursor_is_a_400_or_a_page(api, value):
    PlaceFactory.create_batch(3)

    response = api.get("/api/v1/places/", {"cursor": value})

    assert response.status_code in (200, 400), response.status_code
    assert response["Content-Type"] == "application/json"


EXTREME_DATES = ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31", "9999-12-31T23:59:59-14:00"]


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_extreme_dates_read_as_the_beginning_or_the_end_of_time(api, client, value):
    PlaceFactory()
    everything = value.startswith("0001")

    listed = api.get("/api/v1/places/", {"updated_since": value})
    removed = api.get("/api/v1/places/removed/", {"since": value})
    page = client.get("/lieux/", {"depuis": value})

    assert listed.status_code == 200 and len(listed.json()["results"]) == (1 if everything else 0)
    assert removed.status_code == 200
    assert page.status_code in (200, 400)


def test_a_body_of_deeply_nested_arrays_is_a_400_in_json(client_a):
    before = Place.objects.count()

    response = client_a.post("/api/v1/places/", "[" * 100_000, content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert Place.objects.count() == before


def test_an_oversized_body_is_a_413_in_json(client_a, settings):
    body = json.dumps({"nom": "x", "presentation_detail": "é" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    response = client_a.post("/api/v1/places/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "octets" in response.json()["detail"]


HOSTILE_VALUES = [
    "\x00",
    "x" * 200_000,
    "[" * 5_000,
    '=HYPERLINK("http://evil.example","x")',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Ã©tÃ©",
    "😀" * 300,
    10**40,
    -1e308,
    True,
    None,
    [],
    {"a": {"b": {"c": []}}},
    ["\x00"] * 3,
]
WRITABLE = [
    "id", "nom", "adresse", "complement_adresse", "code_postal", "commune", "code_insee", "latitude", "longitude",
    "pivot", "telephone", "courriels", "site_web", "horaires", "presentation_resume", "presentation_detail",
    "structure_parente", "autres_formations_labels", "fiche_acces_libre", "prise_rdv", "services", "publics",
    "frais_a_charge", "itinerance", "dispositif_programmes_nationaux",
]  # fmt: skip
VALID_PLACE = {
    "nom": "Médiathèque",
    "adresse": "2 place de la Mairie",
    "code_postal": "03100",
    "commune": "Montluçon",
}


@pytest.mark.parametrize("field", WRITABLE)
def test_every_writable_field_refuses_hostile_values_or_stores_them_as_text(client_a, structure_a, field):
    draft = PlaceFactory(structure=structure_a, status=Place.Status.SUBMITTED)  # PATCHes apply at once
    before = Place.objects.count()
    created = 0
    for value in HOSTILE_VALUES:
        response = client_a.post("/api/v1/places/", {**VALID_PLACE, field: value}, format="json")
        assert response.status_code in (201, 400), (field, repr(value)[:40], response.status_code)
        assert response["Content-Type"] == "application/json"
        created += response.status_code == 201
        patched = client_a.patch(f"/api/v1/places/{draft.pk}/", {field: value}, format="json")
        assert patched.status_code in (200, 400), (field, repr(value)[:40], patched.status_code)

    assert Place.objects.count() == before + created
    for stored in Place.objects.values():
        assert not any("\x00" in str(value) for value in stored.values())
