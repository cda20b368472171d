"""The whole search works without JavaScript: forms are plain GET forms, links are links; only the map needs it."""

import re

import pytest
from playwright.sync_api import expect

from places.models import Commune
from places.vocabularies import Service, Vocabulary
from tests.browser.test_search import result_names
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_searching_filtering_paging_and_opening_a_place_work_without_javascript(new_page, demo, screenshot):
    # Twenty-one more places helping with online procedures, in Désertines: two pages once filtered.
    PlaceFactory.create_batch(
        21,
        postcode="03630",
        commune=Commune.objects.get(code="03098"),
        latitude=46.3571,
        longitude=2.6253,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES]},
    )
    page = new_page(java_script_enabled=False)

    page.goto("/")
    expect(page.get_by_role("button", name="Autour de moi")).to_be_hidden()  # it needs the browser's position
    page.get_by_label("Votre commune, votre code postal ou votre adresse").fill("montlucon")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.wait_for_url(re.compile(r"/lieux/\?ou=montlucon"))
    expect(page.get_by_role("status")).to_contain_text("26 lieux à moins de 20 km")

    page.locator("label", has_text="Aide aux démarches administratives").click()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"services=demarches-administratives"))
    expect(page.get_by_role("status")).to_contain_text("24 lieux à moins de 20 km")
    first_page = result_names(page)
    assert len(first_page) == 20
    assert first_page[0] == demo.mediatheque.name
    expect(page.locator("#results-map")).to_be_hidden()
    screenshot(page, "results")

    page.get_by_role("link", name="Page suivante").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "services=demarches-administratives" in page.url  # the filter survives the page change
    second_page = result_names(page)
    assert len(second_page) == 4
    assert not set(first_page) & set(second_page)
    assert second_page[-1] == demo.commentry.name  # the farthest, last

    page.get_by_role("link", name=demo.commentry.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.commentry.name)
    expect(page.get_by_role("table")).to_contain_text("9 h – 12 h, 14 h – 17 h")
    expect(page.locator("#results-map")).to_be_hidden()
    screenshot(page, "place")
