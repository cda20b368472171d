"""Every kind of page works under the site's Content-Security-Policy: Chromium reports no violation.

tests/browser/conftest.py fails any browser test whose pages log a violation; this test walks through every
kind of page, with the scripts that run on them (map, suggestions, Swagger UI, Redoc, the admin's map).
"""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import Membership
from tests.browser.conftest import CSP_KEY
from tests.inclusion.test_content_security_policy import assert_strict, directives
from tests.places.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "une-phrase-de-passe-longue"


def test_every_kind_of_page_runs_under_the_policy_without_a_violation(page, demo, screenshot):
    user = get_user_model().objects.create_superuser("moderatrice", password=PASSWORD)
    Membership.objects.create(user=user, structure=StructureFactory(name="Médiathèque de Montluçon"))

    def visit(url: str, label: str, ready: str):
        response = page.goto(url, wait_until="networkidle")  # the map's clusters, Redoc's worker… have run
        assert_strict(directives(response.headers["content-security-policy"]))
        page.locator(ready).first.wait_for()
        screenshot(page, label)

    visit("/", "home", "#content")
    field = page.get_by_label("Votre commune, votre code postal ou votre adresse")
    field.press_sequentially("montl")  # the suggestions ask the API (connect-src)
    page.locator("datalist option").first.wait_for(state="attached")
    visit("/lieux/?ou=montlucon", "results", ".leaflet-marker-icon")
    expect(page.locator(".results-map__cluster, .leaflet-marker-icon").first).to_be_visible()
    visit(demo.mediatheque.get_absolute_url(), "place", ".leaflet-marker-icon")
    visit("/territoires/departement/03/", "territory", ".leaflet-marker-icon")
    visit("/programmes/", "programmes", "h1")
    visit("/api/v1/docs/", "swagger", ".opblock-summary-path")
    page.locator(".opblock-summary", has_text="/api/v1/places/").first.click()  # an operation opened
    page.locator(".opblock-body").first.wait_for()
    visit("/api/v1/redoc/", "redoc", "h1")
    page.get_by_role("heading", name="Lister et chercher les lieux").first.wait_for()
    visit("/admin/login/", "admin-login", "#login-form")

    visit("/compte/connexion/", "login", "form")
    page.get_by_label("Identifiant").fill("moderatrice")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("connecter", re.IGNORECASE)).click()
    page.wait_for_url(re.compile(r"/compte/$"))
    visit("/compte/", "my-space", "h1")
    visit("/admin/places/place/", "admin-changelist", "#changelist")
    visit(f"/admin/places/place/{demo.mediatheque.pk}/change/", "admin-change-form", ".leaflet-container")
    page.wait_for_load_state("networkidle")
    # Nothing more to assert here: conftest.py fails the test if any of these pages logged a violation.


@pytest.mark.parametrize("report_only", [False, True], ids=["enforced", "report-only"])
def test_an_inline_script_is_reported_and_fails_the_check(page, request, settings, report_only):
    # The check of conftest.py must be able to fail: a script written into a page without a nonce is refused
    # (or, report-only, run and reported), and the console says so.
    if report_only:
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
        del settings.CONTENT_SECURITY_POLICY
    page.goto("/programmes/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = true';"
        " document.body.append(s); }"
    )

    violations = request.node.stash[CSP_KEY]
    deadline = time.monotonic() + 5
    while not violations and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert len(violations) == 1
    assert "script-src" in violations[0]
    assert ("report-only" in violations[0]) is report_only
    assert page.evaluate("window.ran === true") is report_only
    violations.clear()  # seen: this test passes
