"""Password guessing is stopped (django-axes, per account and per address) and the demo's administrator
opens nothing once DEBUG is off."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

LOGIN_PAGES = [reverse("accounts:login"), reverse("admin:login")]


def log_in(client, url, username, password, **headers):
    return client.post(url, {"username": username, "password": password}, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_page(client, url):
    user = UserFactory(is_staff=True)

    wrong = [log_in(client, url, user.username, f"essai-{n}").status_code for n in range(5)]
    right = log_in(client, url, user.username, PASSWORD)

    assert wrong[:4] == [200] * 4
    assert right.status_code == 429
    assert "Trop d'essais de mot de passe" in right.content.decode().replace("&#x27;", "'")
    assert int(right["Retry-After"]) == 15 * 60
    assert not logged_in(client)


def test_the_lockout_covers_the_site_and_the_admin_together(client):
    user = UserFactory(is_staff=True)
    for n in range(5):
        log_in(client, LOGIN_PAGES[n % 2], user.username, f"essai-{n}")

    assert log_in(client, reverse("admin:login"), user.username, PASSWORD).status_code == 429


def test_an_address_that_tries_many_accounts_is_locked_too(client):
    victims = UserFactory.create_batch(5)
    for victim in victims:
        log_in(client, LOGIN_PAGES[0], victim.username, "azerty123")

    other = UserFactory()
    assert log_in(client, LOGIN_PAGES[0], other.username, PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_one_guessing_visitor_does_not_lock_out_the_others(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for victim in UserFactory.create_batch(5):
        log_in(client, LOGIN_PAGES[0], victim.username, "azerty123", HTTP_X_FORWARDED_FOR="203.0.113.9")

    colleague = UserFactory()
    response = log_in(
        client, LOGIN_PAGES[0], colleague.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )

    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_forgets_earlier_mistakes(client):
    user = UserFactory()
    for n in range(4):
        log_in(client, LOGIN_PAGES[0], user.username, f"essai-{n}")
    log_in(client, LOGIN_PAGES[0], user.username, PASSWORD)
    client.logout()
    for n in range(4):
        log_in(client, LOGIN_PAGES[0], user.username, f"encore-{n}")

    assert log_in(client, LOGIN_PAGES[0], user.username, PASSWORD).status_code == 302


@pytest.fixture
def demo_admin():
    return get_user_model().objects.create_superuser("admin", "admin@example.invalid", "admin")


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_the_demo_administrator_opens_nothing_when_debug_is_off(client, demo_admin, url):
    response = log_in(client, url, "admin", "admin")

    assert response.status_code == 200 and not logged_in(client)


def test_the_demo_administrator_works_in_development(client, demo_admin, settings):
    settings.DEBUG = True

    assert log_in(client, LOGIN_PAGES[1], "admin", "admin").status_code == 302 and logged_in(client)
