"""Structures, programmes, supports and territories in the API; moderators apply proposed changes."""

from django.urls import reverse

from places.models import Place, PlaceChange
from programmes.models import Programme, Support, Target
from tests.places.factories import PlaceFactory, StopFactory, StructureFactory


def test_structures_count_their_published_places_and_link_to_them(api):
    structure = StructureFactory(name="CCAS de Montluçon", kind="ccas-cias")
    PlaceFactory.create_batch(2, structure=structure)
    PlaceFactory(structure=structure, status=Place.Status.SUBMITTED)

    (found,) = api.get("/api/v1/structures/", {"q": "montluçon"}).json()["results"]

    assert found["nom"] == "CCAS de Montluçon"
    assert found["nature"] == "ccas-cias"
    assert found["nombre_de_lieux"] == 2
    assert found["lieux"].endswith(f"/api/v1/places/?structure={structure.pk}")
    assert len(api.get(found["lieux"]).json()["results"]) == 2


def test_programmes_have_their_targets_and_supports_hide_unpublished_places(api):
    programme = Programme.objects.create(
        slug="fabriques-de-territoire", name="Fabriques de territoire", kind="ami"
    )
    Target.objects.create(programme=programme, metric="places", value=300, label="300 fabriques")
    shown = Support.objects.create(programme=programme, place=PlaceFactory())
    Support.objects.create(programme=programme, place=PlaceFactory(status=Place.Status.SUBMITTED))

    body = api.get("/api/v1/programmes/fabriques-de-territoire/").json()
    supports = api.get("/api/v1/supports/", {"programme": "fabriques-de-territoire"}).json()["results"]

    assert body["objectifs"] == [
        {"mesure": "places", "valeur": 300, "echeance": None, "libelle": "300 fabriques"}
    ]
    assert [support["id"] for support in supports] == [shown.pk]


def test_communes_suggest_as_people_type_and_territories_list(api):
    suggestions = api.get("/api/v1/communes/", {"q": "st etien"}).json()["results"]
    assert suggestions[0]["code"] == "42218"
    assert suggestions[0]["libelle"] == "Saint-Étienne (42)"
    assert api.get("/api/v1/communes/2A004/").json()["nom"] == "Ajaccio"
    assert api.get("/api/v1/departements/", {"page_size": 200}).json()["count"] >= 101
    assert api.get("/api/v1/regions/84/").json()["nom"] == "Auvergne-Rhône-Alpes"
    assert api.get("/api/v1/communes/99999/").status_code == 404


def test_a_moderator_applies_or_refuses_proposed_changes_in_the_admin(admin_client, client_a, structure_a):
    applied = PlaceFactory(structure=structure_a, name="Ancien nom")
    refused = PlaceFactory(structure=structure_a, name="Garde son nom")
    client_a.patch(f"/api/v1/places/{applied.pk}/", {"nom": "Nouveau nom"}, format="json")
    client_a.patch(f"/api/v1/places/{refused.pk}/", {"nom": "Nom refusé"}, format="json")
    url = reverse("admin:places_placechange_changelist")

    page = admin_client.get(
        reverse("admin:places_placechange_change", args=[PlaceChange.objects.get(place=applied).pk])
    )
    admin_client.post(
        url, {"action": "apply", "_selected_action": [PlaceChange.objects.get(place=applied).pk]}
    )
    admin_client.post(
        url, {"action": "reject", "_selected_action": [PlaceChange.objects.get(place=refused).pk]}
    )

    assert "Nouveau nom" in page.content.decode()
    applied.refresh_from_db()
    refused.refresh_from_db()
    assert (applied.name, refused.name) == ("Nouveau nom", "Garde son nom")
    assert set(PlaceChange.objects.values_list("status", flat=True)) == {"applied", "rejected"}


def test_a_stop_edited_in_the_admin_brings_its_bus_back_in_updated_since(admin_client, api):
    import time_machine

    with time_machine.travel("2026-11-01 10:00 +01:00"):
        stop = StopFactory(place=PlaceFactory(name="Bus France Services"))
    form = {
        "position": 0,
        "name": "Place de l'église",
        "place": stop.place_id,
        "address": "Place de l'église",
        "postcode": "",
        "commune_name": "",
        "commune": "",
        "latitude": "46.31",
        "longitude": "2.71",
        "opening_hours": "We 09:30-12:00",
        "note": "",
    }

    response = admin_client.post(reverse("admin:places_stop_change", args=[stop.pk]), form)

    assert response.status_code == 302
    changed = api.get("/api/v1/places/", {"updated_since": "2026-11-15"}).json()["results"]
    assert [place["nom"] for place in changed] == ["Bus France Services"]
    assert changed[0]["arrets"][0]["nom"] == "Place de l'église"
