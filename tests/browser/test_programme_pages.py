"""A programme's page (targets, breakdowns with their bars) has no axe violation, without JavaScript and at
320 px, and holds its bars inside the screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from places.vocabularies import Dispositif, FormationLabel
from programmes.catalogue import load_programmes
from programmes.models import Programme, Support
from tests.browser.test_accessibility import describe
from tests.places.factories import PlaceFactory, StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programmes(demo):
    load_programmes()
    PlaceFactory(tags={"formations_labels": [FormationLabel.FABRIQUES]})
    PlaceFactory(tags={"dispositifs": [Dispositif.FRANCE_SERVICES]}, structure=StructureFactory(kind="msa"))
    fabriques = Programme.objects.get(slug="fabriques-de-territoire")
    Support.objects.create(
        programme=fabriques, structure=StructureFactory(kind="association"), status=Support.Status.FUNDED
    )


URLS = ("/programmes/", "/programmes/fabriques-de-territoire/", "/programmes/france-services/")


def test_programme_pages_work_without_javascript(new_page, programmes):
    page = new_page(java_script_enabled=False)
    for url in URLS:
        page.goto(url)
        assert page.locator("h1").count() == 1
    assert page.get_by_role("table", name="Par nature de porteur").is_visible()


def test_programme_pages_have_no_axe_violation_at_320px(new_page, programmes, screenshot):
    page = new_page(viewport={"width": 320, "height": 640})
    found = {}
    for url in URLS:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        screenshot(page, url.strip("/").replace("/", "-") or "list")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        violations = Axe().run(page).response["violations"]
        if violations:
            found[url] = describe(violations)
    assert not found, "\n".join(f"{url}:\n{text}" for url, text in found.items())
