"""Moderators record and edit supports (candidate → laureate → funded → ended) in the administration, reached from
the programme's page; who lacks the permission is refused and changes nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from programmes.models import Programme, Support
from tests.accounts.factories import UserFactory
from tests.places.factories import StructureFactory

ADD = reverse("admin:programmes_support_add")


@pytest.fixture
def programme():
    return Programme.objects.create(
        slug="fabriques-de-territoire", name="Fabriques de territoire", kind="ami"
    )


@pytest.fixture
def moderator():
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="programmes", codename__endswith="_support")
    )
    return user


def form(programme, porteur, **values):
    return {
        "programme": programme.pk,
        "status": "candidate",
        "structure": porteur.pk,
        "place": "",
        "wave": "",
        "starts_on": "",
        "ends_on": "",
        "amount_eur": "",
        "conseillers_count": "",
        "note": "",
        "origin": "",
        **values,
    }


def test_a_moderator_follows_a_support_from_candidacy_to_funding(client, programme, moderator):
    structure = StructureFactory(name="Tiers-lieu du Bocage")
    client.force_login(moderator)

    page = client.get(reverse("programmes:detail", args=[programme.slug])).content.decode()
    assert f"{ADD}?programme={programme.pk}" in page  # reached from the programme's page

    response = client.post(ADD, form(programme, structure))
    assert response.status_code == 302, response.context["adminform"].form.errors
    support = Support.objects.get()
    change = reverse("admin:programmes_support_change", args=[support.pk])
    client.post(change, form(programme, structure, status="laureate", wave="Vague 2"))
    client.post(
        change,
        form(
            programme,
            structure,
            status="funded",
            wave="Vague 2",
            amount_eur="75000",
            starts_on="2026-01-01",
            ends_on="2028-12-31",
            conseillers_count="2",
        ),
    )

    support.refresh_from_db()
    assert (support.status, support.amount_eur, support.conseillers_count) == ("funded", 75_000, 2)
    assert [record.status for record in support.history.order_by("history_date")] == [
        "candidate",
        "laureate",
        "funded",
    ]
    assert support.history.latest().history_user == moderator


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"structure": ""}, "support_has_structure_or_place"),
        ({"starts_on": "2027-01-01", "ends_on": "2026-01-01"}, "support_period_in_order"),
        ({"amount_eur": "-5"}, "Un montant ne peut pas être négatif."),
    ],
)
def test_a_wrong_support_is_refused_with_a_message_and_nothing_saved(
    client, programme, moderator, values, message
):
    client.force_login(moderator)

    response = client.post(ADD, form(programme, StructureFactory(), **values))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_text()
    assert message in errors
    assert not Support._base_manager.exists()


def test_staff_without_the_permission_can_neither_add_nor_change_a_support(client, programme):
    structure = StructureFactory()
    support = Support.objects.create(programme=programme, structure=structure, status="candidate")
    client.force_login(UserFactory(is_staff=True))

    page = client.get(reverse("programmes:detail", args=[programme.slug])).content.decode()
    refused_add = client.post(ADD, form(programme, structure))
    refused_change = client.post(
        reverse("admin:programmes_support_change", args=[support.pk]),
        form(programme, structure, status="funded"),
    )

    assert ADD not in page
    assert (refused_add.status_code, refused_change.status_code) == (403, 403)
    assert Support._base_manager.count() == 1
    support.refresh_from_db()
    assert support.status == "candidate"


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    response = client.post(ADD, {})

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert ADD not in client.get(reverse("programmes:detail", args=[programme.slug])).content.decode()
