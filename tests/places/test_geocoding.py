"""Placing a search: communes and postcodes offline through the gazetteer, street addresses through the national
address API (BAN) when it is enabled, and the gazetteer again whenever the API fails or is unsure.

No test touches the network: the API is faked at its one module (places/providers/ban.py, `_http_get`) with
answers written by hand in the shape of the real ones, and any real urlopen fails the test.
"""

import json
import urllib.error
import urllib.request

import pytest
from django.core.cache import cache

from places.geocoding import locate
from places.providers import ban

REAL_HTTP_GET = ban._http_get
MONTLUCON = "03185"


def feature(label, longitude, latitude, *, score, kind, name=None, citycode="", postcode="", city=""):
    """One feature as api-adresse.data.gouv.fr/search/ returns it (fewer properties than the real thing)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {
            "label": label,
            "score": score,
            "type": kind,
            "name": name or label,
            "citycode": citycode,
            "postcode": postcode,
            "city": city,
            "context": "03, Allier, Auvergne-Rhône-Alpes",
        },
    }


def collection(*features):
    body = {"type": "FeatureCollection", "version": "draft", "features": list(features), "attribution": "BAN"}
    return json.dumps(body).encode()


HOUSE_IN_MONTLUCON = feature(
    "12 Rue de la République 03100 Montluçon",
    2.6031,
    46.3417,
    score=0.93,
    kind="housenumber",
    name="12 Rue de la République",
    citycode=MONTLUCON,
    postcode="03100",
    city="Montluçon",
)


class FakeAddressApi:
    """Stands for the API: answers `answer` (a (status, body) pair, or an exception to raise) and counts calls."""

    def __init__(self):
        self.answer = (200, collection())
        self.urls = []

    def __call__(self, url, *, timeout):
        self.urls.append(url)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer

    def answers(self, *features):
        self.answer = (200, collection(*features))


def _no_network(*args, **kwargs):
    pytest.fail("a test tried to reach the network")


@pytest.fixture(autouse=True)
def address_api(monkeypatch, settings):
    monkeypatch.setattr(urllib.request, "urlopen", _no_network)
    fake = FakeAddressApi()
    monkeypatch.setattr(ban, "_http_get", fake)
    settings.GEOCODER_BAN_ENABLED = False
    # Every LocMemCache with the same location shares its data: without this, answers leak between tests.
    cache.clear()
    return fake


@pytest.fixture
def ban_enabled(settings):
    settings.GEOCODER_BAN_ENABLED = True


# --- The gazetteer, offline --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Montluçon", "montlucon", "03100", MONTLUCON])
def test_a_commune_name_postcode_or_insee_code_is_placed_offline(query, address_api):
    location = locate(query)

    assert location.commune.code == MONTLUCON
    assert (location.latitude, location.longitude) == (location.commune.latitude, location.commune.longitude)
    assert location.label == "Montluçon (03)"
    assert (location.precision, location.source) == ("commune", "gazetteer")
    assert address_api.urls == []


@pytest.mark.parametrize("query", ["Montluçon", "03100", "Le Mont-Dore 98809"])
def test_communes_and_postcodes_stay_offline_even_with_the_address_api_on(query, address_api, ban_enabled):
    assert locate(query).source == "gazetteer"
    assert address_api.urls == []


def test_the_commune_named_rue_is_not_mistaken_for_a_street(address_api, ban_enabled):
    # Rue, in the Somme: about sixty communes have a street word in their name.
    assert locate("Rue").commune.code == "80688"
    assert address_api.urls == []


def test_an_address_is_placed_at_its_commune_when_the_address_api_is_off(address_api):
    location = locate("12 rue de la République, Montluçon")

    assert location.commune.code == MONTLUCON
    assert (location.precision, location.source) == ("commune", "gazetteer")
    assert address_api.urls == []


@pytest.mark.parametrize("query", ["12 rue de Paris", "Les Grands Bois"])
def test_a_street_or_lieu_dit_named_after_a_commune_is_not_placed_in_it(query):
    # Paris, and Bois in Charente-Maritime: without the commune it is in, the query cannot be placed offline.
    assert locate(query) is None


def test_a_query_nobody_knows_finds_nothing(address_api, ban_enabled):
    assert locate("zzxq wqk") is None
    assert len(address_api.urls) == 1  # the gazetteer knew nothing, so the API was asked, and neither did it


@pytest.mark.parametrize("query", ["", "   ", "!!"])
def test_an_empty_query_finds_nothing_without_asking_anyone(query, address_api, ban_enabled):
    assert locate(query) is None
    assert address_api.urls == []


# --- The address API, when enabled ---------------------------------------------------------------------------


def test_a_street_address_is_placed_by_the_address_api_with_its_commune(address_api, ban_enabled):
    address_api.answers(HOUSE_IN_MONTLUCON)

    location = locate("12 rue de la République Montluçon")

    assert (location.latitude, location.longitude) == (46.3417, 2.6031)
    assert location.label == "12 Rue de la République, Montluçon"
    assert (location.precision, location.source) == ("address", "ban")
    assert location.commune.code == MONTLUCON
    assert "q=12+rue+de+la+R%C3%A9publique+Montlu%C3%A7on" in address_api.urls[0]
    assert "limit=5" in address_api.urls[0]


def test_a_query_the_gazetteer_does_not_know_is_asked_to_the_address_api(address_api, ban_enabled):
    address_api.answers(
        feature(
            "Les Grands Bois 03100 Montluçon", 2.58, 46.35, score=0.71, kind="locality", citycode=MONTLUCON
        )
    )

    location = locate("Les Grands Bois")

    assert (location.precision, location.source) == ("address", "ban")
    assert location.commune.code == MONTLUCON


def test_a_commune_found_by_the_address_api_has_commune_precision(address_api, ban_enabled):
    address_api.answers(
        feature(
            "Montluçon",
            2.6039,
            46.3406,
            score=0.62,
            kind="municipality",
            citycode=MONTLUCON,
            city="Montluçon",
        )
    )

    location = locate("place inconnue Montluçon")

    assert (location.precision, location.source, location.label) == ("commune", "ban", "Montluçon (03)")


def test_unsure_answers_of_the_address_api_are_ignored(address_api, ban_enabled):
    address_api.answers(
        feature("Rue de la Paix 75002 Paris", 2.331, 48.869, score=0.39, kind="street", citycode="75102")
    )

    location = locate("12 rue de la Pie 03100 Montluçon")

    assert (location.commune.code, location.source) == (MONTLUCON, "gazetteer")


def test_the_best_scored_answer_is_kept_whatever_its_rank(address_api, ban_enabled):
    elsewhere = feature("12 Rue de la République 69002 Lyon", 4.835, 45.76, score=0.55, kind="housenumber")
    address_api.answers(elsewhere, HOUSE_IN_MONTLUCON)

    assert locate("12 rue de la République Montluçon").commune.code == MONTLUCON


def test_the_same_query_asks_the_address_api_once(address_api, ban_enabled):
    address_api.answers(HOUSE_IN_MONTLUCON)

    first = locate("12 rue de la République Montluçon")
    second = locate("12 Rue de la Republique  MONTLUCON")  # the same once normalised

    assert first == second
    assert len(address_api.urls) == 1


def test_an_empty_answer_is_cached_too(address_api, ban_enabled):
    locate("12 rue Inconnue")
    locate("12 rue Inconnue")

    assert len(address_api.urls) == 1


def test_a_failure_is_not_cached(address_api, ban_enabled):
    address_api.answer = (500, b"")
    locate("12 rue de la République Montluçon")
    address_api.answers(HOUSE_IN_MONTLUCON)

    assert locate("12 rue de la République Montluçon").source == "ban"
    assert len(address_api.urls) == 2


FAILURES = {
    "timeout": TimeoutError("timed out"),
    "no connection": urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
    "server error": (500, b"<html>Internal Server Error</html>"),
    "rate limited": (429, b""),
    "invalid JSON": (200, b"<html>maintenance</html>"),
    "not GeoJSON": (200, b'{"features": "none"}'),
    "no coordinates": (200, collection({"type": "Feature", "geometry": None, "properties": {}})),
}


@pytest.mark.parametrize("answer", FAILURES.values(), ids=FAILURES.keys())
@pytest.mark.parametrize(
    "query", ["12 rue de la République 03100 Montluçon", "12 rue de la République, Montluçon"]
)
def test_when_the_address_api_fails_the_gazetteer_places_the_commune(query, answer, address_api, ban_enabled):
    address_api.answer = answer

    location = locate(query)

    assert (location.commune.code, location.precision, location.source) == (MONTLUCON, "commune", "gazetteer")
    assert len(address_api.urls) == 1


@pytest.mark.parametrize("answer", FAILURES.values(), ids=FAILURES.keys())
def test_the_provider_raises_only_its_own_error(answer, address_api):
    address_api.answer = answer

    with pytest.raises(ban.GeocoderUnavailable):
        ban.search("12 rue de la République Montluçon")


# --- The HTTP request itself -------------------------------------------------------------------------------


class FakeResponse:
    status = 200

    def __init__(self, body):
        self.body = body

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_request_names_the_project_and_uses_the_configured_timeout(monkeypatch, settings):
    settings.GEOCODER_TIMEOUT_SECONDS = 3
    monkeypatch.setattr(ban, "_http_get", REAL_HTTP_GET)
    sent = []

    def fake_urlopen(request, timeout):
        sent.append((request, timeout))
        return FakeResponse(collection(HOUSE_IN_MONTLUCON))

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    [address] = ban.search("12 rue de la République Montluçon", kind="housenumber")

    request, timeout = sent[0]
    assert request.full_url.startswith(settings.GEOCODER_BAN_URL + "?q=12+rue")
    assert "&type=housenumber" in request.full_url
    assert "inclusion" in request.get_header("User-agent")
    assert timeout == 3
    assert (address.citycode, address.postcode, address.kind) == (MONTLUCON, "03100", "housenumber")


def test_an_http_error_status_becomes_the_providers_error(monkeypatch):
    monkeypatch.setattr(ban, "_http_get", REAL_HTTP_GET)

    def fake_urlopen(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 503, "Service Unavailable", {}, None)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)

    with pytest.raises(ban.GeocoderUnavailable, match="HTTP 503"):
        ban.search("12 rue de la République Montluçon")
