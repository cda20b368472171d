"""axe-core finds no violation on any type of page, with JavaScript on (DSFR's scripts and the map included).

All rules axe-core runs by default (WCAG 2.x A and AA, best practices); none is turned off.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"      {' '.join(node['target'])}  {node['html'][:160]}" for node in violation["nodes"])
    return "\n".join(lines)


def test_every_type_of_page_has_no_axe_violation(page, demo, screenshot):
    # Enough places for the results and the département to have a second page (and their pagination).
    PlaceFactory.create_batch(16)
    report_form = f"/lieux/{demo.mediatheque.pk}/signaler/"
    axe = Axe()
    found = {}

    def scan(label: str):
        page.wait_for_load_state("networkidle")  # DSFR's scripts and the map have done their work
        screenshot(page, label)
        violations = axe.run(page).response["violations"]
        print(f"{label}: {len(violations)} violation(s)")
        if violations:
            found[label] = describe(violations)

    for label, url in {
        "home": "/",
        "results-with-filters": "/lieux/?ou=montlucon&services=demarches-administratives",
        "results-page-2": "/lieux/?ou=montlucon&page=2",
        "results-homonyms": "/lieux/?ou=saint-pierre",
        "results-unknown-place": "/lieux/?ou=zzzyx",
        "place": demo.mediatheque.get_absolute_url(),
        "itinerant-place": demo.bus.get_absolute_url(),
        "territory-departement": "/territoires/departement/03/",
        "territory-commune": "/territoires/commune/03185/",
        "report-form": report_form,
        "programmes": "/programmes/",
    }.items():
        page.goto(url)
        scan(label)

    page.goto(report_form)
    page.get_by_label("Courriel pour vous répondre").fill("pas-un-courriel")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_role("heading", level=1, name="Signaler une erreur").wait_for()
    scan("report-form-with-errors")
    # Each error is read with its field, not only shown in red next to it.
    expect(page.get_by_role("group", name="Qu'est-ce qui est faux ?")).to_have_accessible_name(
        re.compile(r"^Qu'est-ce qui est faux \? Ce champ est obligatoire\.")
    )
    email = page.get_by_label("Courriel pour vous répondre")
    expect(email).to_have_accessible_description("Saisissez une adresse de courriel valide.")
    email.fill("")
    page.locator("label", has_text="Autre chose").click()
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_role("status").filter(has_text="Merci").wait_for()
    scan("place-after-a-report")

    assert not found, "axe-core violations:\n" + "\n".join(
        f"{label}\n{text}" for label, text in found.items()
    )
