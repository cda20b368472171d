"""send_freshness_reminders: each structure's members get their places to review by email, once a period."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Membership
from places.models import FreshnessReminder, Place
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.places.factories import PlaceFactory, StructureFactory


@pytest.fixture
def structure(time_machine, settings):
    time_machine.move_to("2026-12-01 10:00 +01:00", tick=False)
    settings.SITE_URL = "https://annuaire.example"
    structure = StructureFactory(name="CCAS de Montluçon")
    MembershipFactory(structure=structure, user=UserFactory(email="editrice@example.invalid"))
    MembershipFactory(
        structure=structure, user=UserFactory(email="admin@example.invalid"), role=Membership.Role.ADMIN
    )
    return structure


def run(*args) -> str:
    out = StringIO()
    call_command("send_freshness_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_member_gets_the_list_of_places_to_review_administrators_first(structure):
    old = PlaceFactory(structure=structure, name="Espace L'Escale", updated_on=date(2025, 1, 15))
    PlaceFactory(structure=structure, name="Lieu sans date", updated_on=None)
    PlaceFactory(structure=structure, name="Lieu frais", updated_on=date(2026, 10, 1))

    output = run()

    assert [message.to for message in mail.outbox] == [
        ["admin@example.invalid"],
        ["editrice@example.invalid"],
    ]
    message = mail.outbox[0]
    assert message.subject == "CCAS de Montluçon : 2 lieu(x) à vérifier dans l'annuaire"
    body = message.body
    assert "Espace L'Escale, 03100 Montluçon" in body  # plain text: no HTML escaping
    assert "Dernière mise à jour : le 15 janvier 2025" in body
    assert "Informations à vérifier : dernière mise à jour il y a plus de 18 mois" in body
    assert "Lieu sans date" in body and "Dernière mise à jour : date inconnue" in body
    assert "Lieu frais" not in body
    assert f"https://annuaire.example{old.get_absolute_url()}" in body
    assert f"https://annuaire.example/lieux/{old.pk}/verifier/" in body
    assert "https://annuaire.example/compte/#lieux-a-verifier" in body
    assert "au plus une fois par semestre" in body
    assert body.index("Lieu sans date") < body.index("Espace L'Escale")  # undated, then oldest first
    reminder = FreshnessReminder.objects.get()
    assert (reminder.structure, reminder.period, reminder.place_count) == (structure, "2026-S2", 2)
    assert "Period 2026-S2: 1 reminder(s) sent" in output


def test_running_again_in_the_same_period_sends_nothing(structure, time_machine):
    PlaceFactory(structure=structure, updated_on=date(2025, 1, 15))
    run()
    mail.outbox.clear()

    time_machine.move_to("2026-12-31 22:00 +01:00", tick=False)
    assert "0 reminder(s) sent" in run()
    assert mail.outbox == []

    time_machine.move_to("2027-01-02 09:00 +01:00", tick=False)  # a new half-year
    run()
    assert len(mail.outbox) == 2
    assert set(FreshnessReminder.objects.values_list("period", flat=True)) == {"2026-S2", "2027-S1"}


def test_a_dry_run_prints_the_emails_and_sends_and_records_nothing(structure):
    PlaceFactory(structure=structure, name="Espace vieux", updated_on=date(2025, 1, 15))

    output = run("--dry-run")

    assert mail.outbox == []
    assert not FreshnessReminder.objects.exists()
    assert (
        "[dry run] CCAS de Montluçon: 1 place(s) to review → admin@example.invalid, editrice@example.invalid"
        in output
    )
    assert "Espace vieux" in output
    assert "1 reminder(s) would be sent" in output
    run()
    assert len(mail.outbox) == 2  # the dry run did not use up the period


def test_a_band_option_narrows_the_list(structure):
    PlaceFactory(structure=structure, name="Très vieux", updated_on=date(2024, 1, 15))
    PlaceFactory(structure=structure, name="Un an", updated_on=date(2025, 9, 15))

    run("--band", "plus-18-mois")

    assert "Très vieux" in mail.outbox[0].body and "Un an" not in mail.outbox[0].body


def test_a_shorter_period_can_be_chosen(structure):
    PlaceFactory(structure=structure, updated_on=date(2025, 1, 15))

    run("--every", "month")

    assert FreshnessReminder.objects.get().period == "2026-12"
    assert "au plus une fois par mois" in mail.outbox[0].body


def test_structures_with_nothing_to_review_or_nobody_to_write_to_get_nothing(structure):
    PlaceFactory(structure=structure, updated_on=date(2026, 11, 1))
    PlaceFactory(structure=structure, updated_on=date(2020, 1, 1), status=Place.Status.ARCHIVED)
    lonely = StructureFactory()
    PlaceFactory(structure=lonely, updated_on=date(2020, 1, 1))
    inactive = StructureFactory()
    MembershipFactory(structure=inactive, user=UserFactory(is_active=False))
    PlaceFactory(structure=inactive, updated_on=date(2020, 1, 1))

    run()

    assert mail.outbox == []
    assert not FreshnessReminder.objects.exists()


def test_a_failed_send_is_tried_again_next_run(structure, monkeypatch):
    PlaceFactory(structure=structure, updated_on=date(2025, 1, 15))

    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(OSError):
        run()
    assert not FreshnessReminder.objects.exists()

    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 2
