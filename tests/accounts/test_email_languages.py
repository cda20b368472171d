"""Emails in the reader's language: the one they signed up in or last chose with the switch; French otherwise."""

from datetime import date

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import languages, structures
from accounts.models import LanguagePreference, Membership
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.places.factories import PlaceFactory, StructureFactory

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_signing_up_in_english_sends_the_link_in_english_and_remembers_it(client):
    client.post(
        reverse("accounts:signup"),
        {
            "email": "sam@example.invalid",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
        **ENGLISH,
    )
    [email] = mail.outbox
    assert email.subject == "Confirm your address to open your account"
    assert "To confirm your address and open your account" in email.body
    assert LanguagePreference.objects.get(user__email="sam@example.invalid").language == "en"


def test_the_switch_changes_the_language_of_a_logged_in_persons_emails(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("language", args=["en"]), {"next": "/"})
    assert languages.language_of(user) == "en"
    client.get(reverse("language", args=["fr"]), {"next": "/"})
    assert languages.language_of(user) == "fr"
    # Anonymous visitors leave nothing behind but their cookie.
    client.logout()
    client.get(reverse("language", args=["en"]), {"next": "/"})
    assert LanguagePreference.objects.count() == 1


def test_a_join_request_reaches_each_administrator_in_their_language(django_capture_on_commit_callbacks):
    structure = StructureFactory(name="CCAS de Montluçon")
    english = MembershipFactory(structure=structure, role=Membership.Role.ADMIN).user
    french = MembershipFactory(structure=structure, role=Membership.Role.ADMIN).user
    languages.remember(english, "en")
    asking = UserFactory()
    languages.remember(asking, "en")  # the person asking reads English: the French admin still gets French

    with django_capture_on_commit_callbacks(execute=True):
        structures.request_to_join(user=asking, structure=structure, message="Bonjour")

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert by_recipient[(english.email,)].subject == "Request to join “CCAS de Montluçon”"
    assert "asks to join the structure" in by_recipient[(english.email,)].body
    assert by_recipient[(french.email,)].subject == "Demande pour rejoindre « CCAS de Montluçon »"
    assert "The directory team" not in by_recipient[(french.email,)].body


def test_the_answer_to_a_join_request_is_in_the_language_of_the_person_who_asked(
    django_capture_on_commit_callbacks,
):
    structure = StructureFactory(name="CCAS de Montluçon")
    admin = MembershipFactory(structure=structure, role=Membership.Role.ADMIN).user
    asking = UserFactory()
    languages.remember(asking, "en")
    join_request = structures.request_to_join(user=asking, structure=structure)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        structures.decide_join_request(join_request=join_request, user=admin, accept=True)

    [email] = mail.outbox
    assert email.subject == "You have joined “CCAS de Montluçon”"
    assert email.body.rstrip().endswith("The directory team")


def test_freshness_reminders_are_written_in_each_members_language(time_machine, settings):
    time_machine.move_to("2026-12-01 10:00 +01:00", tick=False)
    structure = StructureFactory(name="CCAS de Montluçon")
    english = MembershipFactory(structure=structure, user=UserFactory(email="en@example.invalid")).user
    MembershipFactory(structure=structure, user=UserFactory(email="fr@example.invalid"))
    languages.remember(english, "en")
    PlaceFactory(structure=structure, name="Espace L'Escale", updated_on=date(2025, 1, 15))

    call_command("send_freshness_reminders")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert (
        by_recipient["en@example.invalid"].subject
        == "CCAS de Montluçon: 1 place(s) to check in the directory"
    )
    assert "Last update: 15 January 2025" in by_recipient["en@example.invalid"].body
    assert "Dernière mise à jour : le 15 janvier 2025" in by_recipient["fr@example.invalid"].body


def test_a_language_the_site_no_longer_offers_falls_back_to_french():
    user = UserFactory()
    LanguagePreference.objects.create(user=user, language="xx")
    assert languages.language_of(user) == "fr"
