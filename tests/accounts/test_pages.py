"""Logging in and out, and the header's account buttons."""

import re

from django.urls import reverse

from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory


def test_the_login_page_shows_a_labelled_form(client):
    page = client.get(reverse("accounts:login")).content.decode()

    assert re.search(r'<form method="post" action="/compte/connexion/"', page)
    assert "csrfmiddlewaretoken" in page
    assert re.search(
        r'<label class="fr-label" for="id_username">Adresse électronique<span class="fr-hint-text">Ou votre identifiant',
        page,
    )
    assert '<label class="fr-label" for="id_password">Mot de passe</label>' in page
    assert 'autocomplete="current-password"' in page


def test_a_member_logs_in_and_lands_on_their_space(client):
    user = MembershipFactory().user

    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).context["user"] == user


def test_logging_in_returns_to_the_page_asked_for(client):
    user = UserFactory()
    home = reverse("accounts:home")

    response = client.post(
        f"{reverse('accounts:login')}?next={home}",
        {"username": user.username, "password": PASSWORD, "next": home},
    )

    assert response["Location"] == home


def test_a_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()

    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "pas le bon"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="fr-alert fr-alert--error' in page
    assert "mot de passe" in page.lower()
    assert not response.context["user"].is_authenticated


def test_logging_out_takes_a_post(client):
    client.force_login(UserFactory())

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("places:home")
    assert client.get(reverse("accounts:home")).status_code == 302, "logged out"


def test_the_header_offers_to_log_in_to_a_visitor(client):
    page = client.get(reverse("programmes:list")).content.decode()

    header = page[page.index("<header") : page.index("</header>")]
    assert f'href="{reverse("accounts:login")}"' in header
    assert "Se connecter" in header
    assert "Se déconnecter" not in header


def test_the_header_offers_my_space_and_logging_out_to_a_logged_in_user(client):
    client.force_login(UserFactory())

    page = client.get(reverse("programmes:list")).content.decode()

    header = page[page.index("<header") : page.index("</header>")]
    assert f'href="{reverse("accounts:home")}"' in header
    assert re.search(rf'<form method="post" action="{reverse("accounts:logout")}">', header)
    assert "Se déconnecter" in header
    assert "Se connecter" not in header
