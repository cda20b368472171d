"""create_api_token: an operator creates a partner's token from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiToken, Membership, digest_of
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.places.factories import StructureFactory


def run(**options):
    stdout, stderr = StringIO(), StringIO()
    call_command("create_api_token", stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def test_it_prints_the_key_of_a_new_token_of_the_structure():
    membership = MembershipFactory()

    stdout, stderr = run(structure=membership.structure.pk, user=membership.user.username, name="Logiciel")

    key = stdout.strip()
    token = ApiToken.objects.get()
    assert digest_of(key) == token.digest
    assert (token.structure, token.created_by, token.name) == (
        membership.structure,
        membership.user,
        "Logiciel",
    )
    assert "Authorization: Bearer" in stderr
    assert key not in stderr, "the key is printed once"


def test_it_refuses_a_user_who_is_not_a_member():
    structure, user = StructureFactory(), UserFactory()

    with pytest.raises(CommandError, match="not a member.*--add-member"):
        run(structure=structure.pk, user=user.username, name="Logiciel")

    assert not ApiToken.objects.exists()
    assert not Membership.objects.exists()


def test_with_add_member_it_first_makes_the_user_an_administrator_of_the_structure():
    structure, user = StructureFactory(), UserFactory()

    stdout, _ = run(structure=structure.pk, user=user.username, name="Logiciel", add_member=True)

    membership = Membership.objects.get()
    assert (membership.user, membership.structure, membership.role) == (
        user,
        structure,
        Membership.Role.ADMIN,
    )
    assert digest_of(stdout.strip()) == ApiToken.objects.get(structure=structure).digest


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"structure": 999_999, "user": "membre", "name": "Logiciel"}, "No structure with id 999999"),
        ({"user": "personne", "name": "Logiciel"}, "No user named 'personne'"),
        ({"user": "membre", "name": " "}, "--name must be 1 to 100 characters long"),
    ],
)
def test_it_explains_what_is_wrong_with_its_arguments(options, message):
    membership = MembershipFactory(user=UserFactory(username="membre"))
    options.setdefault("structure", membership.structure.pk)

    with pytest.raises(CommandError, match=message):
        run(**options)

    assert not ApiToken.objects.exists()
