"""A re-import never silently overwrites what a place's structure changed after the source's last import: the
structure's value stays, and the import report lists the conflict (places/importer.py)."""

from pathlib import Path

from django.test import Client
from django.urls import reverse

from places.importer import PlaceImporter
from places.models import Place, PlaceChange
from places.submissions import apply_change
from tests.accounts.factories import MembershipFactory
from tests.places.test_member_places import edit_form

EXAMPLE = Path(__file__).resolve().parents[2] / "places" / "data" / "exemple-valide.csv"


def imported(tmp_path) -> tuple[Path, Place]:
    source = tmp_path / "lieux.csv"
    source.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    PlaceImporter(origin="exemple").run(source)
    return source, Place.objects.filter(origin="exemple", status=Place.Status.PUBLISHED).order_by(
        "pk"
    ).first()


def test_a_member_edit_survives_the_next_import_and_the_report_lists_the_conflict(tmp_path):
    source, place = imported(tmp_path)
    member = MembershipFactory(structure__name="Mairie")
    place.structure = member.structure
    place.save()
    browser = Client()
    browser.force_login(member.user)
    browser.post(
        reverse("places:member-edit", args=[place.pk]),
        {**edit_form(browser, place), "name": "Nom de la mairie"},
    )
    apply_change(change=PlaceChange.objects.get(place=place), user=None)
    old_name = Place.objects.get(pk=place.pk).history.earliest().name

    # The source changes the name too, and another field the member did not touch.
    text = source.read_text(encoding="utf-8").replace(old_name, "Nom de la source")
    source.write_text(text, encoding="utf-8")
    report = PlaceImporter(origin="exemple").run(source)

    place.refresh_from_db()
    assert place.name == "Nom de la mairie"
    assert "name" in place.edited_fields
    (conflict,) = [line for line in report.lines if line.outcome == "conflit"]
    assert (
        conflict.column == "nom"
        and "Nom de la mairie" in conflict.message
        and "Nom de la source" in conflict.message
    )
    assert report.counts["conflicts"] == 1
    assert "Conflits (valeur de la structure gardée)" in report.summary()


def test_fields_the_member_did_not_touch_still_follow_the_source(tmp_path):
    source, place = imported(tmp_path)
    place.edited_fields = ["phone"]
    place.save()
    old_name = place.name

    source.write_text(
        source.read_text(encoding="utf-8").replace(old_name, "Nom de la source"), encoding="utf-8"
    )
    report = PlaceImporter(origin="exemple").run(source)

    place.refresh_from_db()
    assert place.name == "Nom de la source"
    assert not [line for line in report.lines if line.outcome == "conflit"]
