import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, Membership
from accounts.services import create_token
from tests.places.factories import StructureFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("partenaire", password="mot-de-passe-solide")


def token_for(structure, user) -> tuple[ApiToken, str]:
    Membership.objects.get_or_create(user=user, structure=structure)
    return create_token(structure=structure, user=user, name="Logiciel de gestion")


@pytest.fixture
def structure_a():
    return StructureFactory(name="Commune A")


@pytest.fixture
def structure_b():
    return StructureFactory(name="Commune B")


@pytest.fixture
def client_a(structure_a, user):
    """An API client carrying a token of structure A."""
    _token, key = token_for(structure_a, user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client
