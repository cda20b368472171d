"""The admin shows tokens read-only and can revoke them; it lists and edits memberships."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from tests.accounts.factories import ApiTokenFactory, MembershipFactory, UserFactory


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_the_token_list_loads_for_a_superuser_without_an_add_button(client, superuser):
    token = ApiTokenFactory(name="Logiciel de gestion")

    response = client.get(reverse("admin:accounts_apitoken_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Logiciel de gestion" in page
    assert token.prefix in page
    assert reverse("admin:accounts_apitoken_add") not in page
    assert 'value="delete_selected"' not in page, "revoked tokens stay, as a record"
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_a_token_page_is_read_only(client, superuser):
    token = ApiTokenFactory(name="Logiciel de gestion")
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()
    client.post(url, {"name": "Autre nom"})
    token.refresh_from_db()
    assert token.name == "Logiciel de gestion"


def test_the_revoke_action_revokes_the_selected_tokens(client, superuser):
    selected, other = ApiTokenFactory(), ApiTokenFactory()
    already = ApiTokenFactory()
    already.revoke(by=None)
    revoked_at = already.revoked_at

    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [selected.pk, already.pk]},
        follow=True,
    )

    assert "1 jeton révoqué." in response.content.decode()
    selected.refresh_from_db()
    assert selected.revoked_at is not None
    assert selected.revoked_by == superuser
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None
    assert ApiToken.objects.get(pk=already.pk).revoked_at == revoked_at, "a revoked token keeps its date"


def test_the_membership_pages_load_with_autocomplete_fields(client, superuser):
    membership = MembershipFactory()

    assert (
        membership.structure.name
        in client.get(reverse("admin:accounts_membership_changelist")).content.decode()
    )
    page = client.get(reverse("admin:accounts_membership_add")).content.decode()
    assert 'class="admin-autocomplete' in page
    structures = client.get(
        reverse("admin:autocomplete"),
        {
            "term": membership.structure.name,
            "app_label": "accounts",
            "model_name": "membership",
            "field_name": "structure",
        },
    )
    assert structures.json()["results"] == [
        {"id": str(membership.structure.pk), "text": str(membership.structure)}
    ]
