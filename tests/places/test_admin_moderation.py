"""Moderation in the admin: who may decide on proposed changes, and what a decision keeps."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from places.models import Place, PlaceChange
from places.submissions import propose_change
from tests.places.factories import PlaceFactory

CHANGELIST = reverse("admin:places_placechange_changelist")


@pytest.fixture
def pending_change():
    place = PlaceFactory(name="Médiathèque")
    return propose_change(
        place=place, attributes={"name": "Médiathèque Jean Moulin"}, tags={}, user=None, via="API"
    )


def staff_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user("moderateur", password="x" * 12, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.parametrize("action", ["apply", "reject"])
def test_a_staff_member_who_may_only_view_proposals_can_neither_apply_nor_reject_them(
    client, django_user_model, pending_change, action
):
    client.force_login(staff_with(django_user_model, "view_placechange", "view_place"))

    page = client.get(CHANGELIST)
    response = client.post(CHANGELIST, {"action": action, "_selected_action": [pending_change.pk]})

    offered = page.context["action_form"] and page.context["action_form"].fields["action"].choices
    assert page.status_code == 200 and action not in dict(offered or [])
    assert response.status_code in (200, 302)
    pending_change.refresh_from_db()
    assert pending_change.status == PlaceChange.Status.PENDING
    assert Place.objects.get(pk=pending_change.place_id).name == "Médiathèque"


def test_a_moderator_who_may_change_proposals_but_not_places_cannot_apply_them(
    client, django_user_model, pending_change
):
    client.force_login(staff_with(django_user_model, "view_placechange", "change_placechange"))

    client.post(CHANGELIST, {"action": "apply", "_selected_action": [pending_change.pk]})

    pending_change.refresh_from_db()
    assert pending_change.status == PlaceChange.Status.PENDING


def test_a_moderator_applies_a_proposal(client, django_user_model, pending_change):
    client.force_login(
        staff_with(django_user_model, "view_placechange", "change_placechange", "change_place")
    )

    client.post(CHANGELIST, {"action": "apply", "_selected_action": [pending_change.pk]})

    pending_change.refresh_from_db()
    assert pending_change.status == PlaceChange.Status.APPLIED
    assert Place.objects.get(pk=pending_change.place_id).name == "Médiathèque Jean Moulin"


def test_the_change_page_shows_a_proposal_of_tags_hours_and_commune_in_words(admin_client):
    place = PlaceFactory(name="Médiathèque")
    change = propose_change(
        place=place,
        attributes={"opening_hours": "Mo 09:00-12:00", "commune_id": "03185"},
        tags={"frais_a_charge": ["gratuit"], "services": ["aide-aux-demarches-administratives"]},
        user=None,
        via="API",
    )

    page = admin_client.get(reverse("admin:places_placechange_change", args=[change.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Gratuit" in text and "Montluçon" in text and "Mo 09:00-12:00" in text
