""" "Mes informations": a new address confirmed by a link sent to it (the old one is told), a new password."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from tests.accounts.emails import link_in, sent_to
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory

CONFIRM = "/compte/informations/adresse/confirmer/"
NEW_PASSWORD = "une nouvelle phrase de passe"


def ask_change(client, email, password=PASSWORD):
    return client.post(reverse("accounts:email-change"), {"email": email, "password": password})


def test_my_space_links_to_my_information(client):
    user = UserFactory()
    client.force_login(user)

    assert f'href="{reverse("accounts:account")}"' in client.get(reverse("accounts:home")).content.decode()
    page = client.get(reverse("accounts:account")).content.decode()
    assert (
        user.email in page
        and reverse("accounts:email-change") in page
        and reverse("accounts:password-change") in page
    )


def test_the_pages_ask_to_log_in(client):
    for name in ["account", "email-change", "password-change"]:
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_new_address_is_used_once_confirmed_from_its_mailbox(client):
    user = UserFactory(username="camille@example.invalid", email="camille@example.invalid")
    client.force_login(user)

    response = ask_change(client, "Camille@Nouvelle-Mairie.fr")
    assert response["Location"] == reverse("accounts:account")
    [message] = mail.outbox
    assert message.to == ["camille@nouvelle-mairie.fr"]
    user.refresh_from_db()
    assert user.email == "camille@example.invalid"  # nothing changes before the link is opened

    link = link_in(message, CONFIRM)
    assert client.get(link).status_code == 200
    assert client.post(link)["Location"] == reverse("accounts:account")

    user.refresh_from_db()
    assert (user.email, user.username) == ("camille@nouvelle-mairie.fr", "camille@nouvelle-mairie.fr")
    [notice] = sent_to("camille@example.invalid")
    assert "camille@nouvelle-mairie.fr" in notice.body
    assert client.post(link).status_code == 400  # it served
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "camille@nouvelle-mairie.fr", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_an_account_made_by_the_team_keeps_its_username(client):
    user = UserFactory(username="claire", email="claire@example.invalid")
    client.force_login(user)
    ask_change(client, "claire@ailleurs.invalid")

    client.post(link_in(mail.outbox[0], CONFIRM))

    user.refresh_from_db()
    assert (user.username, user.email) == ("claire", "claire@ailleurs.invalid")


def test_the_current_password_is_required(client):
    user = UserFactory()
    client.force_login(user)

    response = ask_change(client, "ailleurs@example.invalid", password="pas le bon")

    assert response.status_code == 400 and "pas votre mot de passe actuel" in response.content.decode()
    assert mail.outbox == []


def test_an_address_of_another_account_is_not_taken_and_the_page_says_nothing_more(client):
    UserFactory(username="autre", email="autre@example.invalid")
    user = UserFactory()
    client.force_login(user)

    response = ask_change(client, "AUTRE@example.invalid")

    assert response["Location"] == reverse("accounts:account")
    [notice] = mail.outbox
    assert notice.to == ["autre@example.invalid"] and CONFIRM not in notice.body


def test_a_link_for_an_address_taken_meanwhile_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    ask_change(client, "convoitee@example.invalid")
    UserFactory(username="convoitee@example.invalid", email="convoitee@example.invalid")

    response = client.post(link_in(mail.outbox[0], CONFIRM))

    assert response.status_code == 409
    user.refresh_from_db()
    assert user.email != "convoitee@example.invalid"


def test_an_unconfirmed_sign_up_does_not_hold_an_address_against_its_owner(client):
    member = MembershipFactory(user__username="camille", user__email="camille@example.invalid").user
    client.post(
        reverse("accounts:signup"),
        {"email": "camille@mairie.fr", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.force_login(member)
    ask_change(client, "camille@mairie.fr")

    client.post(link_in(mail.outbox[-1], CONFIRM))

    member.refresh_from_db()
    assert member.email == "camille@mairie.fr"
    assert list(get_user_model().objects.filter(email="camille@mairie.fr")) == [member]
    assert Membership.objects.filter(user=member).exists()


def test_a_link_is_void_once_the_password_changed(client):
    user = UserFactory()
    client.force_login(user)
    ask_change(client, "ailleurs@example.invalid")
    user.set_password(NEW_PASSWORD)
    user.save()

    assert client.post(link_in(mail.outbox[0], CONFIRM)).status_code == 400


def test_a_forged_link_is_refused(client):
    assert client.get(f"{CONFIRM}pas-un-jeton/").status_code == 400


def test_a_member_changes_their_password_and_stays_logged_in(client):
    user = UserFactory(email="claire@example.invalid")
    client.force_login(user)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("accounts:account")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:home")).status_code == 200
    [notice] = mail.outbox
    assert notice.to == ["claire@example.invalid"] and "a changé" in notice.subject


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password-change")

    wrong = client.post(
        url, {"old_password": "non", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )

    assert wrong.status_code == weak.status_code == 400
    assert "ancien mot de passe est incorrect" in wrong.content.decode()
    assert "trop court" in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
