""" "Mot de passe oublié ?": a link by email, the same answer for every address, and the lockout lifted."""

from django.core import mail
from django.urls import reverse

from tests.accounts.emails import link_in
from tests.accounts.factories import PASSWORD, UserFactory

NEW_PASSWORD = "une nouvelle phrase de passe"
RESET = "/compte/mot-de-passe-oublie/"


def ask_reset(client, email):
    return client.post(reverse("accounts:password-reset"), {"email": email})


def choose(client, link, password=NEW_PASSWORD, confirmation=None):
    # Django's view moves the token from the link into the session, then shows the form.
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": confirmation or password})


def test_a_member_chooses_a_new_password_through_the_emailed_link(client):
    user = UserFactory(username="claire", email="claire@example.invalid")

    response = ask_reset(client, "Claire@Example.invalid")
    assert response["Location"] == reverse("accounts:password-reset-done")
    [message] = mail.outbox
    assert message.to == ["claire@example.invalid"] and "nouveau mot de passe" in message.subject
    assert "Votre identifiant de connexion : claire" in message.body
    link = link_in(message, RESET)

    response = choose(client, link)
    assert response["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "a changé" in mail.outbox[1].subject  # the owner is told
    assert (
        client.post(reverse("accounts:login"), {"username": "claire", "password": NEW_PASSWORD}).status_code
        == 302
    )
    # The link served once.
    client.logout()
    assert "Ce lien ne fonctionne pas" in client.get(link).content.decode()


def test_the_answer_is_the_same_for_an_unknown_address(client):
    UserFactory(email="claire@example.invalid")

    known = ask_reset(client, "claire@example.invalid")
    unknown = ask_reset(client, "personne@example.invalid")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [["claire@example.invalid"]]


def test_an_unconfirmed_account_gets_no_reset_link(client):
    client.post(
        reverse("accounts:signup"),
        {"email": "nouveau@example.invalid", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    mail.outbox.clear()

    ask_reset(client, "nouveau@example.invalid")

    assert mail.outbox == []


def test_a_weak_new_password_is_refused_in_french(client):
    user = UserFactory(email="claire@example.invalid")
    ask_reset(client, user.email)

    response = choose(client, link_in(mail.outbox[0], RESET), password="court")

    assert response.status_code == 400
    assert "Ce mot de passe est trop court" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_new_password_ends_the_lockout_of_the_account(client):
    user = UserFactory(username="claire", email="claire@example.invalid")
    for n in range(5):
        client.post(reverse("accounts:login"), {"username": "claire", "password": f"essai-{n}"})
    assert (
        client.post(reverse("accounts:login"), {"username": "claire", "password": PASSWORD}).status_code
        == 429
    )

    ask_reset(client, user.email)
    choose(client, link_in(mail.outbox[0], RESET))

    # The account's failures are forgotten; the address's too, since they were all on this account.
    assert (
        client.post(reverse("accounts:login"), {"username": "claire", "password": NEW_PASSWORD}).status_code
        == 302
    )
