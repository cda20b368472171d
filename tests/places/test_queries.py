"""How many times each page and endpoint reads the database, whatever the number of places: pinned, each
query named. Searches read the places from the search index (places/search/), built before counting."""

import pytest
from django.core.cache import cache

from places import exports
from places.search.criteria import Search
from places.search.engine import find
from places.vocabularies import Service, Vocabulary
from tests.places.factories import PlaceFactory, StopFactory


@pytest.fixture
def places():
    """Enough places for a full page, a bus among them (first by name); the search index built."""
    created = [PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]}) for _ in range(25)]
    StopFactory(place=created[0])
    find(Search()).ids()
    return created


def get(client, url, *, api=True):
    if api:
        cache.clear()  # answers of the API's cache cost nothing: count what a new answer costs
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def warm(client):
    # The site configuration of django-dsfr is cached for the following pages.
    client.get("/lieux/")


# Results, totals, filter counts and tags come from the search index; a page reads its places and the stops
# of the bus among them.
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The page's places with their commune, the bus's stops.
        ("/lieux/", 2),
        # + the communes named "Montluçon" and those whose name starts so (homonyms offered).
        ("/lieux/?ou=Montluçon&services=demarches-administratives&rayon=10", 4),
        # The région; places, stops; its départements (their counts from the search index); the territory's
        # figures (places/dashboards.py): populations, freshness bands, supports, coverage (one aggregate each).
        ("/territoires/region/84/", 8),
        # The département and its région; places, stops; its communes with their EPCI; the four aggregates.
        ("/territoires/departement/03/", 8),
        # The EPCI; its most populous commune's département and région; places, stops; its communes that have
        # places; populations, freshness, supports, coverage.
        ("/territoires/epci/200071082/", 9),
        # The commune, its département and région; places, stops; populations, freshness, supports.
        ("/territoires/commune/03185/", 6),
        # The number of published places comes from the search index.
        ("/", 0),
    ],
)
def test_site_pages(client, places, warm, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        get(client, url, api=False)


def test_the_place_page(client, places, warm, django_assert_num_queries):
    # The place with its commune, département, région, structure and duplicate; its tags; its stops; its
    # supports with their programmes.
    with django_assert_num_queries(4):
        get(client, places[0].get_absolute_url(), api=False)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The page's places, the bus's stops.
        ("/api/v1/places/", 2),
        # The page's places (the bus is on the first page).
        ("/api/v1/places/?page=2&page_size=10", 1),
        ("/api/v1/places/?near=46.34,2.60&radius=5&services=demarches-administratives", 2),
        # The communes of `ou`, the places, the stops.
        ("/api/v1/places/?ou=Montluçon&format=geojson", 4),
    ],
)
def test_api_lists(client, places, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        get(client, url)


def test_api_detail(client, places, django_assert_num_queries):
    # The place, its tags, its stops.
    with django_assert_num_queries(3):
        get(client, f"/api/v1/places/{places[0].pk}/")


@pytest.mark.parametrize("zoom", [5, 16])
def test_map_clusters(client, places, django_assert_num_queries, zoom):
    # The points come from the search index; those shown one by one need their names.
    with django_assert_num_queries(1):
        get(client, f"/api/v1/clusters/?bbox=45,1,47,4&zoom={zoom}&q=espace")


@pytest.mark.parametrize(
    "url", ["/exports/lieux.csv", "/api/v1/places/?format=csv", "/exports/lieux.geojson?ou=Montluçon"]
)
def test_downloads_cost_one_query_a_chunk(client, places, monkeypatch, django_assert_num_queries, url):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    # The communes of `ou` when there is one; then for each chunk of 10 of the 25 places: the places (and for
    # the chunk with the bus, its stops).
    with django_assert_num_queries((2 if "ou=" in url else 0) + 3 + 1):
        get(client, url)
