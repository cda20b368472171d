"""Guessing and floods: the accounts pages that send email or check a password are limited per client address,
every POST needs its CSRF token, and django-axes's lockout holds for logins by address."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import links
from accounts.models import SignUp
from tests.accounts.factories import PASSWORD, UserFactory

NEW_PASSWORD = "une phrase de passe assez longue"


@pytest.fixture
def two_per_hour(settings):
    settings.ACCOUNT_REQUESTS_PER_HOUR = 2


def sign_up(client, email, **headers):
    data = {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(reverse("accounts:signup"), data, **headers)


def test_sign_ups_are_limited_per_address_with_a_clear_message(client, two_per_hour):
    assert sign_up(client, "pas-une-adresse").status_code == 400  # a typo does not count
    assert [sign_up(client, f"personne{n}@example.invalid").status_code for n in range(2)] == [302, 302]

    refused = sign_up(client, "personne2@example.invalid")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Trop de demandes depuis votre connexion : réessayez dans 60 minutes" in refused.content.decode()
    assert len(mail.outbox) == 2 and get_user_model().objects.count() == 2
    # Another address is counted on its own.
    assert sign_up(client, "personne3@example.invalid", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_new_confirmation_links_are_limited_per_address(client, two_per_hour):
    url = reverse("accounts:signup-resend")
    answers = [client.post(url, {"email": f"x{n}@example.invalid"}).status_code for n in range(3)]

    assert answers == [302, 302, 429]


def test_password_resets_are_limited_per_address_whatever_the_address_asked_for(client, two_per_hour):
    UserFactory(email="claire@example.invalid")
    url = reverse("accounts:password-reset")
    answers = [client.post(url, {"email": email}).status_code for email in ["inconnu@example.invalid"] * 2]

    refused = client.post(url, {"email": "claire@example.invalid"})

    assert answers == [302, 302] and refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode() and mail.outbox == []


def test_changes_of_address_count_every_attempt_at_the_password(client, two_per_hour):
    client.force_login(UserFactory())
    url = reverse("accounts:email-change")
    answers = [
        client.post(url, {"email": "ailleurs@example.invalid", "password": f"essai-{n}"}).status_code
        for n in range(2)
    ]

    right = client.post(url, {"email": "ailleurs@example.invalid", "password": PASSWORD})

    assert answers == [400, 400] and right.status_code == 429 and mail.outbox == []


def test_changes_of_password_count_every_attempt_at_the_password(client, two_per_hour):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password-change")
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    answers = [client.post(url, {**data, "old_password": f"essai-{n}"}).status_code for n in range(2)]

    right = client.post(url, {**data, "old_password": PASSWORD})

    assert answers == [400, 400] and right.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def pending_user():
    user = get_user_model().objects.create_user(
        "attente@example.invalid", "attente@example.invalid", PASSWORD
    )
    user.is_active = False
    user.save()
    SignUp.objects.create(user=user)
    return user


def csrf_cases():
    """(url, data, logged in?) for every POST of the accounts pages."""
    user = UserFactory(email="claire@example.invalid")
    pending = pending_user()
    return user, [
        (
            reverse("accounts:signup"),
            {"email": "a@example.invalid", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            False,
        ),
        (reverse("accounts:signup-resend"), {"email": pending.email}, False),
        (reverse("accounts:signup-confirm", args=[links.sign_up_token(pending)]), {}, False),
        (reverse("accounts:password-reset"), {"email": user.email}, False),
        (reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, False),
        (reverse("accounts:email-change"), {"email": "b@example.invalid", "password": PASSWORD}, True),
        (
            reverse(
                "accounts:email-change-confirm", args=[links.email_change_token(user, "b@example.invalid")]
            ),
            {},
            False,
        ),
        (
            reverse("accounts:password-change"),
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            True,
        ),
    ]


def test_every_post_needs_its_csrf_token():
    user, cases = csrf_cases()
    for url, data, needs_login in cases:
        client = Client(enforce_csrf_checks=True)
        if needs_login:
            client.force_login(user)
        assert client.post(url, data).status_code == 403, url
    assert mail.outbox == []
    assert not get_user_model().objects.filter(email__in=["a@example.invalid", "b@example.invalid"]).exists()
    assert not get_user_model().objects.filter(is_active=True, email="attente@example.invalid").exists()


def test_with_its_csrf_token_the_same_post_goes_through():
    # The control of the test above: without it, a 403 for another reason would pass for CSRF protection.
    user, cases = csrf_cases()
    for url, data, needs_login in cases:
        client = Client(enforce_csrf_checks=True)
        if needs_login:
            client.force_login(user)
        page = client.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302, url


def test_five_wrong_passwords_lock_an_account_logged_in_by_address_whatever_the_case(client):
    client.post(
        reverse("accounts:signup"),
        {"email": "camille@mairie.fr", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    get_user_model().objects.update(is_active=True)
    spellings = [
        "camille@mairie.fr",
        "Camille@Mairie.fr",
        "CAMILLE@MAIRIE.FR",
        " camille@mairie.fr",
        "camille@MAIRIE.fr",
    ]

    wrong = [
        client.post(
            reverse("accounts:login"),
            {"username": name, "password": f"essai-{n}"},
            REMOTE_ADDR=f"192.0.2.{n}",
        ).status_code
        for n, name in enumerate(spellings)
    ]
    right = client.post(
        reverse("accounts:login"),
        {"username": "camille@mairie.fr", "password": NEW_PASSWORD},
        REMOTE_ADDR="198.51.100.1",
    )

    # Five different addresses: only the account's count can have locked it.
    assert wrong[:4] == [200] * 4
    assert right.status_code == 429 and "Trop d'essais" in right.content.decode().replace("&#x27;", "'")
    assert "_auth_user_id" not in client.session


def test_a_team_made_account_whose_username_has_capitals_still_logs_in_as_typed(client):
    UserFactory(username="Jean.Dupont@Mairie.fr")

    response = client.post(
        reverse("accounts:login"), {"username": "Jean.Dupont@Mairie.fr", "password": PASSWORD}
    )

    assert response.status_code == 302
