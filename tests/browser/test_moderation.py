"""A moderator approves a submitted place on the site; citizens then find it in the search and the API."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission

from places.models import Place
from places.submissions import submit_place
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.test_accessibility import describe
from tests.places.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_approves_a_new_place_which_citizens_then_find(page, screenshot):
    structure = StructureFactory(name="CCAS de Montluçon")
    place = submit_place(
        structure=structure,
        origin="web",
        origin_id="atelier-1",
        attributes={
            "name": "Atelier Zéphyrin",
            "address": "1 place de la Mairie",
            "postcode": "03100",
            "commune_name": "Montluçon",
            "commune_id": "03185",
            "latitude": 46.34,
            "longitude": 2.60,
            "opening_hours": "Mo-Fr 09:00-12:00",
        },
        tags={"services": ["demarches-administratives"]},
        user=None,
        via="Site, formulaire du lieu",
    )
    moderator = UserFactory(username="moderatrice", is_staff=True)
    moderator.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_place", "change_placechange"])
    )
    axe = Axe()
    violations = {}

    def scan(label):
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    page.goto("/compte/connexion/?next=/moderation/")
    page.get_by_label("Identifiant").fill("moderatrice")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("connecter", re.IGNORECASE)).click()
    page.get_by_role("heading", level=1, name="Modération").wait_for()
    scan("queue")

    page.get_by_role("link", name="Atelier Zéphyrin").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "lundi : 9 h – 12 h" in page.content()
    scan("new-place")
    page.locator("label[for=id_decision_1]").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("Dites à la structure pourquoi vous refusez.").wait_for()
    scan("new-place-error")

    page.locator("label[for=id_decision_0]").click()
    page.get_by_label("Message à la structure").fill("Bienvenue dans l'annuaire")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("est publié").wait_for()
    scan("queue-after")
    place.refresh_from_db()
    assert place.status == Place.Status.PUBLISHED

    page.goto("/lieux/?q=Zéphyrin")
    assert page.get_by_role("link", name=re.compile("Atelier Zéphyrin")).count() >= 1
    answer = page.request.get("/api/v1/places/?q=Zéphyrin").json()
    assert [record["nom"] for record in answer["results"]] == ["Atelier Zéphyrin"]

    page.goto(f"/lieux/{place.pk}/historique/")
    page.get_by_text("Modération : lieu publié").wait_for()
    scan("history")
    page.get_by_role("link", name=re.compile("Restaurer cette version")).first.click()
    page.get_by_role("heading", level=1, name=re.compile("Restaurer une version")).wait_for()
    scan("restore-confirmation")
    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())
