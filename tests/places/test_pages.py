import factory
import pytest
from django.urls import reverse

from places.models import Commune, Departement, Place, Region
from places.views import PLACES_PER_PAGE
from places.vocabularies import Service, Vocabulary

# Until the test database holds the gazetteer, each test creates the few territories it needs.


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "84"
    name = "Auvergne-Rhône-Alpes"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = "69"
    name = "Rhône"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code"]

    code = "69123"
    name = "Lyon"
    search_name = "lyon"
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    origin = "test"
    origin_id = factory.Sequence(str)
    status = Place.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Espace numérique {n:03d}")
    address = "12 rue de la République"
    postcode = "69002"
    commune_name = "Lyon"
    commune = factory.SubFactory(CommuneFactory)
    latitude = 45.76
    longitude = 4.83


def test_home_shows_how_many_places_are_published_without_counting_drafts_or_duplicates(client):
    first, *_others = PlaceFactory.create_batch(3)
    PlaceFactory(duplicate_of=first)
    PlaceFactory(status=Place.Status.DRAFT)
    PlaceFactory(status=Place.Status.ARCHIVED)

    response = client.get(reverse("places:home"))

    assert response.status_code == 200
    assert "<strong>3</strong> lieux sont référencés" in response.content.decode()


def test_home_links_to_the_list_of_places(client):
    response = client.get(reverse("places:home"))

    assert f'href="{reverse("places:list")}"' in response.content.decode()


def test_list_shows_twenty_places_a_page_and_the_rest_on_the_next_page(client):
    for number in range(PLACES_PER_PAGE + 5):
        PlaceFactory(name=f"Espace numérique {number:03d}")

    first = client.get(reverse("places:list")).content.decode()
    second = client.get(reverse("places:list"), {"page": 2}).content.decode()

    assert first.count('class="fr-card__title"') == PLACES_PER_PAGE
    assert second.count('class="fr-card__title"') == 5
    # Alphabetical: the first page ends where the second begins.
    assert "Espace numérique 019" in first and "Espace numérique 020" not in first
    assert "Espace numérique 020" in second
    assert 'aria-current="page"' in second
    assert "?page=1" in second


def test_list_never_shows_draft_submitted_or_archived_places(client):
    PlaceFactory.create_batch(PLACES_PER_PAGE + 1)
    PlaceFactory(name="Brouillon caché", status=Place.Status.DRAFT)
    PlaceFactory(name="En modération cachée", status=Place.Status.SUBMITTED)
    PlaceFactory(name="Archive cachée", status=Place.Status.ARCHIVED)

    pages = [client.get(reverse("places:list"), {"page": page}).content.decode() for page in (1, 2)]

    for content in pages:
        assert "cachée" not in content and "caché" not in content
    assert "21 lieux publiés" in pages[0]


def test_a_probable_duplicate_is_not_listed_beside_its_original(client):
    original = PlaceFactory(name="France Services de Vaise")
    PlaceFactory(name="France services Vaise (autre source)", duplicate_of=original)

    content = client.get(reverse("places:list")).content.decode()

    assert "France Services de Vaise" in content
    assert "autre source" not in content


def test_each_place_shows_its_address_services_and_a_phone_link(client):
    place = PlaceFactory(
        name="Médiathèque Lumière",
        address="5 rue Lumière",
        postcode="69008",
        phone="+33478000000",
    )
    place.set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET, Service.DEMARCHES])

    content = client.get(reverse("places:list")).content.decode()

    assert "Médiathèque Lumière" in content
    assert "5 rue Lumière" in content
    assert "69008 Lyon" in content
    # The standard's labels, in the standard's order.
    assert content.index("Aide aux démarches administratives") < content.index(
        "Accès internet et matériel informatique"
    )
    assert 'href="tel:+33478000000"' in content
    assert "04 78 00 00 00" in content


def test_a_page_number_out_of_range_shows_the_last_page(client):
    PlaceFactory.create_batch(3)

    response = client.get(reverse("places:list"), {"page": 99})

    assert response.status_code == 200
    assert response.content.decode().count('class="fr-card__title"') == 3


@pytest.mark.parametrize("place_count", [1, PLACES_PER_PAGE, 2 * PLACES_PER_PAGE])
def test_the_list_makes_as_few_queries_for_a_full_page_as_for_one_place(
    client, django_assert_max_num_queries, place_count
):
    for place in PlaceFactory.create_batch(place_count):
        place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES, Service.SECURITE])

    # Count, places with their commune, their tags, and the design system's site configuration (two lookups).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("places:list"))

    assert response.content.decode().count("Aide aux démarches administratives") == min(
        place_count, PLACES_PER_PAGE
    )
