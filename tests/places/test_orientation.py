"""The orientation path: a helper answers three questions and gets the best places nearby, then a fiche."""

import re
from html import unescape

import pytest
from django.urls import reverse

from places.models import Commune, Place
from places.orientation.needs import ACCESS_NEEDS, BRING_ALWAYS, NEED_OF, NEEDS, PUBLIC_OF, what_to_bring
from places.orientation.sketch import direction, map_sketch, qr_code
from places.search.criteria import Centre, Search
from places.search.engine import find
from places.vocabularies import (
    CHOICES_OF,
    Dispositif,
    ModaliteAccompagnement,
    PriseEnCharge,
    Service,
    Vocabulary,
)
from tests.places.factories import PlaceFactory, StopFactory

NEED = reverse("places:orientation:need")
WHERE = reverse("places:orientation:where")
WHEN = reverse("places:orientation:when")
RESULTS = reverse("places:orientation:results")
MONTLUCON = {"ou": "Montluçon"}


def text(response) -> str:
    """The page's text, tags and repeated spaces taken out, entities read."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def names(response) -> list[str]:
    return re.findall(r'<h2 class="fr-h4 fr-mb-1w">([^<]+)</h2>', response.content.decode())


@pytest.fixture
def places():
    """Around Montluçon's centre: a place for procedures nearby, one farther that does them for you (Aidants
    Connect, one to one), one that teaches the basics, one open on Saturday mornings only, and one far away."""
    near = PlaceFactory(
        name="Médiathèque Boris-Vian",  # about 0.3 km
        latitude=46.3430,
        longitude=2.6085,
        phone="+33470051234",
        tags={Vocabulary.SERVICES: [Service.DEMARCHES, Service.ACCES_INTERNET]},
    )
    for_you = PlaceFactory(
        name="France services de Domérat",  # about 5 km
        commune=Commune.objects.get(code="03101"),
        latitude=46.3706,
        longitude=2.5462,
        tags={
            Vocabulary.SERVICES: [Service.DEMARCHES],
            Vocabulary.DISPOSITIFS: [Dispositif.AIDANTS_CONNECT],
            Vocabulary.MODALITES_ACCOMPAGNEMENT: [ModaliteAccompagnement.INDIVIDUEL],
            Vocabulary.PRISE_EN_CHARGE: [PriseEnCharge.SURDITE],
        },
    )
    basics = PlaceFactory(
        name="Centre social de Désertines",  # about 2 km
        commune=Commune.objects.get(code="03098"),
        latitude=46.3571,
        longitude=2.6253,
        tags={Vocabulary.SERVICES: [Service.OUTILS_QUOTIDIEN]},
    )
    saturday = PlaceFactory(
        name="Espace du samedi",  # about 1 km
        latitude=46.3450,
        longitude=2.5950,
        opening_hours="Sa 09:00-12:00",
        tags={Vocabulary.SERVICES: [Service.DEMARCHES]},
    )
    far = PlaceFactory(
        name="Espace numérique de Commentry",  # about 13 km
        commune=Commune.objects.get(code="03082"),
        latitude=46.2734,
        longitude=2.7509,
        tags={Vocabulary.SERVICES: [Service.MATERIEL_SOLIDAIRE]},
    )
    return {"near": near, "for_you": for_you, "basics": basics, "saturday": saturday, "far": far}


# --- The mapping ------------------------------------------------------------------------------------------


def test_every_need_maps_to_values_of_the_standards_vocabularies():
    preferences = [p for need in NEEDS for p in need.preferences]
    preferences += [access.preference for access in ACCESS_NEEDS] + list(PUBLIC_OF.values())
    for need in NEEDS:
        assert need.services and set(need.services) <= set(CHOICES_OF[Vocabulary.SERVICES].values), need.key
    for preference in preferences:
        assert set(preference.values) <= set(CHOICES_OF[preference.vocabulary].values), preference


def test_what_to_bring_starts_with_what_every_visit_needs_then_adds_the_needs_own_without_repeating():
    plain = what_to_bring(None)
    assert plain == [str(item) for item in BRING_ALWAYS]
    procedure = what_to_bring(
        NEED_OF["demarche"], tuple(a for a in ACCESS_NEEDS if a.key in ("langue", "lit"))
    )
    assert procedure[: len(plain)] == plain
    assert any("identifiants" in item for item in procedure)
    assert any("justificatif de domicile" in item for item in procedure)
    assert any("parle français" in item for item in procedure)
    assert len(procedure) == len(set(procedure))


def test_a_search_open_within_windows_finds_the_places_open_at_some_time_in_one_of_them(places):
    centre = Centre(46.3406, 2.6030)
    saturday_morning = ((5, 8 * 60, 12 * 60),)
    found = find(Search(centre=centre, open_within=saturday_morning)).ids().tolist()
    assert found == [places["saturday"].pk]
    monday_afternoon_or_saturday_afternoon = ((0, 12 * 60, 18 * 60), (5, 12 * 60, 18 * 60))
    found = find(Search(centre=centre, open_within=monday_afternoon_or_saturday_afternoon)).ids().tolist()
    assert places["saturday"].pk not in found and places["near"].pk in found
    # A window that only touches an opening's end does not count: open until 12:00 is not open after 12:00.
    assert (
        places["saturday"].pk not in find(Search(centre=centre, open_within=((5, 12 * 60, 13 * 60),))).ids()
    )


# --- The steps ----------------------------------------------------------------------------------------------


def test_the_home_page_leads_helpers_to_the_path(client):
    html = client.get(reverse("places:home")).content.decode()
    assert "Vous orientez quelqu'un ?" in html
    assert f'href="{NEED}"' in html


def test_the_first_step_asks_what_the_person_needs_and_goes_on_to_where(client):
    response = client.get(NEED)
    page = text(response)
    assert response.status_code == 200
    assert "Étape 1 sur 4" in page
    for need in NEEDS:
        assert str(need.label) in page
    assert "Elle parle peu le français" in page
    assert f'action="{WHERE}"' in response.content.decode()
    assert "Choisissez ce dont la personne a besoin." not in page  # no error before an answer


def test_going_on_without_a_need_shows_the_first_step_again_with_its_message(client):
    response = client.get(WHERE)
    assert response.status_code == 400
    page = text(response)
    assert "Étape 1 sur 4" in page
    assert "Choisissez ce dont la personne a besoin." in page
    assert 'aria-labelledby="id_besoin-legend id_besoin-messages"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"besoin": "voyager"}, "Ce besoin n'existe pas"),
        ({"besoin": "demarche", "adapte": "telepathie"}, "Ce choix n'existe pas : « telepathie »."),
    ],
)
def test_a_made_up_answer_is_refused_on_its_step_with_a_clear_message(client, query, message):
    response = client.get(RESULTS, {**query, **MONTLUCON})
    assert response.status_code == 400
    assert "Étape 1 sur 4" in text(response)
    assert message in text(response)


def test_the_second_step_carries_the_first_answers_and_says_them_back(client):
    response = client.get(WHERE, {"besoin": "demarche", "adapte": ["entend", "langue"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Étape 2 sur 4" in text(response)
    assert '<input type="hidden" name="besoin" value="demarche">' in html
    assert '<input type="hidden" name="adapte" value="entend">' in html
    assert '<input type="hidden" name="adapte" value="langue">' in html
    assert (
        "Faire une démarche en ligne · Elle entend mal ou pas du tout · Elle parle peu le français"
        in text(response)
    )


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ({}, "Indiquez une commune, un code postal ou une adresse."),
        ({"ou": "zzzyx"}, "Nous ne trouvons pas « zzzyx »."),
        ({"ou": "Montluçon", "rayon": "7000"}, "Choisissez une distance dans la liste."),
    ],
)
def test_a_place_that_cannot_be_found_is_said_on_the_second_step(client, where, message):
    response = client.get(WHEN, {"besoin": "demarche", **where})
    assert response.status_code == 400
    assert "Étape 2 sur 4" in text(response)
    assert message in text(response)


def test_a_name_several_communes_bear_is_offered_with_the_others_on_the_next_step(client):
    response = client.get(WHEN, {"besoin": "demarche", "ou": "Saint-Pierre"})
    assert response.status_code == 200
    assert "D'autres communes portent ce nom" in text(response)
    links = re.findall(r'href="([^"]*autour=(\d[\dAB]\d+)[^"]*)"', response.content.decode())
    assert len(links) > 3
    chosen = client.get(unescape(links[0][0]))
    assert chosen.status_code == 200
    assert "D'autres communes portent ce nom" not in text(chosen)


def test_modifying_an_earlier_step_keeps_the_later_answers(client):
    answers = {"besoin": "demarche", "ou": "Montluçon", "rayon": "10", "jour": ["mardi", "jeudi"]}
    html = client.get(NEED, answers).content.decode()
    assert 'id="id_besoin_0" name="besoin" value="demarche" checked' in html  # the answer, filled in
    assert '<input type="hidden" name="ou" value="Montluçon">' in html
    assert '<input type="hidden" name="jour" value="jeudi">' in html
    assert '<input type="hidden" name="besoin"' not in html  # the step's own answer comes from its field


# --- The places proposed -------------------------------------------------------------------------------------


def test_the_places_offering_the_need_come_nearest_first_with_why(client, places):
    response = client.get(RESULTS, {"besoin": "demarche", **MONTLUCON})
    assert response.status_code == 200
    assert names(response) == ["Médiathèque Boris-Vian", "Espace du samedi", "France services de Domérat"]
    page = text(response)
    assert "Étape 4 sur 4" in page
    assert "Propose : Aide aux démarches administratives" in page
    assert "3 lieux conviennent" in page


def test_a_place_doing_it_for_the_person_comes_before_nearer_ones(client, places):
    response = client.get(RESULTS, {"besoin": "a-sa-place", "adapte": "entend", **MONTLUCON})
    assert names(response)[0] == "France services de Domérat"
    page = text(response)
    assert "Aidants Connect : un professionnel peut faire la démarche à votre place" in page
    assert "Accueil adapté : surdité" in page
    # The nearer places are still there, with what to check before going.
    assert "Médiathèque Boris-Vian" in names(response)
    assert "Ne dit pas accueillir les personnes sourdes : écrivez-leur ou appelez avant." in page


def test_only_places_open_when_the_person_can_go_are_proposed(client, places):
    response = client.get(RESULTS, {"besoin": "demarche", **MONTLUCON, "jour": "samedi", "moment": "matin"})
    assert names(response) == ["Espace du samedi"]
    assert "Ouvert : samedi matin" in text(response)
    weekday_afternoons = client.get(RESULTS, {"besoin": "demarche", **MONTLUCON, "moment": "apres-midi"})
    assert "Espace du samedi" not in names(weekday_afternoons)


def test_when_nothing_is_near_enough_a_wider_distance_is_suggested(client, places):
    response = client.get(RESULTS, {"besoin": "materiel", **MONTLUCON, "rayon": "5"})
    assert response.status_code == 200
    assert names(response) == []
    page = text(response)
    assert "Aucun lieu ne convient pour l'instant" in page
    assert "Un peu plus loin, à moins de 20 km, un lieu convient." in page
    wider = re.search(r'href="([^"]*rayon=20[^"]*)"[^>]*>\s*Chercher jusqu', response.content.decode())
    assert wider is not None
    assert names(client.get(unescape(wider.group(1)))) == ["Espace numérique de Commentry"]


def test_when_nothing_is_open_then_the_other_times_are_suggested(client, places):
    response = client.get(RESULTS, {"besoin": "apprendre", **MONTLUCON, "jour": "dimanche"})
    page = text(response)
    assert "Un lieu convient à un autre moment de la semaine." in page
    assert "Chercher à n'importe quel moment" in page
    assert "Même beaucoup plus loin, aucun lieu ne convient" in page


# --- The fiche -----------------------------------------------------------------------------------------------


def test_the_fiche_gives_the_place_its_hours_phone_what_to_bring_a_map_and_a_qr_code(client, places):
    place = places["near"]
    answers = {"besoin": "demarche", "adapte": "langue", **MONTLUCON, "jour": "mardi"}
    response = client.get(reverse("places:orientation:fiche", args=[place.pk]), answers)
    assert response.status_code == 200
    html, page = response.content.decode(), text(response)
    assert "Fiche d'orientation — Faire une démarche en ligne" in page
    assert "12 rue de la République 03100 Montluçon" in page
    assert "04 70 05 12 34" in page
    assert "Lundi 9 h – 12 h, 14 h – 17 h" in page and "Samedi fermé" in page
    assert "Une pièce d'identité" in page and "Vos identifiants et mots de passe" in page
    assert "Si possible, une personne de confiance qui parle français." in page
    assert "Ne dit pas accueillir dans d'autres langues : appelez avant." in page
    assert 'class="orientation-sketch"' in html and "Départ : Montluçon" in page
    assert 'class="segno"' in html
    assert f"http://testserver{place.get_absolute_url()}" in page
    assert 'id="print-fiche" hidden' in html  # shown by places/print-button.js
    assert "places/print-button.js" in html
    assert " style=" not in html.split('<article class="fiche">')[1]  # the CSP forbids inline styles
    assert f"{RESULTS}?" in html


def test_a_fiche_reached_without_the_answers_still_gives_the_place(client, places):
    response = client.get(reverse("places:orientation:fiche", args=[places["near"].pk]), {"besoin": "?"})
    assert response.status_code == 200
    page = text(response)
    assert "Médiathèque Boris-Vian" in page and "Une pièce d'identité" in page
    assert "identifiants" not in page  # no need given: only what every visit needs
    assert "Revenir aux lieux proposés" not in page


def test_a_bus_fiche_gives_the_stop_nearest_the_person_and_its_hours(client):
    bus = PlaceFactory(
        name="Bus numérique", opening_hours="", tags={Vocabulary.SERVICES: [Service.DEMARCHES]}
    )
    StopFactory(place=bus, position=1, name="Marché de Commentry", latitude=46.2880, longitude=2.7410)
    StopFactory(
        place=bus,
        position=2,
        name="Mairie de Domérat",
        latitude=46.3706,
        longitude=2.5462,
        opening_hours="Tu 14:00-17:00",
    )
    response = client.get(
        reverse("places:orientation:fiche", args=[bus.pk]), {"besoin": "demarche", **MONTLUCON}
    )
    page = text(response)
    assert "Mairie de Domérat" in page and "Marché de Commentry" not in page
    assert "Mardi 14 h – 17 h" in page


def test_there_is_no_fiche_for_a_place_not_published(client):
    draft = PlaceFactory(status=Place.Status.DRAFT)
    assert client.get(reverse("places:orientation:fiche", args=[draft.pk])).status_code == 404


def test_the_map_sketch_says_where_the_place_lies_and_draws_a_scale_and_north():
    montlucon = Centre(46.3406, 2.6030, "Montluçon (03)")
    assert direction((46.3406, 2.6030), (46.3706, 2.6600)) == "au nord-est"
    assert direction((46.3406, 2.6030), (46.3406, 2.5000)) == "à l'ouest"
    svg = str(map_sketch((46.3706, 2.5462), "France services de Domérat", montlucon, 5.3))
    assert "Le lieu est à 5,3 km au nord-ouest du point de départ, Montluçon (03)." in svg
    assert ">N</text>" in svg and "km</text>" in svg
    assert "style=" not in svg
    alone = str(map_sketch((46.3706, 2.5462), "Lieu <b>gras</b>", None, None))
    assert "&lt;b&gt;" in alone and "Départ" not in alone


def test_the_qr_code_is_inline_svg_without_inline_style():
    svg = str(qr_code("https://example.org/lieux/12-mediatheque/"))
    assert svg.startswith("<svg") and "style=" not in svg
