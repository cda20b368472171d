from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from places import hours
from places.models import Place, PlaceTag, Structure
from places.vocabularies import Frais, Service, Vocabulary
from programmes.models import Programme, Support

PARIS = ZoneInfo("Europe/Paris")


def make_place(name="EPN de Montluçon", lat=46.340, lon=2.603, status=Place.Status.PUBLISHED, **fields):
    defaults = dict(
        origin="test",
        origin_id=name,
        commune_name="Montluçon",
        postcode="03100",
        address="1 rue de la République",
    )
    return Place.objects.create(
        name=name, latitude=lat, longitude=lon, status=status, **{**defaults, **fields}
    )


def test_tags_come_back_in_the_standards_order_whatever_the_order_written():
    place = make_place()
    place.set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET, Service.DEMARCHES])
    place = Place.objects.with_tags().get(pk=place.pk)
    assert place.services == [Service.DEMARCHES, Service.ACCES_INTERNET]


def test_setting_tags_again_replaces_only_what_changed():
    place = make_place()
    place.set_tags(Vocabulary.FRAIS, [Frais.GRATUIT, Frais.PAYANT])
    kept = PlaceTag.objects.get(place=place, value=Frais.GRATUIT).pk

    place.set_tags(Vocabulary.FRAIS, [Frais.GRATUIT, Frais.GRATUIT_SOUS_CONDITION])

    assert place.frais == [Frais.GRATUIT, Frais.GRATUIT_SOUS_CONDITION]
    assert PlaceTag.objects.get(place=place, value=Frais.GRATUIT).pk == kept


def test_a_place_cannot_carry_the_same_value_twice():
    place = make_place()
    PlaceTag.objects.create(place=place, vocabulary=Vocabulary.SERVICES, value=Service.DEMARCHES)
    with pytest.raises(IntegrityError):
        PlaceTag.objects.create(place=place, vocabulary=Vocabulary.SERVICES, value=Service.DEMARCHES)


def test_tagged_keeps_places_with_any_of_the_values():
    free_admin = make_place("A")
    free_admin.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    free_internet = make_place("C")
    free_internet.set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET])
    make_place("D").set_tags(Vocabulary.SERVICES, [Service.LOISIRS])

    either = Place.objects.tagged(Vocabulary.SERVICES, [Service.DEMARCHES, Service.ACCES_INTERNET])

    assert set(either) == {free_admin, free_internet}


def test_changing_tags_dates_the_place():
    place = make_place("A")
    before = Place.objects.get(pk=place.pk).updated_at
    place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    dated = Place.objects.get(pk=place.pk).updated_at
    place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])  # no change, no new date
    assert before < dated == Place.objects.get(pk=place.pk).updated_at


def test_text_search_ignores_accents_and_case():
    library = make_place("Médiathèque Boris-Vian", summary="Ateliers numériques pour débutants")
    make_place("Mairie")
    assert list(Place.objects.matching("mediatheque DEBUTANTS")) == [library]


def test_published_keeps_only_published_places():
    shown = make_place("Publié")
    make_place("Brouillon", status=Place.Status.DRAFT)
    make_place("Archivé", status=Place.Status.ARCHIVED)
    assert list(Place.objects.published()) == [shown]


def test_a_place_has_both_coordinates_or_neither():
    with pytest.raises(IntegrityError):
        make_place(lat=46.3, lon=None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "04 70 00 00 00"),
        ("postcode", "3100"),
        ("pivot", "123 456"),
        ("opening_hours", "du lundi au vendredi"),
    ],
)
def test_validation_explains_values_outside_the_standard(field, value):
    place = Place(origin="t", origin_id="1", name="X", commune_name="Y", postcode="03100", address="Z")
    setattr(place, field, value)
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert field in error.value.message_dict


def test_opening_hours_know_french_public_holidays():
    rule = "Mo-Fr 09:00-12:00; PH off"
    assert hours.is_open_at(rule, datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)) is True
    assert hours.is_open_at(rule, datetime(2026, 11, 11, 10, 0, tzinfo=PARIS)) is False  # Armistice
    assert hours.is_open_at(rule, datetime(2026, 11, 25, 13, 0, tzinfo=PARIS)) is False
    assert hours.is_open_at("n'importe quoi", datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)) is None


def test_a_support_names_a_structure_or_a_place():
    programme = Programme.objects.create(slug="p", name="P", kind=Programme.Kind.LABEL)
    with pytest.raises(IntegrityError):
        Support.objects.create(programme=programme)


def test_a_hub_coordinates_member_structures():
    hub = Structure.objects.create(name="Hub du Sud", kind=Structure.Kind.ASSOCIATION, is_hub=True)
    member = Structure.objects.create(name="EPN de Martigues", kind=Structure.Kind.COMMUNE, hub=hub)
    assert list(Structure.objects.hubs()) == [hub]
    assert list(hub.members.all()) == [member]


def test_history_records_each_change_of_a_place():
    place = make_place()
    place.name = "EPN Montluçon centre"
    place.save()
    assert [h.name for h in place.history.order_by("history_date")] == [
        "EPN de Montluçon",
        "EPN Montluçon centre",
    ]
