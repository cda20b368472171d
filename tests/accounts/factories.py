"""Factories of the accounts app."""

import factory
from django.contrib.auth import get_user_model

from accounts.models import VISIBLE_CHARACTERS, ApiToken, Membership, digest_of, new_key
from tests.places.factories import StructureFactory

PASSWORD = "un mot de passe de test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = Membership.Role.EDITOR


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token whose key is lost, as in real life, unless passed: ApiTokenFactory(key="incl_…")."""

    class Meta:
        model = ApiToken
        exclude = ["key"]

    structure = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Logiciel {n}")
    key = factory.LazyFunction(new_key)
    prefix = factory.LazyAttribute(lambda token: token.key[:VISIBLE_CHARACTERS])
    digest = factory.LazyAttribute(lambda token: digest_of(token.key))
