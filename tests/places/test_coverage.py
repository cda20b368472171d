"""Coverage (places.coverage): distances to the nearest help point, shares of the population, the page, the API.

The small case lies on the meridian 0.5° E, where the great-circle distance is the latitude difference times
111.195 km (π × 6,371.0088 / 180), so each figure below can be checked by hand.
"""

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from places import coverage
from places.geo import haversine_km
from places.models import Commune, CommuneCoverage, Departement, Place, Region
from places.search.criteria import Search
from places.search.engine import find
from tests.places.factories import PlaceFactory, StopFactory

FS = {"dispositif_programmes_nationaux": ["france-services"]}
LON = 0.5


@pytest.fixture
def small_case():
    region = Region.objects.create(code="R9Z", name="Région d'essai")
    departement = Departement.objects.create(code="9Z", name="Département d'essai", region=region)
    communes = {}
    for code, name, latitude, population in [
        ("9Z001", "Aubière-sur-Essai", 45.00, 1000),
        ("9Z002", "Bourg-Lointain", 45.20, 2000),
        ("9Z003", "Cap-Perdu", 44.80, 3000),
        ("9Z004", "Dun-le-Proche", 44.95, 4000),
    ]:
        communes[code] = Commune.objects.create(
            code=code,
            name=name,
            search_name=name.lower(),
            departement=departement,
            region=region,
            latitude=latitude,
            longitude=LON,
            population=population,
        )
    fixed = PlaceFactory(name="France Services d'Aubière", latitude=45.03, longitude=LON, tags=FS)
    # A bus France Services based 89 km away; its stop at 45.27° is Bourg-Lointain's nearest help point.
    bus = PlaceFactory(name="Bus France Services", latitude=46.0, longitude=LON, tags=FS)
    StopFactory(place=bus, latitude=45.27, longitude=LON)
    # Not France Services: counts for "any place" only.
    PlaceFactory(
        name="Médiathèque du Cap",
        latitude=44.81,
        longitude=LON,
        tags={"services": ["demarches-administratives"]},
    )
    # Not published: never a help point.
    PlaceFactory(name="Brouillon", status=Place.Status.DRAFT, latitude=44.80, longitude=LON, tags=FS)
    return {"departement": departement, "fixed": fixed, "bus": bus, **communes}


def stored(kind, code):
    return CommuneCoverage.objects.get(kind=kind, commune_id=code)


def test_each_commune_gets_the_distance_to_its_nearest_help_point_stops_included(small_case):
    call_command("compute_coverage", "--kind", "france-services", "--kind", "tous")

    assert stored("france-services", "9Z001").distance_km == pytest.approx(3.34, abs=0.1)
    assert stored("france-services", "9Z001").nearest_place == small_case["fixed"]
    # The bus's stop (7.78 km) is nearer than the fixed place (18.90 km) or the bus's base (88.96 km).
    assert stored("france-services", "9Z002").distance_km == pytest.approx(7.78, abs=0.1)
    assert stored("france-services", "9Z002").nearest_place == small_case["bus"]
    # The draft on its centre does not count; the mediathèque is no France Services.
    assert stored("france-services", "9Z003").distance_km == pytest.approx(25.57, abs=0.1)
    assert stored("france-services", "9Z004").distance_km == pytest.approx(8.90, abs=0.1)
    assert stored("tous", "9Z003").distance_km == pytest.approx(1.11, abs=0.1)


def test_shares_count_the_people_within_5_10_and_20_km(small_case):
    call_command("compute_coverage", "--kind", "france-services")

    for figures in (
        coverage.shares("france-services", departement="9Z"),
        coverage.shares("france-services", region="R9Z"),
    ):
        assert figures.population == 10_000
        assert figures.within == {5: 1000, 10: 7000, 20: 7000}
        assert figures.share(5) == 0.1
        assert figures.share(10) == 0.7
        assert figures.share(20) == 0.7


def test_the_least_served_communes_are_those_where_most_people_live_farthest(small_case):
    call_command("compute_coverage", "--kind", "france-services")

    ranked = [row.commune_id for row in coverage.least_served("france-services", "9Z")]

    # population × distance: 3000 × 25.6, 4000 × 8.9, 2000 × 7.8; Aubière (3.3 km) is within 5 km of help
    assert ranked == ["9Z003", "9Z004", "9Z002"]


def test_the_command_replaces_the_previous_figures(small_case):
    call_command("compute_coverage", "--kind", "france-services")
    first = dict(
        CommuneCoverage.objects.filter(kind="france-services").values_list("commune_id", "distance_km")
    )
    small_case["fixed"].status = Place.Status.ARCHIVED
    small_case["fixed"].save()

    call_command("compute_coverage", "--kind", "france-services")
    call_command("compute_coverage", "--kind", "france-services")

    rows = CommuneCoverage.objects.filter(kind="france-services")
    assert rows.count() == len(first) == coverage.communes_with_centre().count()
    assert stored("france-services", "9Z001").distance_km == pytest.approx(30.02, abs=0.1)  # the stop now
    assert first["9Z001"] == pytest.approx(3.34, abs=0.1)


def test_the_banded_search_finds_the_same_nearest_point_as_comparing_them_all():
    rng = np.random.default_rng(13)
    lats, lons = rng.uniform(41, 51, 3000), rng.uniform(-5, 9, 3000)
    point_lats = np.concatenate([rng.uniform(42, 50, 4000), [-21.1, 16.2]])  # and two overseas points
    point_lons = np.concatenate([rng.uniform(-4, 8, 4000), [55.5, -61.5]])
    lats, lons = np.append(lats, [-20.9, 14.6]), np.append(lons, [55.4, -61.0])

    distance, index = coverage.nearest(lats, lons, point_lats, point_lons)

    for i in rng.choice(len(lats), 200, replace=False).tolist() + [len(lats) - 2, len(lats) - 1]:
        every = [
            haversine_km(lats[i], lons[i], la, lo) for la, lo in zip(point_lats, point_lons, strict=True)
        ]
        assert distance[i] == pytest.approx(min(every), abs=1e-6)
        assert every[index[i]] == pytest.approx(min(every), abs=1e-6)


def test_the_departement_page_shows_shares_and_least_served_communes(
    client, small_case, django_assert_max_num_queries
):
    call_command("compute_coverage", "--kind", "france-services")
    url = reverse("places:departement-coverage", args=["9Z"])
    find(Search()).ids()  # the search index, which gives the map its help points, is built once per process

    with django_assert_max_num_queries(8):
        response = client.get(url, {"type": "france-services"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "oiseau" in page and "temps de trajet" in page
    assert "10,0 %" in page and "70,0 %" in page
    table = page[page.index("communes les moins bien desservies (France Services)</caption>") :]
    assert table.index("Cap-Perdu") < table.index("Dun-le-Proche") < table.index("Bourg-Lointain")
    assert "Aubière-sur-Essai" not in table  # 3.3 km: within 5 km of help
    assert "25,6 km" in page and "Bus France Services" in page


def test_the_departement_page_says_when_nothing_is_computed_yet(client, small_case):
    response = client.get(reverse("places:departement-coverage", args=["9Z"]), {"type": "nonsense"})

    assert response.status_code == 200
    assert "pas encore été calculée" in response.content.decode()


def test_the_territory_page_links_to_the_coverage(client, small_case):
    response = client.get(reverse("places:territory", args=["departement", "9Z"]))

    assert reverse("places:departement-coverage", args=["9Z"]) in response.content.decode()


def test_the_api_gives_the_same_figures(client, small_case):
    call_command("compute_coverage", "--kind", "france-services")

    response = client.get("/api/v1/couverture/", {"departement": "9Z", "type": "france-services"})

    assert response.status_code == 200
    data = response.json()
    assert data["departement"]["population"] == 10_000
    assert data["departement"]["part_moins_de_5_km"] == 0.1
    assert data["region"]["part_moins_de_10_km"] == 0.7
    assert [row["code"] for row in data["communes_les_moins_desservies"]] == [
        "9Z003",
        "9Z004",
        "9Z002",
    ]
    assert data["communes_les_moins_desservies"][2]["lieu_le_plus_proche"] == small_case["bus"].pk


def test_the_api_refuses_an_unknown_kind_and_answers_404_for_an_unknown_departement(client, small_case):
    assert client.get("/api/v1/couverture/", {"departement": "9Z", "type": "bus"}).status_code == 400
    assert client.get("/api/v1/couverture/", {"departement": "ZZ"}).status_code == 404


def test_the_page_shows_the_new_figures_after_a_new_computation(client, small_case):
    url = reverse("places:departement-coverage", args=["9Z"])
    call_command("compute_coverage", "--kind", "france-services")
    assert "10,0 %" in client.get(url).content.decode()
    small_case["fixed"].status = Place.Status.ARCHIVED
    small_case["fixed"].save()

    call_command("compute_coverage", "--kind", "france-services")

    page = client.get(url).content.decode()
    assert "10,0 %" not in page and "0,0 %" in page


def test_each_run_stores_the_sums_for_france_each_region_departement_and_epci(small_case):
    from places.models import Epci, TerritoryCoverage

    epci = Epci.objects.create(code="299999999", name="CC de l'Essai", kind="CC")
    Commune.objects.filter(code__in=["9Z002", "9Z003"]).update(epci=epci)
    Commune.objects.exclude(departement_id="9Z").update(population=None)  # the rest of France counts for none

    call_command("compute_coverage", "--kind", "france-services")

    sums = {
        (row.territory, row.code): (row.population, row.within_5_km, row.within_10_km, row.within_20_km)
        for row in TerritoryCoverage.objects.filter(
            kind="france-services", code__in=["", "R9Z", "9Z", epci.code]
        )
    }
    assert sums == {
        ("france", ""): (10_000, 1000, 7000, 7000),
        ("region", "R9Z"): (10_000, 1000, 7000, 7000),
        ("departement", "9Z"): (10_000, 1000, 7000, 7000),
        ("epci", epci.code): (5000, 0, 2000, 2000),  # Bourg-Lointain 7.8 km, Cap-Perdu 25.6 km
    }
    assert coverage.shares("france-services", epci=epci.code).share(10) == 0.4
    call_command("compute_coverage", "--kind", "france-services")  # replaced, not added
    assert TerritoryCoverage.objects.filter(kind="france-services", code="9Z").count() == 1


def test_the_coverage_page_draws_every_commune_and_numbers_the_least_served(client, small_case):
    call_command("compute_coverage", "--kind", "france-services")

    response = client.get(reverse("places:departement-coverage", args=["9Z"]), {"type": "france-services"})

    drawn = response.context["map"]
    assert {dot.title for dot in drawn.communes} == {
        "Aubière-sur-Essai : 3.3 km",
        "Bourg-Lointain : 7.8 km",
        "Cap-Perdu : 25.6 km",
        "Dun-le-Proche : 8.9 km",
    }
    shade = {dot.title.split(" :")[0]: dot.css for dot in drawn.communes}
    assert (
        shade["Cap-Perdu"] == "coverage-dot--farthest" and shade["Aubière-sur-Essai"] == "coverage-dot--near"
    )
    # North is up: Bourg-Lointain (45.20°) above Cap-Perdu (44.80°); same meridian, same x.
    y = {dot.title.split(" :")[0]: dot.y for dot in drawn.communes}
    assert y["Bourg-Lointain"] < y["Aubière-sur-Essai"] < y["Cap-Perdu"]
    assert [mark.rank for mark in drawn.ranked] == [1, 2, 3]
    # The fixed place, and the bus's stop just beyond the northernmost commune; not the bus's base 89 km away.
    assert len(drawn.help_points) == 2
    page = response.content.decode()
    assert 'role="img"' in page and '<title id="coverage-map-title">' in page


def test_a_departement_where_everyone_lives_near_help_says_so(client, small_case):
    for code in ("9Z002", "9Z003", "9Z004"):
        PlaceFactory(
            commune_id=code, latitude=Commune.objects.get(code=code).latitude, longitude=LON, tags=FS
        )
    call_command("compute_coverage", "--kind", "france-services")

    response = client.get(reverse("places:departement-coverage", args=["9Z"]), {"type": "france-services"})

    assert response.context["communes"] == [] and response.context["computed_at"] is not None
    assert "Tous les habitants du département vivent à moins de 5 km d'un lieu." in response.content.decode()
