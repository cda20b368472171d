import itertools
import random

import pytest
from django.urls import reverse

from places.clusters import MAX_CELLS
from places.models import Place, Stop
from places.vocabularies import Itinerance, Service, Vocabulary

LYON = "45.70,4.75,45.82,4.95"
FRANCE = "41,-5.5,51.5,10"
_ids = itertools.count()


def make_place(name="Espace numérique", latitude=45.76, longitude=4.83, **fields):
    return Place.objects.create(
        origin="test",
        origin_id=str(next(_ids)),
        name=name,
        commune_name="Lyon",
        postcode="69002",
        address="12 rue de la République",
        latitude=latitude,
        longitude=longitude,
        status=fields.pop("status", Place.Status.PUBLISHED),
        **fields,
    )


def get_clusters(client, **params):
    return client.get(reverse("api:clusters"), params)


def features(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["features"]


def total(response) -> int:
    return sum(feature["properties"]["count"] for feature in features(response))


def test_clusters_count_every_published_place_in_view_once(client):
    for i in range(30):
        make_place(f"Lieu {i}", 45.72 + i * 0.003, 4.78 + i * 0.005)
    original = make_place("Maison France Services")
    make_place("Brouillon", status=Place.Status.DRAFT)
    make_place("Doublon", duplicate_of=original)

    response = get_clusters(client, bbox=LYON, zoom=9)

    assert total(response) == 31


def test_a_filter_leaves_out_the_places_that_do_not_offer_the_service(client):
    for i in range(4):
        place = make_place(f"Lieu {i}", 45.75 + i * 0.01)
        place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES] if i % 2 else [Service.LOISIRS])

    response = get_clusters(client, bbox=LYON, zoom=9, services=Service.DEMARCHES)

    assert total(response) == 2


def test_a_text_search_applies_to_the_map_too(client):
    make_place("Médiathèque Jean Macé")
    make_place("Centre social")

    assert total(get_clusters(client, bbox=LYON, zoom=12, q="mediatheque")) == 1


def test_a_place_outside_the_map_is_not_counted(client):
    make_place("À Lyon")
    make_place("À Marseille", 43.30, 5.37)
    make_place("Sans coordonnées", None, None)

    assert total(get_clusters(client, bbox=LYON, zoom=9)) == 1


def test_close_up_each_place_comes_with_its_name_and_its_page(client):
    first = make_place("Cyber-base <Croix-Rousse>", 45.7740, 4.8300)
    second = make_place("Espace public numérique", 45.7741, 4.8301)

    found = features(get_clusters(client, bbox="45.77,4.82,45.78,4.84", zoom=16))

    assert sorted(
        (f["properties"]["id"], f["properties"]["name"], f["properties"]["url"]) for f in found
    ) == [
        (first.pk, "Cyber-base <Croix-Rousse>", first.get_absolute_url()),
        (second.pk, "Espace public numérique", second.get_absolute_url()),
    ]
    assert {f["properties"]["count"] for f in found} == {1}
    assert found[0]["geometry"]["type"] == "Point"


def test_a_few_places_zoomed_out_still_come_one_by_one(client):
    make_place("Premier", 45.7600, 4.8300)
    make_place("Second", 45.7601, 4.8301)

    found = features(get_clusters(client, bbox=FRANCE, zoom=5))

    assert sorted(f["properties"]["name"] for f in found) == ["Premier", "Second"]


def test_many_places_in_one_spot_come_back_as_one_cluster_with_their_number(client):
    for i in range(150):
        make_place(f"Lieu {i}", 45.76 + i * 1e-4, 4.83)

    (cluster,) = features(get_clusters(client, bbox=FRANCE, zoom=6))

    assert cluster["properties"] == {"count": 150}
    longitude, latitude = cluster["geometry"]["coordinates"]
    assert latitude == pytest.approx(45.76 + 149 * 1e-4 / 2, abs=1e-5)
    assert longitude == 4.83


def test_places_on_both_sides_of_a_cell_border_make_one_cluster_not_two_overlapping_ones(client):
    border = 412 * 360 / 2**8 / 256 * 60 - 90  # a border of the zoom 8 grid (cells start at -90°)
    for i in range(60):
        make_place(f"Au nord {i}", border + 0.001, 4.80)
        make_place(f"Au sud {i}", border - 0.001, 4.80)

    (cluster,) = features(get_clusters(client, bbox="45.5,4.5,46,5", zoom=8))

    assert cluster["properties"]["count"] == 120


def test_a_bus_stop_in_view_is_shown_for_its_itinerant_place(client):
    bus = make_place("Bus France Services", 48.85, 2.35)  # based in Paris, stops in Lyon
    bus.set_tags(Vocabulary.ITINERANCE, [Itinerance.ITINERANT])
    Stop.objects.create(place=bus, address="Place Bellecour", latitude=45.7578, longitude=4.8320)
    hidden = make_place("Bus en brouillon", status=Place.Status.DRAFT)
    Stop.objects.create(place=hidden, address="Place des Terreaux", latitude=45.7675, longitude=4.8336)

    (stop,) = features(get_clusters(client, bbox=LYON, zoom=16))

    assert stop["properties"]["id"] == bus.pk
    assert stop["properties"]["name"] == "Bus France Services"
    assert stop["geometry"]["coordinates"] == [4.832, 45.7578]


def test_a_bus_stop_counts_in_the_cluster_of_the_places_around_it(client):
    for i in range(120):
        make_place(f"Lieu {i}", 45.76 + i * 1e-4, 4.83)
    bus = make_place("Bus France Services", 48.85, 2.35)
    Stop.objects.create(place=bus, address="Place Bellecour", latitude=45.7578, longitude=4.8320)

    (cluster,) = features(get_clusters(client, bbox=LYON, zoom=8))

    assert cluster["properties"]["count"] == 121


@pytest.mark.parametrize(
    "params, field",
    [
        ({"zoom": 9}, "bbox"),
        ({"bbox": "", "zoom": 9}, "bbox"),
        ({"bbox": "45.7,4.7,45.8", "zoom": 9}, "bbox"),
        ({"bbox": "sud,ouest,nord,est", "zoom": 9}, "bbox"),
        ({"bbox": "45.8,4.7,45.7,4.9", "zoom": 9}, "bbox"),
        ({"bbox": "45.7,4.9,45.8,4.7", "zoom": 9}, "bbox"),
        ({"bbox": "45.7,4.7,95,4.9", "zoom": 9}, "bbox"),
        ({"bbox": "nan,4.7,45.8,4.9", "zoom": 9}, "bbox"),
        ({"bbox": "45.7,-inf,45.8,4.9", "zoom": 9}, "bbox"),
        ({"bbox": LYON}, "zoom"),
        ({"bbox": LYON, "zoom": "près"}, "zoom"),
        ({"bbox": LYON, "zoom": 21}, "zoom"),
        ({"bbox": LYON, "zoom": -1}, "zoom"),
        ({"bbox": LYON, "zoom": 9, "services": "voyance"}, "services"),
    ],
)
def test_a_wrong_map_area_or_search_is_refused_with_a_message(client, params, field):
    response = get_clusters(client, **params)

    assert response.status_code == 400
    (message,) = response.json()[field]
    assert message


def test_the_browser_may_keep_the_answer_for_a_minute(client):
    response = get_clusters(client, bbox=LYON, zoom=9)

    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize("zoom", [6, 16])
def test_the_number_of_queries_does_not_grow_with_the_number_of_places(
    client, django_assert_max_num_queries, zoom
):
    def spread(count):
        for i in range(count):
            place = make_place(f"Lieu {i}", 45.72 + (i % 10) * 0.008, 4.78 + (i // 10) * 0.008)
            Stop.objects.create(place=place, address="Arrêt", latitude=45.75, longitude=4.80 + i * 1e-4)

    spread(3)
    get_clusters(client, bbox=LYON, zoom=zoom)  # builds the search index
    # Points come from the search index; one query at most: the names of the points shown one by one.
    with django_assert_max_num_queries(1):
        small = total(get_clusters(client, bbox=LYON, zoom=zoom, q=""))
    spread(200)
    get_clusters(client, bbox=LYON, zoom=zoom)  # reads the new places into the index
    with django_assert_max_num_queries(1):
        large = total(get_clusters(client, bbox=LYON, zoom=zoom, q=""))

    assert (small, large) == (6, 406)


def test_a_france_wide_map_of_thousands_of_places_stays_small(client):
    rng = random.Random(1)
    Place.objects.bulk_create(
        Place(
            origin="test",
            origin_id=f"france-{i}",
            name=f"Espace numérique {i}",
            commune_name="Quelque part",
            postcode="75001",
            address="1 place de la Mairie",
            latitude=rng.uniform(42.5, 51),
            longitude=rng.uniform(-4.5, 8),
            status=Place.Status.PUBLISHED,
        )
        for i in range(3000)
    )

    for zoom in (5, 6):
        response = get_clusters(client, bbox=FRANCE, zoom=zoom)
        assert total(response) == 3000
        assert len(features(response)) <= 400
        assert len(response.content) < 50_000


def test_a_whole_world_map_close_up_is_still_grouped_into_a_bounded_number_of_points(client):
    rng = random.Random(2)
    Place.objects.bulk_create(
        Place(
            origin="test",
            origin_id=f"world-{i}",
            name=f"Lieu {i}",
            commune_name="Quelque part",
            postcode="75001",
            address="1 place de la Mairie",
            latitude=rng.uniform(-60, 70),
            longitude=rng.uniform(-180, 180),
            status=Place.Status.PUBLISHED,
        )
        for i in range(MAX_CELLS * 2)
    )

    response = get_clusters(client, bbox="-90,-180,90,180", zoom=20)

    assert total(response) == MAX_CELLS * 2
    assert len(features(response)) <= MAX_CELLS * 1.1
