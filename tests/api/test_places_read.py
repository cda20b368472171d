"""Reading places: the national format, filters, formats, errors."""

import csv
import io

import pytest
import time_machine
from django.utils import timezone

from places.models import Commune, Place
from places.vocabularies import Service, Vocabulary
from programmes.models import Programme, Support
from tests.places.factories import PlaceFactory, StopFactory, StructureFactory

LIST = "/api/v1/places/"


def ids(response) -> list[str]:
    return [place["id"] for place in response.json()["results"]]


def test_a_place_reads_with_the_national_standards_names_and_labels(api):
    place = PlaceFactory(
        origin="hub",
        origin_id="42",
        name="Médiathèque Boris-Vian",
        phone="+33470051234",
        tags={Vocabulary.SERVICES: [Service.DEMARCHES], Vocabulary.FRAIS: ["gratuit"]},
    )

    body = api.get(f"{LIST}{place.pk}/").json()

    assert body["id"] == "hub--42"
    assert body["nom"] == "Médiathèque Boris-Vian"
    assert body["code_insee"] == "03185"
    assert body["telephone"] == "+33470051234"
    assert body["services"] == ["Aide aux démarches administratives"]
    assert body["frais_a_charge"] == ["Gratuit"]
    assert body["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert body["url"].endswith(f"/api/v1/places/{place.pk}/")
    assert body["page"].endswith(f"/lieux/{place.pk}-mediatheque-boris-vian/")
    assert body["statut"] == "published"


def test_a_place_is_found_by_its_published_id_too(api):
    place = PlaceFactory(origin="hub", origin_id="a--b")
    assert api.get(f"{LIST}hub--a--b/").json()["url"].endswith(f"/{place.pk}/")
    assert api.get(f"{LIST}hub--inconnu/").status_code == 404


def test_unpublished_places_and_duplicates_stay_out_of_the_listing(api):
    shown = PlaceFactory(name="Publié")
    PlaceFactory(name="Brouillon", status=Place.Status.DRAFT)
    PlaceFactory(name="Doublon", duplicate_of=shown)
    draft = PlaceFactory(status=Place.Status.SUBMITTED)

    response = api.get(LIST)

    assert [place["nom"] for place in response.json()["results"]] == ["Publié"]
    assert api.get(f"{LIST}{draft.pk}/").status_code == 404


def test_filters_combine_or_within_a_vocabulary_and_and_across(api):
    both = PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES], Vocabulary.FRAIS: ["gratuit"]})
    paying = PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES], Vocabulary.FRAIS: ["payant"]})
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.LOISIRS], Vocabulary.FRAIS: ["gratuit"]})

    free = api.get(LIST, {"services": Service.DEMARCHES, "frais_a_charge": "gratuit"})
    free_or_paying = api.get(
        LIST, {"services": "Aide aux démarches administratives", "frais_a_charge": "gratuit,payant"}
    )

    assert ids(free) == [f"test--{both.origin_id}"]
    assert set(ids(free_or_paying)) == {f"test--{both.origin_id}", f"test--{paying.origin_id}"}


def test_near_sorts_by_distance_within_the_radius_and_gives_the_distance(api):
    montlucon = PlaceFactory(name="Montluçon")  # 46.3406, 2.6030
    PlaceFactory(name="Vichy", latitude=46.1277, longitude=3.4256)  # ≈ 67 km
    near = PlaceFactory(name="Tout près", latitude=46.3410, longitude=2.6040)

    body = api.get(LIST, {"near": "46.3406,2.6030", "radius": 10}).json()

    assert [place["nom"] for place in body["results"]] == ["Montluçon", "Tout près"]
    assert body["results"][0]["distance_km"] == 0
    assert 0.05 < body["results"][1]["distance_km"] < 0.1
    assert body["count"] == 2
    assert montlucon.pk and near.pk


def test_a_bus_is_found_near_one_of_its_stops(api):
    bus = PlaceFactory(
        name="Bus France Services", latitude=45.0, longitude=3.0, tags={Vocabulary.ITINERANCE: ["itinerant"]}
    )
    StopFactory(place=bus, latitude=46.30, longitude=2.70)

    body = api.get(LIST, {"near": "46.30,2.70", "radius": 5}).json()

    assert [place["nom"] for place in body["results"]] == ["Bus France Services"]
    assert body["results"][0]["arrets"][0]["latitude"] == 46.30


def test_territory_text_bbox_and_source_filters(api):
    PlaceFactory(name="Espace numérique de Montluçon", source="Hub Auvergne")
    PlaceFactory(
        name="Maison France Services de Lyon",
        commune=Commune.objects.get(code="69381"),
        postcode="69001",
        latitude=45.767,
        longitude=4.834,
    )

    assert [p["nom"] for p in api.get(LIST, {"departement": "03"}).json()["results"]] == [
        "Espace numérique de Montluçon"
    ]
    assert [p["nom"] for p in api.get(LIST, {"commune": "69123"}).json()["results"]] == [
        "Maison France Services de Lyon"
    ]
    assert [p["nom"] for p in api.get(LIST, {"region": "84"}).json()["results"]] == [
        "Espace numérique de Montluçon",
        "Maison France Services de Lyon",
    ]
    assert [p["nom"] for p in api.get(LIST, {"q": "MONTLUCON"}).json()["results"]] == [
        "Espace numérique de Montluçon"
    ]
    assert [p["nom"] for p in api.get(LIST, {"bbox": "45.5,4.5,46.0,5.0"}).json()["results"]] == [
        "Maison France Services de Lyon"
    ]
    assert [p["nom"] for p in api.get(LIST, {"source": "hub auvergne"}).json()["results"]] == [
        "Espace numérique de Montluçon"
    ]


def test_updated_since_returns_only_what_changed(api):
    with time_machine.travel("2026-11-01 10:00 +01:00"):
        PlaceFactory(name="Ancien")
    with time_machine.travel("2026-11-20 10:00 +01:00"):
        PlaceFactory(name="Récent")

    assert [p["nom"] for p in api.get(LIST, {"updated_since": "2026-11-10"}).json()["results"]] == ["Récent"]
    assert [
        p["nom"] for p in api.get(LIST, {"updated_since": "2026-11-20T09:30:00+01:00"}).json()["results"]
    ] == ["Récent"]
    assert api.get(LIST, {"updated_since": "2026-11-21T00:00:00Z"}).json()["results"] == []


def test_open_now_reads_the_weekly_hours(api):
    PlaceFactory(name="Semaine", opening_hours="Mo-Fr 09:00-17:00")
    PlaceFactory(name="Samedi", opening_hours="Sa 09:00-12:00")
    with time_machine.travel("2026-12-02 10:00 +01:00"):  # a Wednesday
        names = [p["nom"] for p in api.get(LIST, {"open_now": "true"}).json()["results"]]
    assert names == ["Semaine"]
    assert [p["nom"] for p in api.get(LIST, {"open_on": "samedi"}).json()["results"]] == ["Samedi"]


def test_programme_finds_places_supported_directly_through_their_structure_or_by_dispositif(api):
    programme = Programme.objects.create(
        slug="fabriques", name="Fabriques de territoire", kind="ami", dispositif="france-services"
    )
    structure = StructureFactory()
    direct = PlaceFactory(name="Direct")
    Support.objects.create(programme=programme, place=direct)
    PlaceFactory(name="Par la structure", structure=structure)
    Support.objects.create(programme=programme, structure=structure)
    PlaceFactory(name="Par le dispositif", tags={Vocabulary.DISPOSITIFS: ["france-services"]})
    PlaceFactory(name="Aucun lien")

    names = {p["nom"] for p in api.get(LIST, {"programme": "fabriques"}).json()["results"]}

    assert names == {"Direct", "Par la structure", "Par le dispositif"}


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"services": "cuisine"}, "services"),
        ({"near": "quarante,deux"}, "near"),
        ({"near": "91,2"}, "near"),
        ({"radius": "5"}, "radius"),
        ({"near": "46,2", "radius": "-1"}, "radius"),
        ({"bbox": "46,3,45,4"}, "bbox"),
        ({"bbox": "nan,nan,nan,nan"}, "bbox"),
        ({"updated_since": "hier"}, "updated_since"),
        ({"commune": "99999"}, "commune"),
        ({"departement": "00"}, "departement"),
        ({"programme": "inconnu"}, "programme"),
        ({"open_on": "funday"}, "open_on"),
        ({"open_now": "peut-être"}, "open_now"),
        ({"servics": "demarches-administratives"}, "servics"),
        ({"page": "deux"}, "page"),
        ({"page_size": "5000"}, "page_size"),
        ({"cursor": "pas-un-curseur"}, "cursor"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(api, params, parameter):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert parameter in response.json(), response.json()
    assert response.json()[parameter][0]


def test_geojson_by_format_or_accept_header(api):
    PlaceFactory(name="Point")
    PlaceFactory(name="Sans coordonnées", latitude=None, longitude=None)

    by_format = api.get(LIST, {"format": "geojson"})
    by_accept = api.get(LIST, HTTP_ACCEPT="application/geo+json")

    assert by_format["Content-Type"] == "application/geo+json"
    collection = by_accept.json()
    assert collection["type"] == "FeatureCollection"
    point, nowhere = collection["features"]
    assert point["geometry"] == {"type": "Point", "coordinates": [2.603, 46.3406]}
    assert point["properties"]["nom"] == "Point"
    assert nowhere["geometry"] is None
    assert "next" in collection


def test_csv_is_the_national_export_of_every_result(api):
    PlaceFactory.create_batch(3, tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.LOISIRS]})

    response = api.get(LIST, {"services": Service.DEMARCHES, "page_size": 1}, HTTP_ACCEPT="text/csv")

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3  # every result, not a page
    assert rows[0]["services"] == "Aide aux démarches administratives"
    assert list(rows[0])[:3] == ["id", "pivot", "nom"]


def test_errors_stay_json_when_csv_was_asked_for(api):
    response = api.get(LIST, {"format": "csv", "near": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "near" in response.json()


def test_vocabularies_list_short_identifiers_and_labels(api):
    body = api.get("/api/v1/vocabulaires/").json()
    assert {"valeur": "gratuit", "libelle": "Gratuit"} in body["frais_a_charge"]
    assert len(body["typologie"]) == 92


def test_removed_lists_places_that_left_the_listings_since_a_date(api):
    with time_machine.travel("2026-11-01 10:00 +01:00"):
        archived = PlaceFactory(origin="hub", origin_id="ferme")
        deleted = PlaceFactory(origin="hub", origin_id="supprime")
        PlaceFactory(origin="hub", origin_id="toujours-la")
    with time_machine.travel("2026-11-20 10:00 +01:00"):
        archived.status = Place.Status.ARCHIVED
        archived.save()
        deleted.delete()

    body = api.get("/api/v1/places/removed/", {"since": "2026-11-10"}).json()

    assert {(item["id"], item["raison"]) for item in body["results"]} == {
        ("hub--ferme", "archivé"),
        ("hub--supprime", "supprimé"),
    }
    assert api.get("/api/v1/places/removed/").status_code == 400


def test_the_listing_costs_the_same_queries_for_one_place_or_a_hundred(api, django_assert_num_queries):
    from django.core.cache import cache

    StopFactory()
    api.get(LIST)  # builds the search index
    cache.clear()
    # The page's places; the stops of those that have some. Tags come with the search index.
    with django_assert_num_queries(2):
        api.get(LIST)
    PlaceFactory.create_batch(60, tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    StopFactory.create_batch(3)
    api.get(LIST, {"q": "x"})  # the search index reads the new places
    cache.clear()
    with django_assert_num_queries(2):
        assert len(api.get(LIST).json()["results"]) == 64


def test_place_changes_made_now_appear_in_the_next_answer(api):
    place = PlaceFactory(name="Avant")
    assert api.get(f"{LIST}{place.pk}/").json()["nom"] == "Avant"
    place.name = "Après"
    place.save()
    from places import versioning

    versioning.bump()  # what every write path does
    assert api.get(f"{LIST}{place.pk}/").json()["nom"] == "Après"
    assert timezone.now()


def test_every_bad_parameter_is_named_in_one_answer(api):
    errors = api.get(LIST, {"servics": "x", "near": "a", "frais_a_charge": "cher"}).json()
    assert set(errors) == {"servics", "near", "frais_a_charge"}


def test_stops_read_as_their_documented_serializer_says(api):
    from places.api.serializers import StopSerializer

    stop = StopFactory(
        place=PlaceFactory(tags={Vocabulary.ITINERANCE: ["itinerant"]}), note="Devant la mairie"
    )
    (read,) = api.get(f"{LIST}{stop.place_id}/").json()["arrets"]
    assert read == StopSerializer(stop).data


def test_the_guide_documents_every_search_parameter_and_alias():
    """docs/api.md lists the parameters of places/search/parameters.py: one table, documented once."""
    from pathlib import Path

    from places.search.parameters import PARAMETERS

    guide = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    for parameter in PARAMETERS:
        for name in parameter.names:
            assert f"`{name}`" in guide, name
