"""Hubs numériques: their list and a page each, with their territory and their member structures' places."""

from django.urls import reverse

from places.models import Place, Region
from tests.places.factories import PlaceFactory, StructureFactory


def hub_with_members():
    hub = StructureFactory(name="Hub du Centre", is_hub=True)
    hub.hub_regions.set([Region.objects.get(code="84")])  # Auvergne-Rhône-Alpes
    busy = StructureFactory(name="Association Clic", hub=hub)
    quiet = StructureFactory(name="Mairie sans lieu", hub=hub)
    PlaceFactory.create_batch(2, structure=busy)
    PlaceFactory(structure=busy, status=Place.Status.SUBMITTED)  # not public: not counted
    StructureFactory(name="Hors du hub")
    return hub, busy, quiet


def test_the_hubs_page_lists_each_hub_with_its_territory_and_members(client):
    hub, _busy, _quiet = hub_with_members()
    StructureFactory(name="Pas un hub")

    page = client.get(reverse("places:hubs")).content.decode()

    assert "Hub du Centre" in page and "Auvergne-Rhône-Alpes" in page
    assert "Pas un hub" not in page
    assert reverse("places:hub", args=[hub.pk]) in page


def test_a_hubs_page_shows_its_departements_members_and_their_published_places(
    client, django_assert_max_num_queries
):
    hub, busy, quiet = hub_with_members()

    with django_assert_max_num_queries(8):
        response = client.get(reverse("places:hub", args=[hub.pk]))

    page = response.content.decode()
    assert "Allier (03)" in page  # a département of its région
    assert "Association Clic" in page and "Mairie sans lieu" in page and "Hors du hub" not in page
    assert f"{reverse('places:list')}?structure={busy.pk}" in page
    assert response.context["place_total"] == 2
    assert [member.place_count for member in response.context["members"]] == [2, 0]
    assert quiet.pk


def test_a_structure_that_is_not_a_hub_has_no_hub_page(client):
    assert client.get(reverse("places:hub", args=[StructureFactory().pk])).status_code == 404


def test_a_hubs_page_gives_each_departements_share_of_people_near_help(client):
    from places import coverage
    from places.models import Commune

    hub, _busy, _quiet = hub_with_members()
    montlucon, moulins = Commune.objects.get(code="03185"), Commune.objects.get(code="03190")
    Commune.objects.filter(pk=montlucon.pk).update(population=30000)
    Commune.objects.filter(departement_id="03").exclude(pk__in=[montlucon.pk, moulins.pk]).update(
        population=0
    )
    Commune.objects.filter(pk=moulins.pk).update(population=10000)
    coverage.store(coverage.KINDS["tous"], [(montlucon.code, 2.0, None), (moulins.code, 15.0, None)])

    response = client.get(reverse("places:hub", args=[hub.pk]))

    ((departement, shares),) = response.context["coverage"]
    assert departement.code == "03" and shares.population == 40000
    assert [round(percent) for _km, _people, percent in shares.rows] == [75, 75, 100]
    assert reverse("places:departement-coverage", args=["03"]) in response.content.decode()
