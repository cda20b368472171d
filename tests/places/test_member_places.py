"""A structure's members declare, update, close and claim places on the site (places/member_views.py)."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from places.models import Place, PlaceChange, PlaceClaim
from places.submissions import apply_change
from places.vocabularies import Service
from tests.accounts.factories import MembershipFactory
from tests.places.factories import PlaceFactory, StructureFactory

NEW_PLACE = {
    "name": "Médiathèque du centre",
    "summary": "Aide aux démarches en ligne, sans rendez-vous.",
    "address": "2 place de la Mairie",
    "postcode": "03100",
    "commune_name": "montlucon",
    "phone": "04 70 00 00 00",
    "emails": "accueil@mediatheque.example.fr",
    # The hours editor's inputs (places/hours_widgets.py): Monday's two ranges, copied to the weekdays.
    "opening_hours-original": "",
    "opening_hours-mo-1-start": "09:00",
    "opening_hours-mo-1-end": "12:00",
    "opening_hours-mo-2-start": "14:00",
    "opening_hours-mo-2-end": "17:00",
    "opening_hours-copy-monday": "on",
    "opening_hours-holidays": "on",
    "services": [Service.DEMARCHES],
    "stops-TOTAL_FORMS": "0",  # the stops' management form, as the page always sends it
    "stops-INITIAL_FORMS": "0",
}


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def browser(member):
    client = Client()
    client.force_login(member.user)
    return client


class _FormFields(HTMLParser):
    """The name/value pairs a browser would post from a page's form, untouched."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button"):
                self.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def edit_form(browser, place) -> dict:
    """What the edit page posts back untouched (parsed from its HTML, as a browser reads it)."""
    parser = _FormFields()
    parser.feed(browser.get(reverse("places:member-edit", args=[place.pk])).content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def test_a_member_declares_a_place_that_waits_for_moderation(browser, member):
    response = browser.post(reverse("places:member-create"), {**NEW_PLACE, "structure": member.structure_id})

    assert response.status_code == 302, response.context["form"].errors
    place = Place.objects.get(name="Médiathèque du centre")
    assert (place.status, place.structure) == (Place.Status.SUBMITTED, member.structure)
    assert (place.commune_id, place.commune_name) == ("03185", "Montluçon")  # found by the gazetteer
    assert place.coordinates_approximate and place.latitude is not None  # the commune's centre
    assert place.phone == "+33470000000"
    assert place.services == [Service.DEMARCHES]
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert place.openings.exists()  # "open now" searches know its hours
    assert place.history.first().history_change_reason.startswith("Site, formulaire de")


def test_an_unknown_commune_is_refused_with_a_message_and_nothing_is_stored(browser, member):
    response = browser.post(
        reverse("places:member-create"),
        {**NEW_PLACE, "commune_name": "Atlantide", "structure": member.structure_id},
    )

    assert response.status_code == 400
    assert "Commune « Atlantide » introuvable" in response.content.decode().replace("&#x27;", "'")
    assert not Place.objects.filter(name="Médiathèque du centre").exists()


def test_a_change_to_a_published_place_waits_and_holds_only_what_changed(browser, member):
    place = PlaceFactory(structure=member.structure, name="Médiathèque")
    data = edit_form(browser, place)

    response = browser.post(
        reverse("places:member-edit", args=[place.pk]), {**data, "phone": "04 70 11 22 33"}
    )

    assert response.status_code == 302
    change = PlaceChange.objects.get(place=place)
    assert change.values == {"attributes": {"phone": "+33470112233"}, "tags": {}}
    place.refresh_from_db()
    assert place.phone != "+33470112233"  # online as it was until a moderator approves
    apply_change(change=change, user=None)
    place.refresh_from_db()
    assert place.phone == "+33470112233"


def test_a_place_not_yet_published_changes_at_once(browser, member):
    place = PlaceFactory(structure=member.structure, status=Place.Status.SUBMITTED)

    browser.post(
        reverse("places:member-edit", args=[place.pk]), {**edit_form(browser, place), "name": "Nouveau nom"}
    )

    place.refresh_from_db()
    assert place.name == "Nouveau nom"
    assert not PlaceChange.objects.exists()


def test_a_stale_edit_page_is_refused_and_undoes_nothing(browser, member):
    place = PlaceFactory(structure=member.structure, status=Place.Status.SUBMITTED, name="Médiathèque")
    stale = edit_form(browser, place)
    browser.post(
        reverse("places:member-edit", args=[place.pk]), {**edit_form(browser, place), "phone": "0470112233"}
    )

    response = browser.post(reverse("places:member-edit", args=[place.pk]), {**stale, "name": "Autre nom"})

    place.refresh_from_db()
    assert response.status_code == 400
    assert (place.name, place.phone) == ("Médiathèque", "+33470112233")


@pytest.mark.parametrize("page", ["member-edit", "member-close"])
def test_a_member_of_another_structure_can_neither_open_nor_change_the_place(page):
    place = PlaceFactory(structure=StructureFactory(), status=Place.Status.SUBMITTED, name="À eux")
    outsider = Client()
    outsider.force_login(MembershipFactory().user)
    url = reverse(f"places:{page}", args=[place.pk])

    assert outsider.get(url).status_code == 403
    assert (
        outsider.post(url, {"name": "Volé", "closed_on": "2026-01-01", "seen_version": 1}).status_code == 403
    )
    place.refresh_from_db()
    assert (place.name, place.status) == ("À eux", Place.Status.SUBMITTED)


@pytest.mark.parametrize("page", ["member-edit", "member-close", "member-claim"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, page):
    place = PlaceFactory()

    response = client.get(reverse(f"places:{page}", args=[place.pk]))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_forms_need_their_csrf_token(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member.user)

    response = strict.post(reverse("places:member-create"), {**NEW_PLACE, "structure": member.structure_id})

    assert response.status_code == 403
    assert not Place.objects.filter(name="Médiathèque du centre").exists()


def test_a_member_cannot_declare_a_place_for_a_structure_they_do_not_belong_to(browser):
    other = StructureFactory()

    response = browser.post(reverse("places:member-create"), {**NEW_PLACE, "structure": other.pk})

    assert response.status_code == 400
    assert not Place.objects.filter(structure=other).exists()


def test_closing_a_published_place_is_proposed_then_archived_and_kept(browser, member):
    place = PlaceFactory(structure=member.structure)

    browser.post(
        reverse("places:member-close", args=[place.pk]),
        {"closed_on": "2026-11-30", "seen_version": place.version},
    )
    apply_change(change=PlaceChange.objects.get(place=place), user=None)

    place.refresh_from_db()
    assert place.status == Place.Status.ARCHIVED
    assert place.closed_on.isoformat() == "2026-11-30"


def test_a_place_with_the_structures_siret_is_claimed_at_once_otherwise_a_moderator_decides(browser, member):
    member.structure.siret = "21030185400019"
    member.structure.save()
    same = PlaceFactory(structure=None, pivot="21030185400019")
    other = PlaceFactory(structure=None, pivot="")

    browser.post(reverse("places:member-claim", args=[same.pk]), {"structure": member.structure_id})
    browser.post(
        reverse("places:member-claim", args=[other.pk]),
        {"structure": member.structure_id, "message": "Le nôtre"},
    )

    same.refresh_from_db(), other.refresh_from_db()
    assert same.structure == member.structure
    assert other.structure is None
    claim = PlaceClaim.objects.get(place=other)
    assert (claim.status, claim.message) == (PlaceClaim.Status.PENDING, "Le nôtre")


def test_a_place_run_by_another_structure_is_never_taken_by_siret_alone(browser, member):
    member.structure.siret = "21030185400019"
    member.structure.save()
    theirs = PlaceFactory(structure=StructureFactory(), pivot="21030185400019")

    browser.post(reverse("places:member-claim", args=[theirs.pk]), {"structure": member.structure_id})

    theirs.refresh_from_db()
    assert theirs.structure != member.structure
    assert PlaceClaim.objects.get(place=theirs).status == PlaceClaim.Status.PENDING


def test_a_closed_place_keeps_its_page_which_says_it_closed(client):
    place = PlaceFactory(status=Place.Status.ARCHIVED, closed_on="2026-11-30", name="Ancien EPN")
    archived_without_date = PlaceFactory(status=Place.Status.ARCHIVED)

    page = client.get(place.get_absolute_url()).content.decode()

    assert "Ce lieu a fermé le 30 novembre 2026" in page
    assert client.get(archived_without_date.get_absolute_url()).status_code == 404


def test_the_place_page_leads_members_to_edit_it_and_others_to_claim_it(client, browser, member):
    place = PlaceFactory(structure=member.structure)

    as_member = browser.get(place.get_absolute_url()).content.decode()
    as_anyone = client.get(place.get_absolute_url()).content.decode()

    assert reverse("places:member-edit", args=[place.pk]) in as_member
    assert reverse("places:member-claim", args=[place.pk]) in as_anyone
    assert reverse("places:member-edit", args=[place.pk]) not in as_anyone


def test_my_space_lists_each_structures_places_with_their_edit_links(browser, member):
    mine = PlaceFactory(structure=member.structure, name="Mon EPN")
    closed = PlaceFactory(structure=member.structure, name="Fermé", status=Place.Status.ARCHIVED)
    theirs = PlaceFactory(structure=StructureFactory(), name="Leur EPN")

    page = browser.get(reverse("accounts:home")).content.decode()

    assert reverse("places:member-edit", args=[mine.pk]) in page
    assert "Mon EPN" in page and "Leur EPN" not in page and closed.name not in page
    assert f"{reverse('places:member-create')}?structure={member.structure_id}" in page
    assert theirs.pk


def test_a_moderator_of_the_places_territory_decides_a_claim_in_the_queue(member):
    from tests.places.test_moderation import MONTLUCON, RENNES, logged_in, moderator

    place = PlaceFactory(structure=None, commune_id=MONTLUCON)
    claim = PlaceClaim.objects.create(place=place, structure=member.structure, requested_by=member.user)
    local, elsewhere = moderator(departements=["03"]), moderator(departements=["35"])
    url = reverse("moderation:claim", args=[claim.pk])

    queue = logged_in(local).get(reverse("moderation:queue"))
    refused_elsewhere = logged_in(elsewhere).post(url, {"decision": "approve", "seen": "pending"})
    by_member = logged_in(member.user).post(url, {"decision": "approve", "seen": "pending"})
    decided = logged_in(local).post(url, {"decision": "approve", "message": "Bienvenue", "seen": "pending"})

    assert {section["kind"].slug: section["count"] for section in queue.context["sections"]}["claims"] == 1
    assert (refused_elsewhere.status_code, by_member.status_code, decided.status_code) == (404, 403, 302)
    place.refresh_from_db(), claim.refresh_from_db()
    assert place.structure == member.structure
    assert (claim.status, claim.decision_message) == (PlaceClaim.Status.ACCEPTED, "Bienvenue")
    assert RENNES


STOP = {
    "stops-TOTAL_FORMS": "1",
    "stops-INITIAL_FORMS": "0",
    "stops-0-name": "Place du marché",
    "stops-0-address": "1 place du Marché",
    "stops-0-postcode": "03100",
    "stops-0-commune_name": "Montluçon",
    "stops-0-opening_hours-original": "",
    "stops-0-opening_hours-tu-1-start": "09:00",
    "stops-0-opening_hours-tu-1-end": "12:00",
}


def test_a_bus_is_declared_with_its_stops_each_with_its_own_hours(browser, member):
    response = browser.post(
        reverse("places:member-create"), {**NEW_PLACE, **STOP, "structure": member.structure_id}
    )

    assert response.status_code == 302, response.context["formset"].errors
    (stop,) = Place.objects.get(name="Médiathèque du centre").stops.all()
    assert (stop.name, stop.commune_id, stop.opening_hours) == ("Place du marché", "03185", "Tu 09:00-12:00")
    assert stop.latitude is not None  # at its commune's centre when not placed on the map


def test_a_change_of_a_published_buss_stops_waits_for_a_moderator_who_sees_them(
    browser, member, admin_client
):
    place = PlaceFactory(structure=member.structure, name="Bus numérique")
    data = edit_form(browser, place)

    browser.post(reverse("places:member-edit", args=[place.pk]), {**data, **STOP})

    change = PlaceChange.objects.get(place=place)
    assert [stop["name"] for stop in change.values["attributes"]["stops"]] == ["Place du marché"]
    assert not place.stops.exists()  # online as it was until approved
    page = admin_client.get(reverse("admin:places_placechange_change", args=[change.pk])).content.decode()
    assert "Arrêts (lieu itinérant)" in page and "Place du marché" in page
    apply_change(change=change, user=None)
    assert [stop.opening_hours for stop in place.stops.all()] == ["Tu 09:00-12:00"]


def test_a_stop_with_an_unknown_commune_is_refused_and_nothing_is_stored(browser, member):
    response = browser.post(
        reverse("places:member-create"),
        {**NEW_PLACE, **STOP, "stops-0-commune_name": "Atlantide", "structure": member.structure_id},
    )

    assert response.status_code == 400
    assert not Place.objects.filter(name="Médiathèque du centre").exists()
