"""The hubs' pages have no axe violation, work at 320 px, and lead to their members' places."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import describe
from tests.places.test_hubs import hub_with_members

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_hubs_pages_have_no_axe_violation_even_on_a_small_screen(new_page, screenshot):
    hub, busy, _quiet = hub_with_members()
    found = {}
    for width in (1280, 320):
        page = new_page(viewport={"width": width, "height": 800})
        for label, url in {"hubs": "/hubs/", "hub": f"/hubs/{hub.pk}/"}.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{label}-{width}")
            if violations := Axe().run(page).response["violations"]:
                found[f"{label}-{width}"] = describe(violations)
            # Nothing wider than the screen: the tables scroll inside DSFR's wrapper, the page does not.
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (label, width)

    page.get_by_role("link", name="2 lieux de Association Clic").click()
    page.get_by_role("heading", level=1).wait_for()
    assert f"structure={busy.pk}" in page.url
    assert not found, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in found.items())
