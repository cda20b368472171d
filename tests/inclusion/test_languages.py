"""Pages, messages and API errors in the reader's language: Accept-Language, the header's switch, `?lang=`."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from places import coverage
from places.vocabularies import Service, Vocabulary
from tests.places.factories import PlaceFactory

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_the_home_page_is_in_french_by_default_and_offers_english(client):
    response = client.get(reverse("places:home"))
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr"' in html
    assert "Se faire aider avec le numérique" in html
    assert 'lang="en" hreflang="en"' in html and ">English</a>" in html
    assert response["Content-Language"] == "fr"


def test_a_browser_asking_for_english_gets_the_page_in_english(client):
    response = client.get(reverse("places:home"), **ENGLISH)
    html = response.content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "Get help with digital tools, near you" in html
    assert "Se faire aider avec le numérique" not in html
    assert ">Français</a>" in html and ">English</a>" not in html
    assert response["Content-Language"] == "en"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_an_unknown_browser_language_falls_back_to_french(client):
    response = client.get(reverse("places:home"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Content-Language"] == "fr"


def test_lang_in_the_address_wins_over_the_browser_and_sets_no_cookie(client):
    url = reverse("places:home")
    english = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    french = client.get(url, {"lang": "fr"}, **ENGLISH)
    assert "Get help with digital tools" in english.content.decode()
    assert "Se faire aider avec le numérique" in french.content.decode()
    assert not english.cookies and not french.cookies
    # A language the site does not have is ignored, not an error.
    assert client.get(url, {"lang": "xx"}, **ENGLISH)["Content-Language"] == "en"


def test_reading_pages_sets_no_cookie(client):
    for headers in ({}, ENGLISH):
        response = client.get(reverse("places:list"), {"ou": "Montluçon"}, **headers)
        assert response.status_code == 200
        assert not response.cookies


def test_the_switch_remembers_the_language_and_returns_to_the_same_address(client):
    page = reverse("places:list") + "?ou=Montlu%C3%A7on&lang=fr"
    response = client.get(reverse("language", args=["en"]), {"next": page})
    assert response.status_code == 302
    # Back to the same search, without the `lang` that would override the choice.
    assert response["Location"] == reverse("places:list") + "?ou=Montlu%C3%A7on"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["max-age"] and cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"]
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="en"' in html and "Refine" in html
    # And back to French: the cookie wins over the browser's English.
    client.get(reverse("language", args=["fr"]), {"next": "/"})
    assert client.get("/", **ENGLISH)["Content-Language"] == "fr"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_the_switch_never_sends_elsewhere(client, next_url):
    response = client.get(reverse("language", args=["en"]), {"next": next_url})
    assert response["Location"] == "/"


def test_the_switch_refuses_a_language_the_site_does_not_have(client):
    response = client.get(reverse("language", args=["xx"]), {"next": "/lieux/"})
    assert response["Location"] == "/lieux/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_standards_labels_stay_official_with_their_translation_beside_them(client):
    place = PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    french = client.get(place.get_absolute_url()).content.decode()
    english = client.get(place.get_absolute_url(), **ENGLISH).content.decode()
    assert "Aide aux démarches administratives" in french
    assert "Help with administrative procedures" not in french
    assert "Aide aux démarches administratives (Help with administrative procedures)" in english
    # The results page's filters too.
    listing = client.get(reverse("places:list"), **ENGLISH).content.decode()
    assert "Aide aux démarches administratives (Help with administrative procedures)" in listing


def test_the_api_keeps_the_standards_french_values_in_english(client):
    place = PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    record = client.get(f"/api/v1/places/{place.pk}/", **ENGLISH).json()
    assert "Aide aux démarches administratives" in str(record["services"])
    assert "Help" not in str(record)


def test_api_errors_follow_accept_language(client):
    french = client.get("/api/v1/places/", {"radius": "5"})
    english = client.get("/api/v1/places/", {"radius": "5"}, **ENGLISH)
    assert french.status_code == english.status_code == 400
    assert "va avec un centre" in str(french.json())
    assert "goes with a centre" in str(english.json())
    unknown = client.get("/api/v1/places/", {"colour": "red"}, **ENGLISH)
    assert unknown.status_code == 400 and "Unknown parameter" in str(unknown.json())
    # `lang` is read everywhere, the API's strict parameter check included.
    forced = client.get("/api/v1/places/", {"radius": "5", "lang": "en"})
    assert "goes with a centre" in str(forced.json()) and "lang" not in forced.json()
    assert client.get("/api/v1/places/", {"lang": "en"}).status_code == 200


def test_django_and_drf_messages_are_in_english_too(client):
    response = client.post("/api/v1/places/", {}, **ENGLISH)
    assert response.status_code == 401
    assert "Authentication credentials were not provided" in response.json()["detail"]
    form = client.post(
        reverse("accounts:login"), {"username": "", "password": ""}, **ENGLISH
    ).content.decode()
    assert "Enter your email address." in form or "This field is required." in form


def test_opening_hours_read_in_english(client):
    place = PlaceFactory(opening_hours="Mo-Fr 09:00-12:00,14:00-17:30")
    english = client.get(place.get_absolute_url(), **ENGLISH).content.decode()
    assert "Monday" in english and "9:00 – 12:00, 14:00 – 17:30" in english
    french = client.get(place.get_absolute_url()).content.decode()
    assert "9 h – 12 h, 14 h – 17 h 30" in french


def test_the_coverage_pages_name_the_standards_values_the_same_way():
    with translation.override("en"):
        assert str(coverage.KINDS[Service.DEMARCHES].label) == (
            "Aide aux démarches administratives (Help with administrative procedures)"
        )
        assert str(coverage.KINDS["tous"].label) == "Any digital inclusion place"
    assert str(coverage.KINDS[Service.DEMARCHES].label) == "Aide aux démarches administratives"


def test_the_api_documentation_follows_the_readers_language(client):
    french = client.get("/api/v1/schema/", {"format": "json"}).json()
    english = client.get("/api/v1/schema/", {"format": "json"}, **ENGLISH).json()
    assert french["info"]["title"] == "API de l'annuaire des lieux de médiation numérique"
    assert english["info"]["title"] == "API of the directory of digital inclusion places"
    places = english["paths"]["/api/v1/places/"]["get"]
    assert places["summary"] == "List and search the places"
    radius = next(parameter for parameter in places["parameters"] if parameter["name"] == "radius")
    assert radius["description"].startswith("Radius around the centre")
    # The standard's values stay French in the documentation too.
    assert "Aide aux démarches administratives" in str(english)


def test_the_orientation_path_gives_its_reasons_in_english(client):
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    page = client.get(
        "/orienter/lieux/", {"besoin": "demarche", "ou": "Montluçon", "distance": "20"}, **ENGLISH
    ).content.decode()
    assert "Offers: Aide aux démarches administratives (Help with administrative procedures)" in page
