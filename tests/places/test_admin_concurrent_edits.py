"""Two people saving the same place or structure in the admin: the second is told, and undoes nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from places.importer import PlaceImporter
from places.models import Place, Structure
from tests.places.factories import PlaceFactory, StructureFactory
from tests.places.test_admin import form_data


def moderator(name: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(name, f"{name}@example.invalid", "x" * 12))
    return client


def test_the_second_of_two_admins_editing_a_place_is_refused_and_the_first_ones_change_stays():
    place = PlaceFactory(name="Médiathèque", phone="+33470000000")
    url = reverse("admin:places_place_change", args=[place.pk])
    alice, bruno = moderator("alice"), moderator("bruno")
    alices_form, brunos_form = form_data(alice.get(url)), form_data(bruno.get(url))

    alices_form["phone"] = "04 70 11 22 33"
    first = alice.post(url, alices_form)
    brunos_form["name"] = "Médiathèque Jean Moulin"
    second = bruno.post(url, brunos_form)

    place.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200  # the form again, with the reason
    assert "alice l&#x27;a modifié le" in second.content.decode()
    assert (place.name, place.phone) == ("Médiathèque", "+33470112233")


def test_a_form_drawn_again_after_the_others_save_goes_through():
    place = PlaceFactory(name="Médiathèque")
    url = reverse("admin:places_place_change", args=[place.pk])
    alice, bruno = moderator("alice"), moderator("bruno")
    alice.post(url, {**form_data(alice.get(url)), "phone": "04 70 11 22 33"})

    response = bruno.post(url, {**form_data(bruno.get(url)), "name": "Médiathèque Jean Moulin"})

    place.refresh_from_db()
    assert response.status_code == 302
    assert (place.name, place.phone) == ("Médiathèque Jean Moulin", "+33470112233")


def test_an_api_or_import_write_meanwhile_also_stops_a_stale_admin_form():
    place = PlaceFactory(name="Médiathèque")
    url = reverse("admin:places_place_change", args=[place.pk])
    alice = moderator("alice")
    stale = form_data(alice.get(url))
    place.set_tags("services", ["aide-aux-demarches-administratives"])  # a write that is not a save()

    response = alice.post(url, {**stale, "name": "Autre"})

    assert response.status_code == 200
    assert Place.objects.get(pk=place.pk).name == "Médiathèque"


def test_the_second_of_two_admins_editing_a_structure_is_refused():
    structure = StructureFactory(name="Commune A")
    url = reverse("admin:places_structure_change", args=[structure.pk])
    alice, bruno = moderator("alice"), moderator("bruno")
    alices_form, brunos_form = form_data(alice.get(url)), form_data(bruno.get(url))

    assert alice.post(url, {**alices_form, "phone": "0470000000"}).status_code == 302
    second = bruno.post(url, {**brunos_form, "name": "Commune B"})

    structure.refresh_from_db()
    assert second.status_code == 200
    assert (structure.name, structure.phone) == ("Commune A", "0470000000")
    assert Structure.objects.get(pk=structure.pk).version == 2


def test_a_reimport_that_changes_a_place_stops_an_admin_form_drawn_before_it(tmp_path):
    example = Path(__file__).resolve().parents[2] / "places" / "data" / "exemple-valide.csv"
    source = tmp_path / "lieux.csv"
    source.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    PlaceImporter(origin="exemple").run(source)
    place = Place.objects.filter(origin="exemple").order_by("pk").first()
    url = reverse("admin:places_place_change", args=[place.pk])
    alice = moderator("alice")
    stale = form_data(alice.get(url))

    source.write_text(source.read_text(encoding="utf-8").replace(place.name, "Nom corrigé par la source"))
    PlaceImporter(origin="exemple").run(source)
    response = alice.post(url, {**stale, "phone": "04 70 11 22 33"})

    assert response.status_code == 200
    assert Place.objects.get(pk=place.pk).name == "Nom corrigé par la source"
