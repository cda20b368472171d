"""A structure's member creates an API token in "Mon espace", and the API documentation works offline."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from accounts.models import ApiToken, Membership, digest_of
from tests.browser.test_accessibility import describe
from tests.places.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_creates_a_token_sees_its_key_once_and_revokes_it(page, screenshot):
    structure = StructureFactory(name="Médiathèque de Montluçon")
    user = get_user_model().objects.create_user("claire", password="une-phrase-de-passe-longue")
    Membership.objects.create(user=user, structure=structure)
    axe = Axe()
    violations = {}

    def scan(label):
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    scan("login")
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("une-phrase-de-passe-longue")
    page.get_by_role("button", name=re.compile("connecter", re.IGNORECASE)).click()
    page.get_by_role("heading", level=1).wait_for()
    scan("my-space")

    page.get_by_label(re.compile("Nom du jeton|Nom")).first.fill("Logiciel de gestion")
    page.get_by_role("button", name=re.compile("Créer un jeton")).first.click()
    key_field = page.locator("input[readonly]").first
    key = key_field.input_value()
    scan("token-created")
    token = ApiToken.objects.get()
    assert key.startswith("incl_") and digest_of(key) == token.digest
    assert "elle ne sera plus affichée" in page.content()

    page.goto("/compte/")
    assert key not in page.content()
    page.get_by_role("button", name=re.compile("Révoquer")).first.click()
    page.get_by_text("Révoqué").first.wait_for()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())


def test_the_api_documentation_loads_without_internet(page, screenshot):
    outside = []
    page.on("requestfailed", lambda request: outside.append((request.url, request.failure)))

    page.goto("/api/v1/docs/")
    page.locator(".opblock-summary-path", has_text="/api/v1/places/").first.wait_for()
    screenshot(page, "swagger")
    page.goto("/api/v1/redoc/")
    page.get_by_role("heading", name="Lister et chercher les lieux").first.wait_for()
    screenshot(page, "redoc")

    # Every script, style and font came from our own server. Redoc's bundle asks for its publisher's logo:
    # the page's Content-Security-Policy stops it in the browser, before any network request.
    assert [failure for _url, failure in outside if failure != "csp"] == []
    assert all(url.startswith("https://cdn.redoc.ly/") for url, _failure in outside)
