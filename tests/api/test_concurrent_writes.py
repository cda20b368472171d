"""Two writers on one place: a version checked by If-Match / If-Unmodified-Since (412 when stale), and row locks
so that concurrent PATCHes without them lose nothing and never answer 500 (places/concurrency.py)."""

import os
import threading
from email.utils import formatdate

import pytest
from django.db import connection

from places.models import Place, PlaceChange
from tests.api.conftest import token_for
from tests.places.factories import PlaceFactory, StructureFactory


def detail(place) -> str:
    return f"/api/v1/places/{place.pk}/"


@pytest.fixture
def draft(structure_a):
    """A place of structure A not published yet: its structure's PATCHes apply at once."""
    return PlaceFactory(structure=structure_a, status=Place.Status.SUBMITTED, name="Médiathèque")


def test_a_places_etag_names_its_version(client_a, draft):
    response = client_a.get(detail(draft))

    assert response["ETag"].startswith(f'"v{draft.version}-')


def test_a_patch_with_the_etag_read_is_applied_and_answers_the_new_etag(client_a, draft):
    etag = client_a.get(detail(draft))["ETag"]

    response = client_a.patch(
        detail(draft), {"nom": "Médiathèque Jean Moulin"}, format="json", HTTP_IF_MATCH=etag
    )

    draft.refresh_from_db()
    assert response.status_code == 200, response.json()
    assert draft.name == "Médiathèque Jean Moulin"
    assert response["ETag"] == f'"v{draft.version}"'
    assert client_a.get(detail(draft))["ETag"].startswith(f'"v{draft.version}-')


def test_a_patch_over_a_version_someone_else_changed_is_refused_with_412_and_writes_nothing(client_a, draft):
    etag = client_a.get(detail(draft))["ETag"]
    client_a.patch(detail(draft), {"telephone": "04 70 11 22 33"}, format="json")  # someone else, meanwhile

    response = client_a.patch(detail(draft), {"nom": "Autre nom"}, format="json", HTTP_IF_MATCH=etag)

    draft.refresh_from_db()
    assert response.status_code == 412
    assert "relisez-le" in response.json()["detail"]
    assert (draft.name, draft.phone) == ("Médiathèque", "+33470112233")


def test_a_stale_if_match_on_a_published_place_proposes_nothing(client_a, structure_a):
    place = PlaceFactory(structure=structure_a)
    etag = client_a.get(detail(place))["ETag"]
    place.name = "Renommé par un modérateur"
    place.save()

    response = client_a.patch(detail(place), {"nom": "Autre nom"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert not PlaceChange.objects.exists()


def test_if_match_star_and_if_unmodified_since(client_a, draft):
    assert client_a.patch(detail(draft), {"nom": "Un"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    draft.refresh_from_db()
    before = formatdate(draft.updated_at.timestamp() - 60, usegmt=True)
    after = formatdate(draft.updated_at.timestamp() + 1, usegmt=True)

    stale = client_a.patch(detail(draft), {"nom": "Deux"}, format="json", HTTP_IF_UNMODIFIED_SINCE=before)
    fresh = client_a.patch(detail(draft), {"nom": "Trois"}, format="json", HTTP_IF_UNMODIFIED_SINCE=after)

    assert (stale.status_code, fresh.status_code) == (412, 200)
    draft.refresh_from_db()
    assert draft.name == "Trois"


# --- Real concurrency: threads, each with its own database connection, writing at once -------------------

FIELDS = {
    "nom": ("name", "Nouveau nom"),
    "telephone": ("phone", "+33470000001"),
    "adresse": ("address", "3 rue Neuve"),
    "presentation_resume": ("summary", "Résumé neuf"),
    "presentation_detail": ("description", "Détail neuf"),
    "site_web": ("websites", ["https://nouveau.example.fr"]),
    "courriels": ("emails", ["accueil@nouveau.example.fr"]),
    "horaires": ("opening_hours", "Mo-Sa 09:00-18:00"),
}


def run_at_once(requests) -> list:
    """Each request in a thread of its own, released together; their responses."""
    start = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index, request):
        try:
            start.wait()
            responses[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (CI's second run): SQLite's in-memory test database has one writer",
)


def token_client(structure, django_user_model, n: int):
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user(f"ecrivain-{n}", password="x" * 12)
    _token, key = token_for(structure, user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("published", [False, True], ids=["draft", "published"])
def test_eight_concurrent_patches_of_different_fields_are_all_kept_and_none_fails(
    django_user_model, published
):
    structure = StructureFactory()
    place = PlaceFactory(
        structure=structure, status=Place.Status.PUBLISHED if published else Place.Status.SUBMITTED
    )
    clients = [token_client(structure, django_user_model, n) for n in range(len(FIELDS))]
    requests = [
        (
            lambda client=client, column=column, value=value: client.patch(
                detail(place), {column: value}, format="json"
            )
        )
        for client, (column, (_attribute, value)) in zip(clients, FIELDS.items(), strict=True)
    ]

    responses = run_at_once(requests)

    assert sorted(response.status_code for response in responses) == [202 if published else 200] * len(FIELDS)
    place.refresh_from_db()
    if published:
        (change,) = PlaceChange.objects.filter(place=place)
        kept = change.values["attributes"]
    else:
        kept = {attribute: getattr(place, attribute) for attribute, _value in FIELDS.values()}
    for attribute, value in FIELDS.values():
        assert kept[attribute] == value, attribute


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_the_same_etag_one_wins_the_others_get_412(django_user_model):
    structure = StructureFactory()
    place = PlaceFactory(structure=structure, status=Place.Status.SUBMITTED)
    clients = [token_client(structure, django_user_model, n) for n in range(6)]
    etag = clients[0].get(detail(place))["ETag"]
    requests = [
        (
            lambda client=client, n=n: client.patch(
                detail(place), {"nom": f"Nom {n}"}, format="json", HTTP_IF_MATCH=etag
            )
        )
        for n, client in enumerate(clients)
    ]

    statuses = sorted(response.status_code for response in run_at_once(requests))

    assert statuses == [200] + [412] * 5
    place.refresh_from_db()
    assert place.name.startswith("Nom ")
