import datetime
import re

import factory
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from places.models import (
    Commune,
    CommunePostcode,
    Departement,
    Epci,
    Place,
    PlaceTag,
    Region,
    Stop,
    Structure,
)
from places.vocabularies import Dispositif, Frais, Service, Vocabulary
from programmes.models import Programme, Support, Target

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

    code = "42"
    name = "Loire"
    region = factory.SubFactory(RegionFactory)


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ["code"]

    code = "244200770"
    name = "Saint-Étienne Métropole"
    kind = "METRO"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code"]

    code = "42218"
    name = "Saint-Étienne"
    search_name = "saint etienne"
    departement = factory.SubFactory(DepartementFactory)
    region = factory.SelfAttribute("departement.region")
    epci = factory.SubFactory(EpciFactory)
    population = 173_089


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = "Association Connexions"
    kind = Structure.Kind.ASSOCIATION
    commune = factory.SubFactory(CommuneFactory)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    origin = "test"
    origin_id = factory.Sequence(str)
    status = Place.Status.PUBLISHED
    name = "Espace public numérique du Soleil"
    address = "3 rue du Soleil"
    postcode = "42000"
    commune_name = "Saint-Étienne"
    commune = factory.SubFactory(CommuneFactory)
    latitude = 45.4397
    longitude = 4.3872
    phone = "+33477000000"
    opening_hours = "Mo-Fr 09:00-12:00"
    structure = factory.SubFactory(StructureFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    slug = "france-services"
    name = "France Services"
    kind = Programme.Kind.LABEL


@pytest.fixture
def directory():
    """One row of every model the admin manages, each with a text its pages must show."""
    place = PlaceFactory()
    CommunePostcode.objects.get_or_create(commune=place.commune, postcode="42100")
    stop = Stop.objects.create(place=place, address="Place du Marché", latitude=45.43, longitude=4.39)
    programme = ProgrammeFactory()
    target = Target.objects.create(
        programme=programme, metric=Target.Metric.PLACES, value=3000, label="3 000 lieux"
    )
    support = Support.objects.create(
        programme=programme, place=place, status=Support.Status.LABELLED, wave="Vague 7"
    )
    # model: (row, a text its pages show, a search that finds it among the 37,000 communes of the gazetteer)
    return {
        Region: (place.commune.region, "Auvergne-Rhône-Alpes", "auvergne"),
        Departement: (place.commune.departement, "Loire", "42"),
        Epci: (place.commune.epci, "Saint-Étienne Métropole", "244200770"),
        Commune: (place.commune, "Saint-Étienne", "42218"),
        Structure: (place.structure, "Association Connexions", "connexions"),
        Place: (place, "Espace public numérique du Soleil", "soleil"),
        Stop: (stop, "Place du Marché", "marché"),
        Programme: (programme, "France Services", "france"),
        Target: (target, "3 000 lieux", "3 000"),
        Support: (support, "Vague 7", "vague 7"),
    }


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


MODELS = [Region, Departement, Epci, Commune, Structure, Place, Stop, Programme, Target, Support]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_changelist_finds_and_shows_the_row_for_a_superuser(admin_client, directory, model):
    _obj, text, search = directory[model]

    response = admin_client.get(admin_url(model, "changelist"), {"q": search})

    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_change_form_shows_the_row_for_a_superuser(admin_client, directory, model):
    obj, text, _search = directory[model]

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_add_form_opens_for_a_superuser(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_the_commune_form_shows_its_postcodes(admin_client, directory):
    commune, *_ = directory[Commune]

    response = admin_client.get(admin_url(Commune, "change", commune.pk))

    assert 'value="42100"' in response.content.decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", [Place, Structure, Support], ids=lambda model: model.__name__)
def test_a_changelist_page_costs_the_same_queries_for_one_row_or_many(admin_client, directory, model):
    url = admin_url(model, "changelist")
    queries_for(admin_client, url)  # warms the caches (site configuration) both measures then share
    few = queries_for(admin_client, url)
    place, *_ = directory[Place]
    programme, *_ = directory[Programme]
    for number in range(30):
        structure = StructureFactory(name=f"Structure {number}")
        other = PlaceFactory(name=f"Lieu {number}", structure=structure)
        Support.objects.create(programme=programme, place=other, structure=structure)

    assert queries_for(admin_client, url) == few


def test_the_commune_changelist_over_the_whole_gazetteer_makes_a_handful_of_queries(
    admin_client, django_assert_max_num_queries
):
    # Session, user, the two filters' tables, count, page, and the design system's configuration.
    with django_assert_max_num_queries(9):
        response = admin_client.get(admin_url(Commune, "changelist"))

    assert response.status_code == 200


def test_foreign_keys_are_autocompletes_not_lists_of_every_row(admin_client, directory):
    place, *_ = directory[Place]
    CommuneFactory(code="42207", name="Saint-Chamond", search_name="saint chamond")

    content = admin_client.get(admin_url(Place, "change", place.pk)).content.decode()

    assert re.search(r'<select name="commune"[^>]*class="admin-autocomplete"', content)
    assert "Saint-Chamond" not in content  # only the selected commune is in the page


def test_searching_places_ignores_accents_and_case(admin_client, directory):
    PlaceFactory(name="Médiathèque Élisée", commune_name="Firminy")

    content = admin_client.get(admin_url(Place, "changelist"), {"q": "mediatheque elisee"}).content.decode()

    assert "Médiathèque Élisée" in content
    assert "Espace public numérique du Soleil" not in content


def test_searching_communes_finds_them_by_name_without_accents_or_by_postcode(admin_client, directory):
    CommuneFactory(code="42207", name="Saint-Chamond", search_name="saint chamond")

    by_name = admin_client.get(admin_url(Commune, "changelist"), {"q": "st etienne"}).content.decode()
    by_postcode = admin_client.get(admin_url(Commune, "changelist"), {"q": "42100"}).content.decode()

    assert "Saint-Étienne" in by_name and "Saint-Chamond" not in by_name
    assert "Saint-Étienne" in by_postcode and "Saint-Chamond" not in by_postcode


def test_places_can_be_filtered_by_service(admin_client, directory):
    place, *_ = directory[Place]
    place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    PlaceFactory(name="Cyberbase sans démarches")

    content = admin_client.get(
        admin_url(Place, "changelist"), {"services": Service.DEMARCHES}
    ).content.decode()

    assert "Espace public numérique du Soleil" in content
    assert "Cyberbase sans démarches" not in content


def form_data(response) -> dict:
    """What a browser would post back from an admin change form, untouched."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue  # browsers send nothing for empty selects and unticked boxes
            data[field.html_name] = "on" if value is True else value
    return data


def tags_of(place, vocabulary):
    return set(PlaceTag.objects.filter(place=place, vocabulary=vocabulary).values_list("value", flat=True))


def test_ticking_services_in_the_admin_stores_them_and_unticking_removes_them(admin_client, directory):
    place, *_ = directory[Place]
    place.set_tags(Vocabulary.SERVICES, [Service.LOISIRS])
    url = admin_url(Place, "change", place.pk)
    data = form_data(admin_client.get(url))
    assert data["services"] == [Service.LOISIRS]

    data["services"] = [Service.DEMARCHES, Service.SECURITE]
    data["frais"] = [Frais.GRATUIT]
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert tags_of(place, Vocabulary.SERVICES) == {Service.DEMARCHES, Service.SECURITE}
    assert tags_of(place, Vocabulary.FRAIS) == {Frais.GRATUIT}

    data = form_data(admin_client.get(url))  # the form again, drawn from the saved version
    data["services"] = [Service.SECURITE]
    del data["frais"]
    admin_client.post(url, data)

    assert tags_of(place, Vocabulary.SERVICES) == {Service.SECURITE}
    assert tags_of(place, Vocabulary.FRAIS) == set()


def test_a_new_place_is_created_with_its_vocabularies_emails_and_websites(admin_client, directory):
    commune, *_ = directory[Commune]
    data = {
        "name": "Tiers-lieu de la Gare",
        "status": Place.Status.DRAFT,
        "origin": "admin",
        "origin_id": "gare-1",
        "address": "1 place de la Gare",
        "postcode": "42000",
        "commune_name": "Saint-Étienne",
        "commune": commune.pk,
        "latitude": "45.4431",
        "longitude": "4.3995",
        "phone": "04 77 12 34 56",
        "emails": "contact@gare.example\n\n  accueil@gare.example  ",
        "websites": "https://gare.example",
        "dispositifs": [Dispositif.CONSEILLERS_NUMERIQUES],
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "supports-TOTAL_FORMS": "0",
        "supports-INITIAL_FORMS": "0",
    }

    response = admin_client.post(admin_url(Place, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    place = Place.objects.get(origin_id="gare-1")
    assert place.emails == ["contact@gare.example", "accueil@gare.example"]
    assert place.websites == ["https://gare.example"]
    assert place.phone == "+33477123456"
    assert place.dispositifs == [Dispositif.CONSEILLERS_NUMERIQUES]
    assert place.history.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opening_hours", "tous les jours sauf le lundi", "Horaires illisibles"),
        ("phone", "appelez-nous", "format international"),
        (
            "emails",
            "contact@soleil.example\npas-une-adresse",
            "« pas-une-adresse » n&#x27;est pas une adresse",
        ),
        ("websites", "ftp://soleil.example", "n&#x27;est pas une adresse web valide"),
    ],
)
def test_an_invalid_value_shows_an_error_and_saves_nothing(admin_client, directory, field, value, message):
    place, *_ = directory[Place]
    url = admin_url(Place, "change", place.pk)
    data = form_data(admin_client.get(url))
    data[field] = value
    data["services"] = [Service.DEMARCHES]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"
    assert place.phone == "+33477000000"
    assert place.emails == []
    assert tags_of(place, Vocabulary.SERVICES) == set()


def test_the_place_form_has_a_map_to_pick_the_coordinates(admin_client, directory):
    place, *_ = directory[Place]

    content = admin_client.get(admin_url(Place, "change", place.pk)).content.decode()

    assert 'name="latitude"' in content and 'name="longitude"' in content
    assert "data-coordinates-picker" in content
    assert 'data-longitude-field="longitude"' in content
    assert 'value="45.4397"' in content  # the marker starts from the stored coordinates
    tiles_url = settings.LEAFLET_CONFIG["TILES"][0][1]
    assert f'data-tiles-url="{tiles_url}"' in content
    for asset in ["leaflet/leaflet.js", "leaflet/leaflet.css", "places/coordinates-picker.js"]:
        assert f"{settings.STATIC_URL}{asset}" in content
    # The stops inline gets the same picker.
    assert 'name="stops-0-latitude"' in content
    assert content.count("data-coordinates-picker") >= 3  # place, existing stop, the template of a new stop


def test_a_user_who_is_not_staff_is_sent_to_the_admin_login(client, django_user_model, directory):
    place, *_ = directory[Place]
    user = django_user_model.objects.create_user(username="visiteur", password="un mot de passe solide")
    client.force_login(user)

    response = client.get(admin_url(Place, "change", place.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_saving_a_support_through_the_admin_keeps_its_dates_in_order(admin_client, directory):
    support, *_ = directory[Support]
    url = admin_url(Support, "change", support.pk)
    data = form_data(admin_client.get(url))
    data["starts_on"] = datetime.date(2025, 6, 1)
    data["ends_on"] = datetime.date(2024, 6, 1)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    support.refresh_from_db()
    assert support.starts_on is None


def test_a_change_made_in_the_admin_is_in_the_place_history_with_its_author(
    admin_client, admin_user, directory
):
    place, *_ = directory[Place]
    url = admin_url(Place, "change", place.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Espace public numérique du Soleil levant"

    admin_client.post(url, data)

    latest = place.history.latest()
    assert latest.name == "Espace public numérique du Soleil levant"
    assert latest.history_user == admin_user
    assert "Soleil levant" in admin_client.get(admin_url(Place, "history", place.pk)).content.decode()


def test_a_value_from_outside_the_standard_survives_an_admin_save(admin_client, directory):
    place, *_ = directory[Place]
    PlaceTag.objects.create(place=place, vocabulary=Vocabulary.TYPOLOGIE, value="ANCIEN_CODE")
    url = admin_url(Place, "change", place.pk)
    data = form_data(admin_client.get(url))
    assert data["typologie"] == ["ANCIEN_CODE"]

    admin_client.post(url, data)

    assert tags_of(place, Vocabulary.TYPOLOGIE) == {"ANCIEN_CODE"}


def test_a_commune_renamed_in_the_admin_is_found_by_its_new_name(admin_client, directory):
    commune, *_ = directory[Commune]
    url = admin_url(Commune, "change", commune.pk)
    data = form_data(admin_client.get(url))
    data["name"] = "Saint-Étienne-la-Grande"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(Commune.objects.named("st etienne la grande")) == [commune]
