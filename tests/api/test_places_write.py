"""Partners write their own places with their structure's token; everything else is refused."""

import pytest

from accounts.models import ApiToken
from places.models import Place, PlaceChange
from places.submissions import apply_change
from places.vocabularies import Service, Vocabulary
from tests.places.factories import PlaceFactory

LIST = "/api/v1/places/"
NEW_PLACE = {
    "id": "mediatheque-centre",
    "nom": "Médiathèque du centre",
    "adresse": "2 place de la Mairie",
    "code_postal": "03100",
    "commune": "Montlucon",
    "telephone": "04 70 00 00 00",
    "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
    "services": ["Aide aux démarches administratives", "acces-internet-materiel"],
    "frais_a_charge": "gratuit",
}


def test_a_token_creates_a_place_of_its_structure_waiting_for_moderation(client_a, structure_a, api):
    response = client_a.post(LIST, NEW_PLACE, format="json")

    assert response.status_code == 201, response.json()
    place = Place.objects.get(origin=f"structure-{structure_a.pk}", origin_id="mediatheque-centre")
    assert place.status == Place.Status.SUBMITTED
    assert place.structure == structure_a
    assert place.commune_id == "03185"  # "Montlucon" without its cedilla, found by the gazetteer
    assert place.phone == "+33470000000"
    assert place.coordinates_approximate  # no coordinates sent: the commune's centre
    assert place.services == [Service.DEMARCHES, Service.ACCES_INTERNET]
    assert place.openings.exists()  # open-now filters know its hours
    assert response["Location"].endswith(f"/api/v1/places/{place.pk}/")
    assert response.json()["statut"] == "submitted"
    # Not public until a moderator publishes it; its structure still sees it.
    assert api.get(response["Location"]).status_code == 404
    assert client_a.get(response["Location"]).status_code == 200
    assert place.history.first().history_user.username == "partenaire"


def test_bad_fields_are_refused_with_a_message_each_and_nothing_is_written(client_a):
    response = client_a.post(
        LIST,
        {
            **NEW_PLACE,
            "code_postal": "31",
            "horaires": "tous les jours",
            "services": ["cuisine"],
            "courriels": ["pas-une-adresse"],
            "latitude": 46.3,
        },
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()
    assert {"code_postal", "horaires", "services", "courriels"} <= errors.keys()
    assert "cuisine" in errors["services"][0]
    assert not Place.objects.filter(origin_id="mediatheque-centre").exists()


def test_missing_coordinate_pair_and_unknown_commune_are_refused(client_a):
    half = client_a.post(LIST, {**NEW_PLACE, "latitude": 46.3}, format="json")
    nowhere = client_a.post(
        LIST, {**NEW_PLACE, "commune": "Atlantide", "code_postal": "99999"}, format="json"
    )
    assert "longitude" in half.json()
    assert "commune" in nowhere.json()


def test_the_same_id_twice_is_refused_with_the_address_to_update(client_a):
    client_a.post(LIST, NEW_PLACE, format="json")
    again = client_a.post(LIST, NEW_PLACE, format="json")
    assert again.status_code == 400
    assert "/api/v1/places/" in again.json()["id"][0]
    assert Place.objects.filter(origin_id="mediatheque-centre").count() == 1


def test_a_submitted_place_of_the_structure_is_updated_at_once(client_a):
    url = client_a.post(LIST, NEW_PLACE, format="json")["Location"]

    response = client_a.patch(url, {"nom": "Médiathèque Jules-Verne"}, format="json")

    assert response.status_code == 200
    assert response.json()["nom"] == "Médiathèque Jules-Verne"
    assert Place.objects.get(origin_id="mediatheque-centre").status == Place.Status.SUBMITTED


def test_a_change_to_a_published_place_waits_for_a_moderator_and_merges(
    client_a, structure_a, api, admin_user
):
    place = PlaceFactory(
        structure=structure_a, name="Espace public numérique", tags={Vocabulary.FRAIS: ["payant"]}
    )

    first = client_a.patch(f"{LIST}{place.pk}/", {"horaires": "Mo-Sa 09:00-18:00"}, format="json")
    second = client_a.patch(f"{LIST}{place.pk}/", {"frais_a_charge": ["Gratuit"]}, format="json")

    assert first.status_code == second.status_code == 202
    assert second.json()["lieu"]["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"  # public: unchanged
    assert api.get(f"{LIST}{place.pk}/").json()["frais_a_charge"] == ["Payant"]
    change = PlaceChange.objects.get(place=place, status=PlaceChange.Status.PENDING)
    assert set(change.fields) == {"opening_hours", "frais_a_charge"}

    apply_change(change=change, user=admin_user)

    place.refresh_from_db()
    assert place.opening_hours == "Mo-Sa 09:00-18:00"
    assert place.frais == ["gratuit"]
    assert place.status == Place.Status.PUBLISHED
    assert api.get(f"{LIST}{place.pk}/").json()["frais_a_charge"] == ["Gratuit"]  # the cache knows


def test_a_token_cannot_touch_another_structures_places(client_a, structure_b):
    published = PlaceFactory(structure=structure_b, name="À B")
    hidden = PlaceFactory(structure=structure_b, status=Place.Status.SUBMITTED)

    patched = client_a.patch(f"{LIST}{published.pk}/", {"nom": "Volé"}, format="json")
    put = client_a.put(f"{LIST}{published.pk}/", {**NEW_PLACE, "id": None} | {"nom": "Volé"}, format="json")
    unseen = client_a.patch(f"{LIST}{hidden.pk}/", {"nom": "Volé"}, format="json")

    assert patched.status_code == put.status_code == 403
    assert unseen.status_code == 404
    published.refresh_from_db()
    assert published.name == "À B"
    assert not PlaceChange.objects.exists()


def test_places_without_structure_cannot_be_written(client_a):
    orphan = PlaceFactory(structure=None)
    assert client_a.patch(f"{LIST}{orphan.pk}/", {"nom": "X"}, format="json").status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_without_a_token_are_401(api, method):
    place = PlaceFactory()
    url = LIST if method == "post" else f"{LIST}{place.pk}/"
    response = getattr(api, method)(url, {"nom": "X"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_unknown_token_is_401(client_a, structure_a):
    ApiToken.objects.get(structure=structure_a).revoke()
    revoked = client_a.post(LIST, NEW_PLACE, format="json")
    assert revoked.status_code == 401
    assert "révoqué" in revoked.json()["detail"]
    client_a.credentials(HTTP_AUTHORIZATION="Bearer incl_inconnu")
    assert client_a.get(LIST).status_code == 401  # a wrong key is an error even for a read
    assert not Place.objects.filter(origin_id="mediatheque-centre").exists()


def test_delete_is_refused_even_for_the_owner(client_a, structure_a):
    place = PlaceFactory(structure=structure_a)
    assert client_a.delete(f"{LIST}{place.pk}/").status_code == 403
    assert Place.objects.filter(pk=place.pk).exists()


@pytest.mark.parametrize(
    "url", ["/api/v1/structures/", "/api/v1/programmes/", "/api/v1/supports/", "/api/v1/communes/"]
)
def test_read_only_resources_answer_405_to_writes_with_or_without_a_token(api, client_a, url):
    # No write exists there: HTTP's answer is 405 with the methods that do, whoever asks.
    for client in (api, client_a):
        response = client.post(url, {}, format="json")
        assert response.status_code == 405
        assert "POST" not in response["Allow"] and "GET" in response["Allow"]
