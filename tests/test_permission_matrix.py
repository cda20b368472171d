"""The permission matrix of the site's and the API's write paths (issue 12): for each path, every actor who must
not write is refused — login page, 403 or 404 — and changes nothing; then the actor who may, with the very same
request, succeeds (so a refusal is never a validation error in disguise). 0 IDOR: ids are guessed, not linked.

Actors: anonymous, an editor and an administrator of structure A, a member of structure B, a moderator of the
place's département (Allier), a moderator of another (Ille-et-Vilaine), a staff member without moderation rights.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from places.models import ModeratorScope, Place
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.api.conftest import token_for
from tests.places.factories import PlaceFactory, StructureFactory
from tests.places.test_member_places import edit_form

REFUSED = {302, 403, 404, 405}


@dataclass
class World:
    structure_a: object
    place: Place
    editor_a: object
    admin_a: object
    member_b: object
    moderator_here: object
    moderator_elsewhere: object
    staff: object


def moderator(departement: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_place", "change_placechange"]))
    scope = ModeratorScope.objects.create(user=user)
    scope.departements.set([departement])
    return user


@pytest.fixture
def world() -> World:
    structure_a = StructureFactory(name="Commune A")
    editor = MembershipFactory(structure=structure_a, role=Membership.Role.EDITOR).user
    admin = MembershipFactory(structure=structure_a, role=Membership.Role.ADMIN).user
    place = PlaceFactory(
        structure=structure_a, status=Place.Status.SUBMITTED, name="Lieu de A"
    )  # Montluçon (03)
    return World(
        structure_a=structure_a,
        place=place,
        editor_a=editor,
        admin_a=admin,
        member_b=MembershipFactory(structure=StructureFactory(name="Commune B")).user,
        moderator_here=moderator("03"),
        moderator_elsewhere=moderator("35"),
        staff=UserFactory(is_staff=True),
    )


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


ACTORS = ["anonymous", "editor_a", "admin_a", "member_b", "moderator_here", "moderator_elsewhere", "staff"]
STAFF = {"moderator_here", "moderator_elsewhere", "staff"}


def check(world: World, url: str, data: dict, *, allowed: str, state: Callable[[], object], staff_may=False):
    """Every other actor refused without a change of `state`; then `allowed` goes through and changes it.
    `staff_may`: the directory's staff may do it too, so they are not among those refused."""
    before = state()
    actors = [name for name in ACTORS if not (staff_may and name in STAFF)]
    for name in actors:
        if name == allowed or (allowed == "members_a" and name in ("editor_a", "admin_a")):
            continue
        response = client_of(getattr(world, name, None)).post(url, data)
        assert response.status_code in REFUSED, (url, name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), (url, name)
        assert state() == before, (url, name)
    who = world.editor_a if allowed == "members_a" else getattr(world, allowed)
    response = client_of(who).post(url, data)
    assert response.status_code not in (403, 404, 405) and response.status_code < 500, (
        url,
        allowed,
        response.status_code,
    )
    assert state() != before, (url, allowed)


def test_editing_a_place_is_for_its_structures_members_only(world):
    data = {**edit_form(client_of(world.editor_a), world.place), "name": "Renommé"}

    check(world, reverse("places:member-edit", args=[world.place.pk]), data, allowed="members_a",
          state=lambda: Place.objects.get(pk=world.place.pk).name)  # fmt: skip


def test_closing_a_place_is_for_its_structures_members_only(world):
    data = {"closed_on": "2026-11-30", "seen_version": world.place.version}

    check(world, reverse("places:member-close", args=[world.place.pk]), data, allowed="members_a",
          state=lambda: Place.objects.get(pk=world.place.pk).status)  # fmt: skip


def test_confirming_a_place_up_to_date_is_for_its_structures_members(world):
    Place.objects.filter(pk=world.place.pk).update(updated_on="2024-01-01", status=Place.Status.PUBLISHED)

    check(world, reverse("places:confirm-fresh", args=[world.place.pk]), {}, allowed="members_a", staff_may=True,
          state=lambda: Place.objects.get(pk=world.place.pk).updated_on)  # fmt: skip


def test_editing_a_structure_is_for_its_administrators(world):
    form = client_of(world.admin_a).get(reverse("accounts:structure-edit", args=[world.structure_a.pk]))
    data = {name: value for name, value in form.context["form"].initial.items() if value is not None}
    data.update(name="Commune A renommée", seen_version=world.structure_a.version)

    check(world, reverse("accounts:structure-edit", args=[world.structure_a.pk]), data, allowed="admin_a",
          state=lambda: type(world.structure_a).objects.get(pk=world.structure_a.pk).name)  # fmt: skip


def test_changing_a_members_role_is_for_the_structures_administrators(world):
    membership = Membership.objects.get(user=world.editor_a)

    check(world, reverse("accounts:member-role", args=[membership.pk]), {"role": "admin"}, allowed="admin_a",
          state=lambda: Membership.objects.get(pk=membership.pk).role)  # fmt: skip


def test_publishing_a_submitted_place_is_for_moderators_of_its_territory(world):
    data = {"decision": "approve", "message": "", "seen": str(world.place.version)}

    check(world, reverse("moderation:place", args=[world.place.pk]), data, allowed="moderator_here",
          state=lambda: Place.objects.get(pk=world.place.pk).status)  # fmt: skip


def test_an_api_token_writes_only_its_structures_places(world, api=None):
    from rest_framework.test import APIClient

    _token_a, key_a = token_for(world.structure_a, world.editor_a)
    _token_b, key_b = token_for(Membership.objects.get(user=world.member_b).structure, world.member_b)
    url = f"/api/v1/places/{world.place.pk}/"
    clients = {}
    for name, key in (("a", key_a), ("b", key_b), ("none", None)):
        clients[name] = APIClient()
        if key:
            clients[name].credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    refused = [clients[name].patch(url, {"nom": "Volé"}, format="json").status_code for name in ("b", "none")]
    allowed = clients["a"].patch(url, {"nom": "Renommé par A"}, format="json")

    assert refused[0] in (403, 404) and refused[1] == 401
    assert allowed.status_code == 200
    assert Place.objects.get(pk=world.place.pk).name == "Renommé par A"


def test_revoking_a_token_is_for_the_structures_members(world):
    from accounts.models import ApiToken

    token, _key = token_for(world.structure_a, world.admin_a)

    check(world, reverse("accounts:token-revoke", args=[token.pk]), {}, allowed="members_a",
          state=lambda: ApiToken.objects.get(pk=token.pk).revoked_at is None)  # fmt: skip
