"""The embeddable directory (docs/embed.md): /integrer/ makes the code, /integrer/lieux/ is what other sites frame.

The embedded page shows its territory and filters only, whatever the visitor types; it alone may be framed;
it sets no cookie, ever."""

import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse

from places.models import Commune
from places.search.parameters import BY_NAME
from places.vocabularies import Service, Vocabulary
from tests.accounts.factories import UserFactory
from tests.inclusion.test_content_security_policy import directives
from tests.places.factories import PlaceFactory

EMBED = "/integrer/lieux/"
CONFIGURE = "/integrer/"
DEMARCHES = {Vocabulary.SERVICES: [Service.DEMARCHES]}


@pytest.fixture
def places():
    """Places in the Allier (03) with and without the service, and one in the Puy-de-Dôme (63)."""
    clermont = Commune.objects.get(code="63113")
    return {
        "montlucon": PlaceFactory(name="Médiathèque de Montluçon", tags=DEMARCHES),
        "moulins": PlaceFactory(
            name="France services de Moulins",
            commune=Commune.objects.get(code="03190"),
            postcode="03000",
            latitude=46.5660,
            longitude=3.3330,
            tags=DEMARCHES,
        ),
        "no_service": PlaceFactory(
            name="Fablab de Montluçon", tags={Vocabulary.SERVICES: [Service.ACCES_INTERNET]}
        ),
        "clermont": PlaceFactory(
            name="Espace numérique de Clermont",
            commune=clermont,
            postcode="63000",
            latitude=45.7772,
            longitude=3.0870,
            tags=DEMARCHES,
        ),
    }


def names(response) -> list[str]:
    return re.findall(r'class="fr-card__title"[^>]*><a [^>]*>([^<]+)<', response.content.decode())


def hidden_fields(response) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode())


def assert_no_cookie(response):
    assert not response.cookies, f"cookies set: {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers


# --- What the frame shows ------------------------------------------------------------------------------------


def test_the_embed_shows_the_places_of_its_territory_with_its_filters_only(client, places):
    response = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES})

    assert response.status_code == 200
    assert sorted(names(response)) == ["France services de Moulins", "Médiathèque de Montluçon"]
    assert "Allier (03)" in response.content.decode()


def test_links_open_the_place_page_and_the_full_directory_in_a_new_tab(client, places):
    response = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES})
    html = response.content.decode()

    place_url = places["montlucon"].get_absolute_url()
    assert f'href="{place_url}" target="_blank" rel="noopener"' in html
    assert 'href="/lieux/?departement=03&amp;services=demarches-administratives" target="_blank"' in html
    assert "Voir dans l&#x27;annuaire complet" in html or "Voir dans l'annuaire complet" in html
    # No site header or footer inside someone else's page.
    assert 'class="fr-header"' not in html and 'class="fr-footer"' not in html


def test_the_visitors_form_carries_the_fixed_territory_and_filters_as_they_were_given(client, places):
    response = client.get(EMBED, {"departement": "03", "publics": "seniors", "services": Service.DEMARCHES})

    assert sorted(hidden_fields(response)) == [
        ("departement", "03"),
        ("publics", "seniors"),
        ("services", Service.DEMARCHES),
    ]


def test_a_place_typed_by_the_visitor_sorts_and_narrows_within_the_territory_only(client, places):
    # From Clermont-Ferrand, 200 km around would reach Montluçon, Moulins and Clermont's own place:
    # the territory still holds.
    response = client.get(
        EMBED, {"departement": "03", "services": Service.DEMARCHES, "ou": "Clermont-Ferrand", "rayon": "200"}
    )

    assert response.status_code == 200
    assert names(response) == ["Médiathèque de Montluçon", "France services de Moulins"]  # nearest first
    assert "Espace numérique de Clermont" not in response.content.decode()


def test_a_commune_territory_is_not_turned_into_a_centre_by_a_place_in_the_url(client, places):
    # For the results page, `commune` beside `ou` is an old link's centre (places/search/parameters.py): in an
    # embed it stays the territory.
    response = client.get(EMBED, {"commune": "03185", "ou": "Clermont-Ferrand", "rayon": "200"})

    assert response.status_code == 200
    assert sorted(names(response)) == ["Fablab de Montluçon", "Médiathèque de Montluçon"]


def test_the_visitors_words_narrow_the_list(client, places):
    response = client.get(EMBED, {"departement": "03", "q": "moulins"})

    assert names(response) == ["France services de Moulins"]


def test_a_place_the_visitor_mistyped_is_said_under_its_field_and_the_territory_still_shows(client, places):
    response = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES, "ou": "zzzyx"})

    assert response.status_code == 200
    assert "Nous ne trouvons pas « zzzyx »" in response.content.decode()
    assert len(names(response)) == 2


def test_the_embed_has_pages_of_ten_that_keep_the_configuration(client, places):
    PlaceFactory.create_batch(12, tags=DEMARCHES)

    first = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES})
    second = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES, "page": "2"})

    assert len(names(first)) == 10 and len(names(second)) == 4
    assert "departement=03&amp;services=demarches-administratives&amp;page=2" in first.content.decode()
    assert not set(names(first)) & set(names(second))


def test_the_embed_costs_a_fixed_number_of_queries(client, places, django_assert_num_queries):
    PlaceFactory.create_batch(12, tags=DEMARCHES)
    client.get(EMBED, {"departement": "03"})  # the search index is loaded once per process

    # 1 the département's code checked (SearchForm), 2 its name, 3 the page's places with their communes (their
    # tags come from the search index; no bus, so no stops to read).
    with django_assert_num_queries(3):
        response = client.get(EMBED, {"departement": "03", "services": Service.DEMARCHES})
    assert len(names(response)) == 10


# --- Wrong configurations --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Choisissez un territoire"),
        ({"services": Service.DEMARCHES}, "Choisissez un territoire"),
        ({"departement": "03", "region": "84"}, "Un seul territoire à la fois"),
        ({"departement": ["03", "63"]}, "Un seul territoire à la fois"),
        ({"departement": "99"}, "Code de département inconnu."),
        ({"commune": "00000"}, "Code INSEE inconnu"),
        ({"departement": "03", "services": "pas-un-service"}, "pas-un-service"),
        ({"departement": "03", "service": Service.DEMARCHES}, "« service » : Ce paramètre n"),
        ({"departement": "03", "bbox": "45,2,46,3"}, "« bbox » : Ce paramètre n"),
    ],
)
def test_a_wrong_configuration_is_refused_with_a_clear_message(client, places, query, message):
    response = client.get(EMBED, query)

    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert "Cet annuaire intégré est mal configuré" in html
    assert message in html
    assert "http://testserver/integrer/" in html  # where to make a right one
    assert names(response) == []
    assert_no_cookie(response)


def test_the_embed_answers_reads_only(client, places):
    response = client.post(EMBED + "?departement=03")

    assert response.status_code == 405
    assert_no_cookie(response)


# --- Framing -----------------------------------------------------------------------------------------------------


def test_the_embed_alone_may_be_framed_by_any_site(client, places):
    embedded = client.get(EMBED, {"departement": "03"})
    refused = client.get(EMBED, {"region": "84", "departement": "03"})

    for response in (embedded, refused):  # its message must show inside the frame too
        assert "X-Frame-Options" not in response.headers
        assert response["X-Robots-Tag"] == "noindex"
        policy = directives(response["Content-Security-Policy"])
        assert policy["frame-ancestors"] == ["*"]
        # Everything else as strict as on every page.
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"] and policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/lieux/?departement=03", CONFIGURE, CONFIGURE + "?departement=03"])
def test_every_other_page_still_refuses_to_be_framed(client, places, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_the_sites_that_may_frame_the_embed_can_be_limited(client, places, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://www.mairie-exemple.fr", "https://*.exemple.org"]

    response = client.get(EMBED, {"departement": "03"})

    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == [
        "https://www.mairie-exemple.fr",
        "https://*.exemple.org",
    ]
    assert directives(client.get("/lieux/")["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def test_in_report_only_mode_the_embed_policy_allows_framing_too(client, places, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None

    response = client.get(EMBED, {"departement": "03"})

    assert "Content-Security-Policy" not in response.headers
    assert directives(response["Content-Security-Policy-Report-Only"])["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response.headers


# --- No cookies ----------------------------------------------------------------------------------------------------


def test_the_embed_sets_no_cookie_when_shown_searched_or_paged(client, places):
    PlaceFactory.create_batch(12, tags=DEMARCHES)
    shown = client.get(EMBED, {"departement": "03"})
    searched = client.get(EMBED, {"departement": "03", "ou": "Montluçon", "rayon": "10", "q": "espace"})
    paged = client.get(EMBED, {"departement": "03", "page": "2"})
    mistyped = client.get(EMBED, {"departement": "03", "ou": "zzzyx"})
    in_english = client.get(EMBED, {"departement": "03", "lang": "en"})

    for response in (shown, searched, paged, mistyped, in_english):
        assert response.status_code == 200
        assert_no_cookie(response)


def test_the_embed_sets_no_cookie_for_a_member_who_is_logged_in_with_a_message_waiting(client, places):
    # Framed by a site of the same domain, the visitor's session and message cookies reach the embed: it must
    # neither read, refresh nor consume them.
    client.force_login(UserFactory())
    storage = CookieStorage(None)
    client.cookies["messages"] = storage._encode([_message("Bienvenue")])

    response = client.get(EMBED, {"departement": "03", "ou": "Montluçon"})

    assert response.status_code == 200
    assert_no_cookie(response)


def _message(text):
    from django.contrib.messages.storage.base import Message

    return Message(message_levels.SUCCESS, text)


# --- The configuration page -------------------------------------------------------------------------------------


def test_the_configuration_page_offers_the_territories_and_filters_and_no_code_yet(client):
    response = client.get(CONFIGURE)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<option value="03">03 – Allier</option>' in html
    assert 'name="services" id="embed-services-1"' in html
    assert "embed-snippet" not in html
    assert "mal configuré" not in html and "erreur" not in html


def test_the_configuration_page_gives_the_iframe_the_preview_and_a_plain_link(client, places):
    response = client.get(CONFIGURE, {"departement": "03", "services": Service.DEMARCHES, "hauteur": "500"})
    html = response.content.decode()

    assert response.status_code == 200
    embed_url = "http://testserver/integrer/lieux/?departement=03&amp;services=demarches-administratives"
    snippet = (
        f"&lt;iframe src=&quot;{embed_url.replace('&amp;', '&amp;amp;')}&quot; "
        "title=&quot;Lieux d&#x27;aide au numérique : Allier (03)&quot; "
        "width=&quot;100%&quot; height=&quot;500&quot;"
    )
    assert snippet in html
    assert 'value="http://testserver/lieux/?departement=03&amp;services=demarches-administratives"' in html
    assert '<iframe class="embed-preview" src="/integrer/lieux/?departement=03&amp;services=' in html
    assert "Aujourd'hui, 2 lieux correspondent à ces choix." in html
    assert (
        '<input type="checkbox" name="services" id="embed-services-1" value="demarches-administratives" checked>'
        in html
    )


def test_the_snippet_is_the_url_of_an_embed_that_works(client, places):
    response = client.get(CONFIGURE, {"departement": "03", "services": Service.DEMARCHES})
    src = re.search(
        r"iframe src=&quot;http://testserver([^&]+(?:&amp;amp;[^&]+)*)&quot;", response.content.decode()
    )
    path = src.group(1).replace("&amp;amp;", "&")

    embedded = client.get(path)

    assert embedded.status_code == 200
    assert sorted(names(embedded)) == ["France services de Moulins", "Médiathèque de Montluçon"]


def test_a_commune_is_chosen_by_its_name_and_kept_by_its_code(client, places):
    response = client.get(CONFIGURE, {"ville": "montlucon"})
    html = response.content.decode()

    assert '<input type="hidden" name="commune" value="03185">' in html
    assert 'value="Montluçon"' in html
    assert "integrer/lieux/?commune=03185" in html


def test_homonyms_are_offered_as_a_choice(client):
    response = client.get(CONFIGURE, {"ville": "Saint-Pierre", "services": Service.DEMARCHES})
    html = response.content.decode()

    assert "Plusieurs communes portent ce nom" in html
    assert "embed-snippet" not in html
    choice = re.search(r'<a href="\?([^"]*commune=(\d[\dAB]\d+))">Saint-Pierre \((\w+)\)</a>', html)
    assert choice and "services=demarches-administratives" in choice.group(1)

    chosen = client.get(CONFIGURE + "?" + choice.group(1).replace("&amp;", "&"))
    assert f"integrer/lieux/?commune={choice.group(2)}" in chosen.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ville": "zzzyx"}, "Nous ne trouvons pas cette commune"),
        ({"departement": "03", "region": "84"}, "Un seul territoire à la fois"),
        ({"departement": "03", "services": "pas-un-service"}, "pas-un-service"),
        ({"hauteur": "500"}, "Choisissez un territoire"),
    ],
)
def test_the_configuration_page_says_what_is_wrong(client, query, message):
    response = client.get(CONFIGURE, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce choix contient une erreur" in html and message in html
    assert "embed-snippet" not in html


def test_territory_and_hub_pages_link_to_the_configuration(client, places):
    from tests.places.factories import StructureFactory

    hub = StructureFactory(is_hub=True)
    hub.hub_departements.add("03")

    assert (
        f'href="{reverse("places:embed-configure")}?departement=03"'
        in client.get("/territoires/departement/03/").content.decode()
    )
    assert 'href="/integrer/?commune=03185"' in client.get("/territoires/commune/03185/").content.decode()
    assert 'href="/integrer/?departement=03"' in client.get(f"/hubs/{hub.pk}/").content.decode()


@pytest.mark.skipif("epci" not in BY_NAME, reason="the search has no `epci` criterion")
def test_an_intercommunalite_is_a_territory_too(client, places):
    montlucon_agglomeration = Commune.objects.get(code="03185").epci_id

    embedded = client.get(EMBED, {"epci": montlucon_agglomeration})
    configured = client.get(CONFIGURE, {"epci": montlucon_agglomeration})

    assert sorted(names(embedded)) == ["Fablab de Montluçon", "Médiathèque de Montluçon"]
    html = configured.content.decode()
    assert f'name="epci" id="embed-epci" value="{montlucon_agglomeration}" checked' in html
    assert f"integrer/lieux/?epci={montlucon_agglomeration}" in html


@pytest.mark.parametrize(
    "name", ["departement", "commune", "region", "services", "publics", "ou", "q", "rayon", "page"]
)
@pytest.mark.parametrize("value", ["\x00", "x" * 200_000, "-1e309", "03/../63", "<script>"])
def test_hostile_values_get_a_message_never_an_error_page(client, places, name, value):
    query = {"departement": "03", name: value} if name != "departement" else {name: value}

    response = client.get(EMBED, query)

    assert response.status_code in {200, 400}
    assert "<script>" not in response.content.decode()
    assert_no_cookie(response)
