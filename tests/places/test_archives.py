"""Records that are evidence are archived, not deleted (inclusion/archiving.py): API tokens, programme
supports, proposed changes and error reports outlive nothing they prove."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from places.models import ErrorReport, Place, PlaceChange, Structure
from places.submissions import propose_change, reject_change
from programmes.models import Programme, Support
from tests.api.conftest import token_for
from tests.places.factories import PlaceFactory, StructureFactory


@pytest.fixture
def programme():
    return Programme.objects.create(slug="france-services", name="France Services", kind="label")


def test_a_structure_with_tokens_or_supports_cannot_be_deleted(admin_user, programme):
    with_token, with_support = StructureFactory(), StructureFactory()
    token, _key = token_for(with_token, admin_user)
    token.revoke(by=admin_user)
    Support.objects.create(programme=programme, structure=with_support)

    for structure in (with_token, with_support):
        with pytest.raises(ProtectedError):
            structure.delete()

    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert Structure.objects.count() == 2


def test_the_admin_refuses_to_delete_a_structure_with_tokens_and_says_why(admin_client, admin_user):
    structure = StructureFactory()
    token_for(structure, admin_user)

    response = admin_client.post(
        reverse("admin:places_structure_delete", args=[structure.pk]), {"post": "yes"}
    )

    assert Structure.objects.filter(pk=structure.pk).exists()
    assert "jeton" in response.content.decode().lower()


def test_a_place_with_reports_or_proposed_changes_cannot_be_deleted():
    reported, proposed = PlaceFactory(), PlaceFactory()
    ErrorReport.objects.create(place=reported, kind=ErrorReport.Kind.HOURS)
    propose_change(place=proposed, attributes={"name": "Autre"}, tags={}, user=None, via="API")

    for place in (reported, proposed):
        with pytest.raises(ProtectedError):
            place.delete()

    assert Place.objects.count() == 2


@pytest.mark.parametrize("model", [ErrorReport, PlaceChange, Support, ApiToken])
def test_the_admin_offers_no_delete_for_evidence(admin_client, model):
    changelist = admin_client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    )

    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions


def test_archiving_reports_and_decided_changes_keeps_them_and_a_pending_change_waits(admin_client):
    report = ErrorReport.objects.create(place=PlaceFactory(), kind=ErrorReport.Kind.HOURS)
    decided = propose_change(place=PlaceFactory(), attributes={"name": "A"}, tags={}, user=None, via="API")
    reject_change(change=decided, user=None)
    pending = propose_change(place=PlaceFactory(), attributes={"name": "B"}, tags={}, user=None, via="API")

    admin_client.post(
        reverse("admin:places_errorreport_changelist"), {"action": "archive", "_selected_action": [report.pk]}
    )
    admin_client.post(
        reverse("admin:places_placechange_changelist"),
        {"action": "archive", "_selected_action": [decided.pk, pending.pk]},
    )

    report.refresh_from_db(), decided.refresh_from_db(), pending.refresh_from_db()
    assert report.archived_at is not None
    assert decided.archived_at is not None
    assert pending.archived_at is None and pending.status == PlaceChange.Status.PENDING


def test_an_archived_support_leaves_the_api_and_stays_in_the_admin(admin_client, api_client, programme):
    support = Support.objects.create(programme=programme, place=PlaceFactory())

    admin_client.post(
        reverse("admin:programmes_support_changelist"),
        {"action": "archive", "_selected_action": [support.pk]},
    )

    assert Support._base_manager.get(pk=support.pk).archived_at is not None
    assert not Support.objects.filter(pk=support.pk).exists()
    assert api_client.get("/api/v1/supports/").json()["results"] == []
    assert admin_client.get(reverse("admin:programmes_support_change", args=[support.pk])).status_code == 200
    assert support.history.first().archived_at is not None  # who archived it, and when, is in its history


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def test_archived_at_is_set_once(admin_client):
    earlier = timezone.now() - timezone.timedelta(days=3)
    report = ErrorReport.objects.create(
        place=PlaceFactory(), kind=ErrorReport.Kind.HOURS, archived_at=earlier
    )

    admin_client.post(
        reverse("admin:places_errorreport_changelist"), {"action": "archive", "_selected_action": [report.pk]}
    )

    report.refresh_from_db()
    assert report.archived_at == earlier
