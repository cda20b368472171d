"""A member declares a place in the browser — hours typed through the editor, a position clicked on the map —,
a moderator approves it, citizens find it in the search and the API; another structure's member cannot open it.
axe-core finds no violation on the form, its error state and "Mon espace"."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from places.models import Place
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_declares_a_place_a_moderator_publishes_it_and_citizens_find_it(page, new_page, screenshot):
    member = MembershipFactory(structure__name="CCAS de Montluçon")
    axe = Axe()
    violations = {}

    def scan(label):
        page.wait_for_load_state("networkidle")
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    log_in(page, member.user.username)
    page.get_by_role("link", name="Déclarer un lieu pour CCAS de Montluçon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarer un lieu")
    scan("place-form")

    page.get_by_role("button", name="Envoyer le lieu").click()  # nothing filled in
    expect(page.get_by_role("alert").first).to_contain_text("corrigez les champs signalés")
    scan("place-form-errors")

    page.locator("#id_name").fill("Atelier numérique Zéphyrine")
    page.locator("#id_address").fill("1 place de la Mairie")
    page.locator("#id_postcode").fill("03100")
    page.locator("#id_commune_name").fill("Montlucon")
    # The map: a click places the marker and fills both coordinates.
    page.locator(".leaflet-container").first.click()
    expect(page.locator("#id_latitude")).not_to_have_value("")
    latitude = float(page.locator("#id_latitude").input_value())
    # Hours through the editor: Monday's two ranges, the same from Tuesday to Friday, closed on public holidays.
    page.locator("input[name='opening_hours-mo-1-start']").fill("09:00")
    page.locator("input[name='opening_hours-mo-1-end']").fill("12:00")
    page.get_by_role("button", name=re.compile("Ajouter une plage")).first.click()  # Monday's second range
    page.locator("input[name='opening_hours-mo-2-start']").fill("14:00")
    page.locator("input[name='opening_hours-mo-2-end']").fill("17:00")
    page.locator("input[name='opening_hours-copy-monday']").check(force=True)
    page.locator("input[name='opening_hours-holidays']").check(force=True)
    page.get_by_role("button", name="Envoyer le lieu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("En attente de modération").first).to_be_visible()
    scan("my-space-with-place")

    place = Place.objects.get(name="Atelier numérique Zéphyrine")
    assert place.status == Place.Status.SUBMITTED
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert place.latitude == pytest.approx(latitude) and not place.coordinates_approximate

    # Another structure's member cannot open the place's edit page.
    outsider = MembershipFactory()
    other = new_page()
    log_in(other, outsider.user.username)
    assert other.goto(f"/lieux/{place.pk}/modifier/").status == 403

    moderator = UserFactory(username="moderatrice", is_staff=True)
    moderator.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_place", "change_placechange"])
    )
    referee = new_page()
    log_in(referee, "moderatrice")
    referee.goto("/moderation/")
    referee.get_by_role("link", name="Atelier numérique Zéphyrine").click()
    referee.locator("label[for=id_decision_0]").click()
    referee.get_by_role("button", name="Enregistrer la décision").click()
    referee.get_by_text("est publié").wait_for()

    page.goto("/lieux/?q=Zéphyrine")
    expect(page.get_by_role("link", name=re.compile("Atelier numérique Zéphyrine")).first).to_be_visible()
    answer = page.request.get("/api/v1/places/?q=Zéphyrine").json()
    assert [record["nom"] for record in answer["results"]] == ["Atelier numérique Zéphyrine"]
    assert answer["results"][0]["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())
