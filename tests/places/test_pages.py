from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from places.models import ErrorReport, Place
from places.views import PLACES_PER_PAGE
from places.vocabularies import Itinerance, Service, Vocabulary
from tests.places.factories import PlaceFactory, StopFactory


def test_home_counts_published_places_only_and_offers_needs_as_shortcuts(client):
    PlaceFactory.create_batch(3)
    PlaceFactory(status=Place.Status.DRAFT)
    duplicate = PlaceFactory()
    duplicate.duplicate_of = Place.objects.first()
    duplicate.save()

    html = client.get(reverse("places:home")).content.decode()

    assert "3 lieux d'aide sont référencés" in html
    assert 'name="ou"' in html
    assert 'name="services" value="demarches-administratives"' in html
    assert "Faire une démarche en ligne" in html


def test_the_list_paginates_and_never_shows_unpublished_places(client):
    PlaceFactory.create_batch(PLACES_PER_PAGE + 1)
    PlaceFactory(name="Brouillon caché", status=Place.Status.DRAFT)
    first = client.get(reverse("places:list")).content.decode()
    second = client.get(reverse("places:list"), {"page": 2}).content.decode()
    assert first.count('class="fr-card fr-enlarge-link') == PLACES_PER_PAGE
    assert second.count('class="fr-card fr-enlarge-link') == 1
    assert "Brouillon caché" not in first + second


def test_the_results_page_reads_the_database_as_often_for_twenty_places_as_for_one(
    client, django_assert_num_queries
):
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    client.get(reverse("places:list"))  # warms the site configuration cache and the search index
    search = {"ou": "Montluçon", "services": Service.DEMARCHES}
    # The communes named "Montluçon", those whose name starts so (homonyms offered), the page's places with
    # their commune (none has stops). Results, total, filter counts and tags come from the search index.
    with django_assert_num_queries(3):
        client.get(reverse("places:list"), search)
    PlaceFactory.create_batch(25, tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    # After a write, the next search reads the changed places into the index once: the ids and dates of the
    # published places, the changed places, their tags, their openings, the stops.
    with django_assert_num_queries(5 + 3):
        client.get(reverse("places:list"), search)
    with django_assert_num_queries(3):
        response = client.get(reverse("places:list"), search)
    assert response.content.decode().count('class="fr-card fr-enlarge-link') == 20


def test_a_place_page_shows_the_standards_fields_in_plain_words(client):
    place = PlaceFactory(
        name="Médiathèque Boris-Vian",
        phone="+33470051234",
        emails=["contact@mediatheque.fr"],
        websites=["https://mediatheque.fr"],
        booking_url="https://rdv.example.fr",
        acceslibre_url="https://acceslibre.beta.gouv.fr/app/x/",
        tags={
            Vocabulary.SERVICES: [Service.DEMARCHES],
            Vocabulary.FRAIS: ["gratuit"],
            Vocabulary.MODALITES_ACCOMPAGNEMENT: ["individuel"],
        },
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert 'href="tel:+33470051234"' in html
    assert "04 70 05 12 34" in html
    assert "Lundi</th><td>9 h – 12 h, 14 h – 17 h" in html
    assert "Fermé les jours fériés" in html
    assert "Aide aux démarches administratives" in html
    assert "Gratuit" in html and "Accompagnement individuel" in html
    assert "openstreetmap.org/directions?to=46.340600%2C2.603000" in html
    assert 'href="geo:46.340600,2.603000"' in html
    assert "Prendre rendez-vous en ligne" in html
    assert "Fiche Accès libre" in html


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 25, 10, 0), "ouvert, ferme à 12 h"),
        (datetime(2026, 11, 25, 13, 0), "fermé, ouvre à 14 h"),
    ],
)
def test_a_place_page_says_whether_it_is_open_now(client, time_machine, moment, expected):
    time_machine.move_to(moment.replace(tzinfo=ZoneInfo("Europe/Paris")))
    html = client.get(PlaceFactory().get_absolute_url()).content.decode()
    assert expected in html


def test_a_place_page_has_one_address_and_redirects_others_to_it(client):
    place = PlaceFactory(name="EPN Les Marais")
    response = client.get(reverse("places:detail-short", kwargs={"pk": place.pk}))
    assert response.status_code == 301
    assert response["Location"] == place.get_absolute_url()


def test_an_unpublished_place_page_is_not_found(client):
    assert client.get(PlaceFactory(status=Place.Status.DRAFT).get_absolute_url()).status_code == 404


def test_a_duplicate_sends_people_to_the_place_it_duplicates(client):
    original = PlaceFactory()
    duplicate = PlaceFactory(duplicate_of=original)
    assert client.get(duplicate.get_absolute_url())["Location"] == original.get_absolute_url()


def test_an_itinerant_place_lists_each_stop_with_its_hours(client):
    stop = StopFactory(name="Place du marché", opening_hours="We 09:30-12:00")
    html = client.get(stop.place.get_absolute_url()).content.decode()
    assert "Place du marché" in html
    assert "Mercredi : 9 h 30 – 12 h" in html


def test_a_bus_without_stops_says_its_address_is_where_it_is_based(client):
    """The France Services list gives buses one address, their base: a citizen must not wait there."""
    bus = PlaceFactory(tags={Vocabulary.ITINERANCE: [Itinerance.ITINERANT]})
    fixed = PlaceFactory(tags={Vocabulary.ITINERANCE: [Itinerance.FIXE]})
    with_stops = StopFactory(place=PlaceFactory(tags={Vocabulary.ITINERANCE: [Itinerance.ITINERANT]})).place
    said = "Lieu itinérant : cette adresse est son point d'attache"
    assert said in client.get(bus.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert said not in client.get(fixed.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert said not in client.get(with_stops.get_absolute_url()).content.decode().replace("&#x27;", "'")


def test_anyone_can_report_an_error_and_moderators_find_it(client):
    place = PlaceFactory()
    response = client.post(
        reverse("places:report-error", kwargs={"pk": place.pk}),
        {"kind": ErrorReport.Kind.HOURS, "message": "Fermé le lundi", "email": ""},
    )
    assert response.status_code == 302
    report = ErrorReport.objects.get()
    assert (report.place, report.kind, report.status) == (place, "horaires", ErrorReport.Status.NEW)
    assert "Merci" in client.get(response["Location"]).content.decode()


def test_a_report_without_a_problem_chosen_is_refused_with_a_message(client):
    place = PlaceFactory()
    response = client.post(reverse("places:report-error", kwargs={"pk": place.pk}), {"message": "?"})
    assert response.status_code == 400
    assert "fr-fieldset--error" in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_error_reports_are_throttled_per_address(client):
    place = PlaceFactory()
    url = reverse("places:report-error", kwargs={"pk": place.pk})
    statuses = [client.post(url, {"kind": "autre", "message": str(i)}).status_code for i in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert ErrorReport.objects.count() == 5


def test_a_territory_page_lists_its_places_with_counts(client):
    PlaceFactory.create_batch(2)
    PlaceFactory(commune_id="16015", postcode="16000", latitude=45.65, longitude=0.15, name="EPN Angoulême")
    departement = client.get(reverse("places:territory", args=["departement", "03"])).content.decode()
    region = client.get(reverse("places:territory", args=["region", "84"])).content.decode()
    commune = client.get(reverse("places:territory", args=["commune", "03185"])).content.decode()
    assert "2 lieux référencés" in departement and "EPN Angoulême" not in departement
    assert "Allier" in region and "2 lieux référencés" in region
    assert "Montluçon" in commune and "2 lieux référencés" in commune
    assert client.get(reverse("places:territory", args=["planete", "3"])).status_code == 404


def test_downloads_apply_the_current_search(client):
    PlaceFactory(name="Près de Montluçon", tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    PlaceFactory(name="À Angoulême", commune_id="16015", postcode="16000", latitude=45.65, longitude=0.15)
    response = client.get(reverse("places:export", args=["csv"]), {"ou": "Montluçon", "rayon": 20})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"].endswith('.csv"')
    assert "Près de Montluçon" in body and "À Angoulême" not in body
    assert body.splitlines()[0].startswith("id,pivot,nom,commune")


def test_the_api_root_lists_what_it_offers(client):
    body = client.get("/api/v1/").json()
    assert body["communes"].endswith("/api/v1/communes/")
    assert body["exports"]["csv"].endswith("/exports/lieux.csv")


def test_commune_suggestions_come_from_the_gazetteer(client):
    results = client.get("/api/v1/communes/", {"q": "st etien"}).json()["results"]
    assert results[0]["label"] == "Saint-Étienne (42)"
