"""A département's coverage page and its territory page's figures: no axe violation, nothing wider than a
320 px screen, and the figures' links lead to the search."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from places.vocabularies import Dispositif, Vocabulary
from tests.browser.test_accessibility import describe
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_coverage_and_territory_figures_read_well_everywhere(new_page, screenshot):
    PlaceFactory(tags={Vocabulary.DISPOSITIFS: [Dispositif.FRANCE_SERVICES]})
    call_command("compute_coverage", verbosity=0)
    found = {}
    for width in (1280, 320):
        page = new_page(viewport={"width": width, "height": 800})
        for label, url in {
            "coverage": "/territoires/departement/03/couverture/?type=france-services",
            "territory": "/territoires/departement/03/",
            "epci": "/territoires/epci/200071082/",  # CA Montluçon Communauté
        }.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"{label}-{width}")
            if violations := Axe().run(page).response["violations"]:
                found[f"{label}-{width}"] = describe(violations)
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (label, width)
        # The least-served communes' map is drawn on the server: there before any script, within the screen.
        page.goto("/territoires/departement/03/couverture/?type=france-services")
        drawn = page.locator("figure.coverage-map svg[role=img]")
        assert drawn.locator("circle[class^=coverage-dot]").count() > 300  # Allier's 317 communes
        assert drawn.bounding_box()["width"] <= width

    page.goto("/territoires/departement/03/")
    page.get_by_role("link", name="1 lieux : les voir").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "departement=03" in page.url
    assert not found, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in found.items())
