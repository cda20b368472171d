"""A structure's members create, see and revoke its API tokens on their page (/compte/)."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.exceptions import AuthenticationFailed

from accounts.authentication import ApiTokenAuthentication
from accounts.models import ApiToken, Membership, digest_of
from tests.accounts.factories import ApiTokenFactory, MembershipFactory, UserFactory
from tests.places.factories import StructureFactory

KEY = re.compile(r"incl_[A-Za-z0-9_-]{43}")


@pytest.fixture
def member(client):
    membership = MembershipFactory(structure=StructureFactory(name="Médiathèque de Montluçon"))
    client.force_login(membership.user)
    return membership


def create(client, structure, name="Logiciel de gestion"):
    return client.post(reverse("accounts:token-create", args=[structure.pk]), {"name": name})


def authenticate(key):
    request = RequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Bearer {key}")
    return ApiTokenAuthentication().authenticate(request)


def test_a_member_creates_a_token_and_sees_its_key_once(client, member):
    response = create(client, member.structure)

    assert response.status_code == 200
    page = response.content.decode()
    assert "copiez-la maintenant, elle ne sera plus affichée" in page
    assert "/api/v1/docs/" in page
    keys = set(KEY.findall(page))
    assert len(keys) == 1, keys
    key = keys.pop()
    assert f"Authorization: Bearer {key}" in page
    assert re.search(rf'<input[^>]* value="{key}" readonly', page), (
        "the key is in a read-only field to select"
    )
    token = ApiToken.objects.get()
    assert digest_of(key) == token.digest
    assert (token.structure, token.created_by, token.name) == (
        member.structure,
        member.user,
        "Logiciel de gestion",
    )
    assert "no-store" in response["Cache-Control"]

    home = client.get(reverse("accounts:home")).content.decode()
    assert key not in home
    assert token.prefix in home
    assert "Logiciel de gestion" in home


def test_the_new_key_authenticates_with_the_api_as_the_member(client, member):
    key = KEY.search(create(client, member.structure).content.decode()).group()

    user, token = authenticate(key)

    assert (user, token.structure) == (member.user, member.structure)


def test_a_non_member_cannot_create_a_token_for_a_structure(client):
    client.force_login(UserFactory())
    structure = MembershipFactory().structure

    assert create(client, structure).status_code == 403
    assert create(client, structure, name="").status_code == 403, "not even told the name was wrong"
    assert not ApiToken.objects.exists()


def test_a_non_member_cannot_revoke_a_structures_token(client):
    token = ApiTokenFactory(structure=MembershipFactory().structure)
    MembershipFactory(user=(outsider := UserFactory()))  # a member of another structure
    client.force_login(outsider)

    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    token = ApiTokenFactory()
    login = reverse("accounts:login")
    for response in [
        client.get(reverse("accounts:home")),
        create(client, token.structure),
        client.post(reverse("accounts:token-revoke", args=[token.pk])),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{login}?next=")
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_a_token_stops_its_key_and_the_list_says_revoked(client, member):
    key = KEY.search(create(client, member.structure).content.decode()).group()
    token = ApiToken.objects.get()
    revoke_url = reverse("accounts:token-revoke", args=[token.pk])
    assert revoke_url in client.get(reverse("accounts:home")).content.decode()

    response = client.post(revoke_url, follow=True)

    assert response.redirect_chain == [(reverse("accounts:home"), 302)]
    page = response.content.decode()
    assert "Le jeton « Logiciel de gestion » est révoqué" in page
    assert "Révoqué" in page
    assert revoke_url not in page, "no revoke button on a revoked token"
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == member.user
    with pytest.raises(AuthenticationFailed):
        authenticate(key)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Donnez un nom au jeton"),
        ("   ", "Donnez un nom au jeton"),
        ("x" * 101, "Le nom est trop long : 100 caractères au plus (vous en avez saisi 101)."),
    ],
)
def test_an_empty_or_too_long_name_is_refused_with_a_message(client, member, name, message):
    response = create(client, member.structure, name=name)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    field_id = f"id_name_{member.structure.pk}"
    assert re.search(rf'id="{field_id}"[^>]*aria-describedby="{field_id}-hint {field_id}-error"', page)
    assert f'<p class="fr-error-text" id="{field_id}-error">' in page
    assert not ApiToken.objects.exists()


def test_creating_and_revoking_tokens_need_a_post(client, member):
    token = ApiTokenFactory(structure=member.structure)

    assert client.get(reverse("accounts:token-create", args=[member.structure.pk])).status_code == 405
    assert client.get(reverse("accounts:token-revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_lists_the_members_structures_and_only_their_tokens(client, member):
    MembershipFactory(
        user=member.user, structure=StructureFactory(name="Espace France services de Commentry")
    )
    own = ApiTokenFactory(structure=member.structure, name="Logiciel de la médiathèque")
    other = ApiTokenFactory(name="Logiciel d'une autre structure")

    page = client.get(reverse("accounts:home")).content.decode()

    assert "Médiathèque de Montluçon" in page
    assert "Espace France services de Commentry" in page
    assert own.name in page
    assert other.name not in page
    assert page.count('name="name"') == 2, "one creation form per structure"


def test_someone_without_a_structure_is_told_how_to_get_one(client):
    client.force_login(UserFactory())

    page = client.get(reverse("accounts:home")).content.decode()

    assert "Votre compte n'est rattaché à aucune structure" in page
    assert not Membership.objects.exists()
