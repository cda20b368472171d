"""A member declares their structure with a real-format SIRET and finds it on "Mon espace"; a second person asks
to join it and the administrator accepts. axe-core finds nothing on any of these pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission

from accounts.models import JoinRequest, Membership
from places.models import Structure
from tests.accounts.factories import UserFactory
from tests.browser import helpers
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.django_db(transaction=True)

# SIREN 210301859 and establishment 00018: both Luhn keys right, as on an INSEE notice.
SIRET = "210 301 859 00018"


def log_in(page, user):
    helpers.log_in(page, user.username)


def test_a_structure_is_declared_joined_and_its_request_accepted(new_page, screenshot):
    axe = Axe()
    violations = {}

    def scan(page, label):
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    claire = UserFactory(username="claire", email="claire@example.org")
    page = new_page()
    log_in(page, claire)
    scan(page, "my-space-empty")

    page.get_by_role("link", name="Déclarer une structure").click()
    page.get_by_role("heading", level=1, name="Déclarer une structure").wait_for()
    scan(page, "register")
    page.get_by_label("Nom de la structure").fill("Mairie de Saint-Denis")
    page.get_by_label("Nature de la structure").select_option("commune")
    page.get_by_label("SIRET").fill(SIRET)
    page.get_by_label(re.compile("^Commune")).fill("Saint-Denis")
    page.get_by_role("button", name="Déclarer la structure").click()
    # Several communes have this name: the page lists them, without JavaScript needed.
    page.get_by_role("group", name="Laquelle de ces communes ?").wait_for()
    scan(page, "register-homonyms")
    page.locator("label[for=commune-93066]").click()  # DSFR draws the radio in its label
    page.get_by_role("button", name="Déclarer la structure").click()

    page.get_by_role("heading", level=3, name="Mairie de Saint-Denis").wait_for()
    scan(page, "my-space-with-structure")
    structure = Structure.objects.get(siret="21030185900018")
    assert structure.commune_id == "93066"
    assert Membership.objects.get(structure=structure).user == claire

    page.get_by_role("link", name=re.compile("Modifier ses informations")).click()
    scan(page, "edit")
    page.get_by_label(re.compile("^Téléphone")).fill("01 49 33 62 00")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", level=1, name="Mon espace").wait_for()
    structure.refresh_from_db()
    assert structure.phone == "+33149336200"

    # A colleague types the same SIRET: a request to join, not a second structure.
    malik = UserFactory(username="malik", email="malik@example.org", first_name="Malik", last_name="Ben")
    other = new_page()
    log_in(other, malik)
    other.get_by_role("link", name="Déclarer une structure").click()
    other.get_by_label("Nom de la structure").fill("Ville de Saint-Denis")
    other.get_by_label("Nature de la structure").select_option("commune")
    other.get_by_label("SIRET").fill("21030185900018")
    other.get_by_label(re.compile("^Commune")).fill("Saint-Denis 93200")
    other.get_by_role("button", name="Déclarer la structure").click()
    other.get_by_role("heading", level=1, name=re.compile("Rejoindre")).wait_for()
    scan(other, "join-request")
    other.get_by_label(re.compile("Message aux administrateurs")).fill("Médiateur numérique à la mairie.")
    other.get_by_role("button", name="Demander à rejoindre").click()
    other.get_by_text("En attente").first.wait_for()
    assert Structure.objects.filter(siret="21030185900018").count() == 1

    page.goto("/compte/")
    scan(page, "my-space-with-request")
    page.get_by_role("button", name="Accepter la demande de Malik Ben").click()
    page.get_by_role("row", name=re.compile("Malik Ben")).wait_for()
    assert JoinRequest.objects.get().status == "accepted"
    other.goto("/compte/")
    other.get_by_text("Acceptée").first.wait_for()

    moderator = UserFactory(username="moderatrice", is_staff=True)
    moderator.user_permissions.add(
        Permission.objects.get(codename="change_structure", content_type__app_label="places")
    )
    third = new_page()
    log_in(third, moderator)
    third.goto("/compte/moderation/structures/")
    third.get_by_role("cell", name="21030185900018").wait_for()
    scan(third, "moderation")

    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())
