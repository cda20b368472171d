"""A member sees their places to review on "Mon espace", checks one and confirms it with "Tout est à jour"; the
place page then says its information is fresh. axe-core finds nothing on any of these pages."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory
from tests.browser.helpers import log_in
from tests.browser.test_accessibility import describe
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_confirms_an_old_place_from_their_dashboard(new_page, screenshot):
    axe = Axe()
    violations = {}

    def scan(page, label):
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    membership = MembershipFactory(role=Membership.Role.ADMIN)
    old = PlaceFactory(
        structure=membership.structure, name="Médiathèque du centre", updated_on=date(2023, 3, 1)
    )
    PlaceFactory(structure=membership.structure, name="Espace sans date", updated_on=None)
    page = new_page()
    log_in(page, membership.user.username)

    page.get_by_role("heading", level=2, name="Lieux à vérifier").wait_for()
    rows = page.locator("#lieux-a-verifier ~ div table tbody tr")
    assert rows.nth(0).locator("th").inner_text().startswith("Espace sans date")
    assert rows.nth(1).locator("th").inner_text().startswith("Médiathèque du centre")
    scan(page, "dashboard")

    page.get_by_role("link", name="Médiathèque du centre", exact=True).click()
    page.get_by_role("heading", level=1, name="Vérifier et confirmer : Médiathèque du centre").wait_for()
    assert "il y a plus de 18 mois" in page.content()
    scan(page, "review")

    page.get_by_role("button", name=re.compile("Tout est à jour")).click()
    page.get_by_text("« Médiathèque du centre » est confirmé à jour").wait_for()
    scan(page, "confirmed")

    page.goto(old.get_absolute_url())
    page.get_by_text("Informations vérifiées il y a moins de 6 mois").wait_for()
    assert page.get_by_role("button", name=re.compile("Tout est à jour")).is_visible()
    scan(page, "place-page-member")

    page.goto("/compte/")
    assert page.locator("#lieux-a-verifier ~ div table tbody tr").count() == 1
    assert not violations, "\n".join(f"{label}:\n{text}" for label, text in violations.items())
