"""Opening an account: sign-up, the confirmation link, a new link, and what an unconfirmed account cannot do."""

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import SignUp
from tests.accounts.emails import link_in, sent_to
from tests.accounts.factories import PASSWORD, UserFactory

NEW_PASSWORD = "une phrase de passe assez longue"
CONFIRM = "/compte/inscription/confirmer/"


def sign_up(client, email="Camille.Martin@Mairie-Exemple.fr", password=NEW_PASSWORD, confirmation=None):
    return client.post(
        reverse("accounts:signup"),
        {"email": email, "password1": password, "password2": confirmation or password},
    )


def log_in(client, username, password=NEW_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_new_account_waits_for_its_address_to_be_confirmed(client):
    response = sign_up(client)

    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup-sent")
    user = get_user_model().objects.get()
    # The address, lower-cased, is the login.
    assert (user.username, user.email, user.is_active) == (
        "camille.martin@mairie-exemple.fr",
        "camille.martin@mairie-exemple.fr",
        False,
    )
    assert user.signup.is_pending
    [message] = mail.outbox
    assert message.to == ["camille.martin@mairie-exemple.fr"]
    assert "Confirmez votre adresse" in message.subject
    assert "http://testserver/compte/inscription/confirmer/" in message.body


def test_the_link_confirms_the_address_and_the_account_logs_in(client):
    sign_up(client)
    link = link_in(mail.outbox[0], CONFIRM)

    page = client.get(link)
    assert page.status_code == 200 and "Confirmer mon adresse" in page.content.decode()
    assert not get_user_model().objects.get().is_active  # opening the link (a mail scanner) confirms nothing

    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user = get_user_model().objects.get()
    assert user.is_active and user.signup.confirmed_at is not None
    # In any case, as people type their address.
    assert log_in(client, "CAMILLE.martin@mairie-exemple.fr").status_code == 302
    assert logged_in(client)
    assert client.get(reverse("accounts:home")).status_code == 200


def test_an_unconfirmed_account_cannot_log_in_and_is_told_why_only_with_its_password(client):
    sign_up(client)

    right = log_in(client, "camille.martin@mairie-exemple.fr")
    wrong = log_in(client, "camille.martin@mairie-exemple.fr", "pas le bon mot de passe")

    assert not logged_in(client)
    assert "pas encore confirmée" in right.content.decode()
    assert reverse("accounts:signup-resend") in right.content.decode()
    assert "pas encore confirmée" not in wrong.content.decode()


def test_a_used_link_no_longer_works(client):
    sign_up(client)
    link = link_in(mail.outbox[0], CONFIRM)
    client.post(link)

    assert client.post(link).status_code == 400
    assert "a déjà servi" in client.get(link).content.decode()


def test_an_expired_link_is_refused(client):
    with time_machine.travel("2026-03-02 10:00 +0100", tick=False):
        sign_up(client)
    link = link_in(mail.outbox[0], CONFIRM)

    with time_machine.travel("2026-03-05 10:01 +0100", tick=False):  # 3 days and a minute later
        response = client.post(link)

    assert response.status_code == 400
    assert not get_user_model().objects.get().is_active


def test_a_forged_or_altered_link_is_refused(client):
    sign_up(client)
    link = link_in(mail.outbox[0], CONFIRM)
    token = link.removeprefix(CONFIRM).rstrip("/")
    other = get_user_model().objects.create_user("autre@example.invalid", is_active=False)
    SignUp.objects.create(user=other)

    for forged in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "abc", f"{other.pk}:x:y"]:
        assert client.post(f"{CONFIRM}{forged}/").status_code == 400
    assert not get_user_model().objects.filter(is_active=True).exists()


def test_a_new_link_works_and_once_one_link_served_the_others_are_void(client):
    sign_up(client)
    first = link_in(mail.outbox[0], CONFIRM)

    response = client.post(reverse("accounts:signup-resend"), {"email": "Camille.Martin@mairie-exemple.fr"})

    assert response["Location"] == reverse("accounts:signup-sent")
    second = link_in(mail.outbox[1], CONFIRM)
    assert client.post(second).status_code == 302
    assert client.post(first).status_code == 400


def test_a_new_link_is_sent_only_to_an_account_waiting_for_it(client):
    UserFactory(username="deja@example.invalid", email="deja@example.invalid")

    for email in ["deja@example.invalid", "inconnu@example.invalid"]:
        response = client.post(reverse("accounts:signup-resend"), {"email": email})
        assert response["Location"] == reverse("accounts:signup-sent")

    assert mail.outbox == []


def test_an_address_with_an_account_gets_a_notice_and_the_page_says_the_same(client):
    user = UserFactory(username="claire", email="Claire@Example.invalid")

    response = sign_up(client, email="claire@example.invalid")

    assert response.status_code == 302 and response["Location"] == reverse("accounts:signup-sent")
    assert get_user_model().objects.count() == 1
    [notice] = sent_to("claire@example.invalid")
    assert "déjà un compte" in notice.subject and CONFIRM not in notice.body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_second_sign_up_takes_over_an_unconfirmed_account_and_voids_its_link(client):
    # Someone signed up with an address that is not theirs: its owner signs up and gets the account.
    sign_up(client, password="le mot de passe de l'intrus")
    intruder_link = link_in(mail.outbox[0], CONFIRM)

    sign_up(client)
    owner_link = link_in(mail.outbox[1], CONFIRM)

    assert client.post(intruder_link).status_code == 400
    assert client.post(owner_link).status_code == 302
    user = get_user_model().objects.get()
    assert user.check_password(NEW_PASSWORD) and not user.check_password("le mot de passe de l'intrus")


def test_an_account_deactivated_by_the_team_is_not_switched_back_on_by_a_new_link(client):
    sign_up(client)
    client.post(link_in(mail.outbox[0], CONFIRM))
    get_user_model().objects.update(is_active=False)
    mail.outbox.clear()

    client.post(reverse("accounts:signup-resend"), {"email": "camille.martin@mairie-exemple.fr"})
    sign_up(client)

    assert not get_user_model().objects.get().is_active
    assert CONFIRM not in "".join(message.body for message in mail.outbox)


def test_passwords_are_checked_by_the_validators_in_french(client):
    cases = {
        "court": "Ce mot de passe est trop court",
        "123456789012345": "Ce mot de passe est entièrement numérique",
        "qwerty123456": "Ce mot de passe est trop courant",
        "camille.martin@mairie": "Le mot de passe est trop semblable",
    }
    for password, message in cases.items():
        response = sign_up(client, email="camille.martin@mairie-exemple.fr", password=password)
        assert response.status_code == 400
        assert message in response.content.decode().replace("&#x27;", "'"), password
    mismatch = sign_up(client, confirmation="une autre phrase de passe longue")
    assert "ne sont pas identiques" in mismatch.content.decode()
    assert not get_user_model().objects.exists() and mail.outbox == []


def test_the_form_says_what_is_wrong_with_each_field(client):
    response = sign_up(client, email="pas-une-adresse", password="", confirmation="")

    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_email-hint id_email-error"' in page and 'aria-invalid="true"' in page
    assert "Saisissez une adresse électronique valide" in page
    assert "Choisissez un mot de passe." in page


def test_a_logged_in_member_is_sent_to_their_space(client):
    client.force_login(UserFactory())

    assert client.get(reverse("accounts:signup"))["Location"] == reverse("accounts:home")


def test_the_login_page_and_the_header_lead_to_sign_up_and_password_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()

    assert f'href="{reverse("accounts:signup")}"' in page
    assert f'href="{reverse("accounts:password-reset")}">Mot de passe oublié ?</a>' in page
    assert "Créer un compte</a>" in client.get(reverse("places:home")).content.decode()
