"""The whole journey of a town-hall agent, as the issue's reviewer will try it: sign up, confirm by the email's
link, register the town hall with a real-format SIRET, declare a place with hours typed through the editor and a
position; a moderator approves it; citizens find it in the search and the API. axe-core finds no
violation on any page state along the way."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from django.core import mail
from playwright.sync_api import expect

from places.models import Place, Structure
from tests.accounts.factories import UserFactory
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "accueil@mairie-montlucon.example.fr"
PASSWORD = "une phrase de passe assez longue"
SIRET = "210 301 859 00018"  # both Luhn keys right


def test_a_town_hall_agent_signs_up_registers_the_town_hall_and_publishes_a_place(page, new_page, screenshot):
    axe = Axe()
    violations = {}

    def scan(label):
        page.wait_for_load_state("networkidle")
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    # An account, confirmed by the email's link.
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos courriels")
    [message] = mail.outbox
    link = next(
        urlsplit(url).path for url in re.findall(r"https?://\S+", message.body) if "/confirmer/" in url
    )
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    log_in(page, EMAIL, PASSWORD)
    scan("my-space-new-account")

    # The town hall, with its SIRET.
    page.get_by_role("link", name="Déclarer une structure").click()
    page.get_by_label("Nom de la structure").fill("Mairie de Montluçon")
    page.get_by_label("Nature de la structure").select_option("commune")
    page.get_by_label("SIRET").fill(SIRET)
    page.get_by_label(re.compile("^Commune")).fill("Montluçon")
    page.get_by_role("button", name="Déclarer la structure").click()
    page.get_by_role("heading", level=3, name="Mairie de Montluçon").wait_for()
    scan("my-space-with-structure")
    assert Structure.objects.get(siret="21030185900018").commune_id == "03185"

    # A place: hours through the editor, the position clicked on the map.
    page.get_by_role("link", name="Déclarer un lieu pour Mairie de Montluçon").click()
    page.locator("#id_name").fill("Espace numérique de la mairie")
    page.locator("#id_address").fill("1 place de la Mairie")
    page.locator("#id_postcode").fill("03100")
    page.locator("#id_commune_name").fill("Montluçon")
    # Typed, the marker follows (test_member_places.py clicks the map instead).
    page.locator("#id_latitude").fill("46.3406")
    page.locator("#id_longitude").fill("2.6030")
    page.locator("input[name='opening_hours-mo-1-start']").fill("09:00")
    page.locator("input[name='opening_hours-mo-1-end']").fill("12:30")
    page.locator("input[name='opening_hours-copy-monday']").check(force=True)
    scan("place-form-filled")
    page.get_by_role("button", name="Envoyer le lieu").click()
    expect(page.get_by_text("En attente de modération").first).to_be_visible()
    place = Place.objects.get(name="Espace numérique de la mairie")
    assert place.opening_hours == "Mo-Fr 09:00-12:30"
    assert (place.latitude, place.commune_id, place.coordinates_approximate) == (46.3406, "03185", False)

    # A moderator approves it.
    moderator = UserFactory(username="moderateur", is_staff=True)
    moderator.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_place", "change_placechange"])
    )
    referee = new_page()
    log_in(referee, "moderateur")
    referee.goto("/moderation/")
    referee.get_by_role("link", name="Espace numérique de la mairie").click()
    referee.locator("label[for=id_decision_0]").click()
    referee.get_by_role("button", name="Enregistrer la décision").click()
    referee.get_by_text("est publié").wait_for()

    # Citizens find it.
    page.goto("/lieux/?ou=Montluçon&q=mairie")
    expect(page.get_by_role("link", name=re.compile("Espace numérique de la mairie")).first).to_be_visible()
    scan("citizen-search")
    answer = page.request.get("/api/v1/places/?q=Espace+numérique+de+la+mairie").json()
    assert [(record["nom"], record["horaires"]) for record in answer["results"]] == [
        ("Espace numérique de la mairie", "Mo-Fr 09:00-12:30")
    ]
    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())
