"""The results page, the API, the map and the downloads give the same places for the same search: one search
engine, whichever door a search comes in by, in either grammar (the site's short names or the API's)."""

import csv
import io
import re

import pytest
from django.core.management import call_command

from places.models import Place

SEARCHES = [
    "",
    "ou=Lyon",
    "ou=Lyon&rayon=50&services=demarches-administratives",
    "ou=Marseille&frais=gratuit&acces=se-presenter",
    "ou=Paris&rayon=10&samedi=on",
    "ou=Paris&rayon=50&services=Aide aux démarches administratives&publics=seniors",
    "q=numerique&frais=gratuit",
    "departement=69",
    "region=84&itinerance=itinerant",
    "commune=75056",
    "autour=69123&ou=Lyon&rayon=20&accompagnement=individuel",
    "ou=Lyon&commune=69123",  # an old link to a commune chosen among homonyms
    "near=45.76,4.83&radius=30&typologie=MUNI,ASSO",
    "lat=43.30&lon=5.37&rayon=50&dispositifs=france-services",
    "ou=Montluçon&rayon=100&modalites_acces=telephoner&frais_a_charge=gratuit",
    "ou=Lyon&bbox=45.6,4.7,45.9,5.0&services=acces-internet-materiel",
    "bbox=43.1,5.1,43.5,5.6",
    "ou=Bordeaux&rayon=50&open_on=mardi",
]


@pytest.fixture
def directory(settings):
    settings.API_THROTTLE_ANON = "100000/minute"
    call_command("load_programmes", verbosity=0)
    call_command("generate_places", count=500, seed=11, verbosity=0)
    return {(place.origin, place.origin_id): place.pk for place in Place.objects.all()}


def site_ids(client, query: str) -> list[int]:
    ids, page = [], 1
    while True:
        response = client.get(f"/lieux/?{query}&page={page}")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Cette recherche contient une erreur" not in html and "fr-error-text" not in html, query
        ids += [int(pk) for pk in re.findall(r'<h2 class="fr-card__title"[^>]*><a href="/lieux/(\d+)-', html)]
        if f"page={page + 1}" not in html:
            return ids
        page += 1


def api_ids(client, query: str) -> list[int]:
    body = client.get(f"/api/v1/places/?{query}&page=1&page_size=1000").json()
    assert "results" in body, (query, body)
    assert body["count"] == len(body["results"])
    return [int(re.search(r"/places/(\d+)/$", place["url"]).group(1)) for place in body["results"]]


def file_ids(response, directory) -> set[int]:
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    published = {row["id"] for row in rows if "--arret-" not in row["id"]}
    return {directory[tuple(published_id.split("--", 1))] for published_id in published}


def map_ids(client, query: str) -> set[int]:
    features = client.get(f"/api/v1/clusters/?{query}&zoom=20").json()["features"]
    assert all(feature["properties"]["count"] == 1 for feature in features)
    return {feature["properties"]["id"] for feature in features}


def test_every_door_gives_the_same_places_for_the_same_search(client, directory):
    found_something = 0
    for query in SEARCHES:
        site = site_ids(client, query)
        assert api_ids(client, query) == site, query
        assert file_ids(client.get(f"/exports/lieux.csv?{query}"), directory) == set(site), query
        assert file_ids(client.get(f"/api/v1/places/?{query}&format=csv"), directory) == set(site), query
        if "bbox=" in query:
            assert map_ids(client, query) == set(site), query
        found_something += bool(site)
    assert found_something >= len(SEARCHES) - 3  # the searches are about places the directory has


def test_the_count_shown_beside_a_filter_is_what_ticking_it_gives(client, directory):
    html = client.get("/lieux/?ou=Lyon&rayon=50&frais=gratuit").content.decode()
    shown = dict(
        re.findall(
            r'name="services"[^>]*value="([^"]+)"[^>]*>\s*<label[^>]*>[^<]*<span class="facet-count">\((\d+)\)',
            html,
        )
    )
    assert shown
    for value, count in shown.items():
        body = client.get(
            f"/api/v1/places/?ou=Lyon&radius=50&frais_a_charge=gratuit&services={value}&page=1"
        ).json()
        assert body["count"] == int(count), value


def test_a_value_the_api_reads_the_site_reads_too(client, directory):
    """Labels of the standard and of its earlier versions, and short identifiers, on both doors."""
    for value in [
        "demarches-administratives",
        "Aide aux démarches administratives",
        "aide-aux-demarches-administratives",
    ]:
        query = f"ou=Marseille&rayon=50&services={value}"
        assert site_ids(client, query) == api_ids(client, query), value


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "ou=Lyon&commune=69123&rayon=50&frais=gratuit&acces=se-presenter&samedi=on",
            "ou=Lyon&autour=69123&radius=50&frais_a_charge=gratuit&modalites_acces=se-presenter&open_on=samedi",
        ),
        (
            "lat=45.76&lon=4.83&rayon=10&accompagnement=individuel",
            "near=45.76,4.83&radius=10&modalites_accompagnement=individuel",
        ),
        (
            "ou=Marseille&publics=seniors&prise_en_charge=surdite",
            "ou=Marseille&publics_specifiquement_adresses=seniors&prise_en_charge_specifique=surdite",
        ),
    ],
)
def test_links_of_the_site_before_one_grammar_still_find_the_same_places(client, directory, old, new):
    assert site_ids(client, old) == site_ids(client, new) == api_ids(client, new)
