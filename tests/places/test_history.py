"""Every version of a place names who wrote it and through what; its history page; a moderator's restore."""

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from places.history import StaleRestore, restore
from places.importer import PlaceImporter
from places.models import Commune, ModeratorScope, Place
from places.submissions import propose_change
from tests.accounts.factories import ApiTokenFactory, MembershipFactory, UserFactory
from tests.places.factories import PlaceFactory, StructureFactory

KEY = "incl_" + "h" * 40


def moderator(*, departements=()):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_place", "change_placechange"]))
    if departements:
        ModeratorScope.objects.create(user=user).departements.set(departements)
    return user


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def reasons(place) -> list[str]:
    return list(
        place.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )


def test_the_api_names_its_token_and_the_person(client):
    structure = StructureFactory()
    token = ApiTokenFactory(structure=structure, key=KEY, created_by=UserFactory(username="dev"))
    place = PlaceFactory(structure=structure, status=Place.Status.SUBMITTED)
    response = client.patch(
        f"/api/v1/places/{place.pk}/",
        {"telephone": "+33470000009"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {KEY}",
    )
    assert response.status_code == 200, response.content
    latest = place.history.first()
    assert latest.history_change_reason.startswith(f"API, jeton « {token.name} »")
    assert latest.history_user.username == "dev"


def test_the_admin_says_administration():
    admin = UserFactory(is_staff=True, is_superuser=True)
    structure = StructureFactory()
    client = logged_in(admin)
    page = client.get(reverse("admin:places_structure_change", args=[structure.pk]))
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"name": "Nouveau nom", "kind": structure.kind, "seen_version": structure.version})
    data.update({"supports-TOTAL_FORMS": 0, "supports-INITIAL_FORMS": 0})
    data = {
        key: value for key, value in data.items() if value not in (None, "") and not isinstance(value, list)
    }
    response = client.post(reverse("admin:places_structure_change", args=[structure.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = structure.history.first()
    assert latest.history_change_reason == "Administration" and latest.history_user == admin


def test_an_import_names_its_origin(tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_text(
        "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,source,date_maj\n"
        "a1,Espace du Cher,Montluçon,03100,03185,1 rue du Cher,46.34,2.6,Hub,2026-01-01\n",
        encoding="utf-8",
    )
    PlaceImporter(origin="hub-allier").run(path)
    place = Place.objects.get(origin="hub-allier")
    assert reasons(place) == ["Import hub-allier"]
    path.write_text(path.read_text().replace("1 rue du Cher", "3 rue du Cher"), encoding="utf-8")
    PlaceImporter(origin="hub-allier").run(path)
    assert reasons(place) == ["Import hub-allier", "Import hub-allier"]


def test_the_site_and_the_moderation_name_themselves_and_record_the_lists():
    membership = MembershipFactory()
    member = membership.user
    place = PlaceFactory(status=Place.Status.SUBMITTED, structure=membership.structure)
    propose_change(
        place=place,
        attributes={"name": "Nom corrigé"},
        tags={"services": []},
        user=member,
        via="Site, formulaire du lieu",
    )
    latest = place.history.first()
    assert latest.history_change_reason == "Site, formulaire du lieu" and latest.history_user == member
    assert latest.tag_snapshot is not None


def test_the_history_page_shows_each_version_against_the_previous():
    structure = StructureFactory()
    member = MembershipFactory(structure=structure).user
    place = PlaceFactory(structure=structure, status=Place.Status.SUBMITTED, name="Avant")
    propose_change(
        place=place, attributes={"name": "Après"}, tags={}, user=member, via="Site, formulaire du lieu"
    )
    text = logged_in(member).get(reverse("moderation:history", args=[place.pk])).content.decode()
    assert "Site, formulaire du lieu" in text and "Avant" in text and "Après" in text and "Nom" in text


def test_who_may_read_a_history():
    place = PlaceFactory(structure=StructureFactory())
    url = reverse("moderation:history", args=[place.pk])
    allier = place.commune.departement
    bretagne = Commune.objects.get(code="35238").departement
    assert Client().get(url).status_code == 302
    assert logged_in(MembershipFactory().user).get(url).status_code == 403  # another structure's member
    assert logged_in(UserFactory(is_staff=True)).get(url).status_code == 403
    assert logged_in(moderator(departements=[bretagne])).get(url).status_code == 403
    assert logged_in(moderator(departements=[allier])).get(url).status_code == 200
    assert logged_in(MembershipFactory(structure=place.structure).user).get(url).status_code == 200


def _place_with_two_versions():
    structure = StructureFactory()
    place = PlaceFactory(structure=structure, status=Place.Status.SUBMITTED, name="Version un")
    propose_change(
        place=place,
        attributes={"name": "Version un"},
        tags={"frais_a_charge": ["gratuit"]},
        user=None,
        via="Site",
    )
    first = place.history.first()
    propose_change(
        place=place,
        attributes={"name": "Version deux"},
        tags={"frais_a_charge": ["payant"]},
        user=None,
        via="Site",
    )
    place.refresh_from_db()
    return place, first


def test_a_moderator_restores_a_version_after_seeing_the_diff():
    place, first = _place_with_two_versions()
    user = moderator(departements=[place.commune.departement])
    client = logged_in(user)
    url = reverse("moderation:restore", args=[place.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Version deux" in text and "Version un" in text and "Payant" in text
    response = client.post(url, {"seen_version": place.version})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name == "Version un" and place.frais == ["gratuit"]
    latest = place.history.first()
    assert latest.history_change_reason.startswith("Restauration de la version du ")
    assert latest.history_user == user


def test_a_stale_restore_is_refused():
    place, first = _place_with_two_versions()
    client = logged_in(moderator())
    url = reverse("moderation:restore", args=[place.pk, first.history_id])
    seen = place.version
    propose_change(place=place, attributes={"name": "Version trois"}, tags={}, user=None, via="Site")
    response = client.post(url, {"seen_version": seen})
    assert response.status_code == 409
    place.refresh_from_db()
    assert place.name == "Version trois"
    try:
        restore(place=place, version=first, seen_version=seen, user=None)
    except StaleRestore:
        pass
    else:
        raise AssertionError("a stale restore must be refused")


def test_who_may_restore():
    place, first = _place_with_two_versions()
    url = reverse("moderation:restore", args=[place.pk, first.history_id])
    bretagne = Commune.objects.get(code="35238").departement
    data = {"seen_version": place.version}
    for client, expected in [
        (Client(), 302),
        (logged_in(MembershipFactory(structure=place.structure).user), 403),
        (logged_in(UserFactory(is_staff=True)), 403),
        (logged_in(moderator(departements=[bretagne])), 403),
    ]:
        assert client.get(url).status_code == expected
        assert client.post(url, data).status_code == expected
    place.refresh_from_db()
    assert place.name == "Version deux"
    csrf_client = logged_in(moderator(), enforce_csrf_checks=True)
    assert csrf_client.post(url, data).status_code == 403
    place.refresh_from_db()
    assert place.name == "Version deux"
