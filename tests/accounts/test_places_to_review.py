""" "Mon espace" lists the places of the member's structures to review, oldest first, with their band."""

from datetime import date

import pytest
from django.urls import reverse

from places import reviews
from places.models import Place
from tests.accounts.factories import MembershipFactory
from tests.places.factories import PlaceFactory, StructureFactory


@pytest.fixture
def member(time_machine):
    time_machine.move_to("2026-12-01 10:00 +01:00", tick=False)
    return MembershipFactory()


def test_the_dashboard_lists_the_structures_places_to_review_oldest_first(client, member):
    structure = member.structure
    PlaceFactory(structure=structure, name="Frais", updated_on=date(2026, 11, 1))
    PlaceFactory(structure=structure, name="Vieux", updated_on=date(2024, 3, 1))
    PlaceFactory(structure=structure, name="Un an", updated_on=date(2025, 10, 1))
    PlaceFactory(structure=structure, name="Sans date", updated_on=None)
    PlaceFactory(
        structure=structure, name="Archivé", updated_on=date(2020, 1, 1), status=Place.Status.ARCHIVED
    )
    PlaceFactory(structure=StructureFactory(), name="Ailleurs", updated_on=date(2020, 1, 1))
    client.force_login(member.user)

    response = client.get(reverse("accounts:home"))

    rows = response.context["to_review"]["rows"]
    assert [row.place.name for row in rows] == ["Sans date", "Vieux", "Un an"]
    assert [row.band for row in rows] == ["inconnue", "plus-18-mois", "12-18-mois"]
    page = response.content.decode()
    assert '<h2 id="lieux-a-verifier">Lieux à vérifier</h2>' in page
    assert "Les informations de 3 lieux de vos structures" in page
    assert '<p class="fr-badge fr-badge--sm fr-badge--error">Plus de 18 mois</p>' in page
    assert page.count("Tout est à jour<span") == 3
    assert "Ailleurs" not in page and "Archivé" not in page and ">Frais<" not in page


def test_the_dashboards_button_comes_back_to_the_dashboard(client, member):
    place = PlaceFactory(structure=member.structure, updated_on=date(2024, 3, 1))
    client.force_login(member.user)
    page = client.get(reverse("accounts:home")).content.decode()
    assert 'name="next" value="/compte/#lieux-a-verifier"' in page

    response = client.post(
        reverse("places:confirm-fresh", kwargs={"pk": place.pk}), {"next": "/compte/#lieux-a-verifier"}
    )

    assert response["Location"] == "/compte/#lieux-a-verifier"
    page = client.get(reverse("accounts:home")).content.decode()
    assert "est confirmé à jour" in page
    assert "Lieux à vérifier" not in page  # nothing left to review


def test_a_member_with_nothing_to_review_sees_no_list(client, member):
    PlaceFactory(structure=member.structure, updated_on=date(2026, 11, 1))
    client.force_login(member.user)

    assert "Lieux à vérifier" not in client.get(reverse("accounts:home")).content.decode()


def test_a_long_list_shows_the_oldest_and_says_how_many_in_all(client, member, settings, monkeypatch):
    monkeypatch.setattr(reviews, "DASHBOARD_LIMIT", 2)
    for year in (2021, 2022, 2023):
        PlaceFactory(structure=member.structure, name=f"Lieu {year}", updated_on=date(year, 1, 1))
    client.force_login(member.user)

    response = client.get(reverse("accounts:home"))

    assert [row.place.name for row in response.context["to_review"]["rows"]] == ["Lieu 2021", "Lieu 2022"]
    assert "Les 2 plus anciens sur 3 sont affichés" in response.content.decode()
