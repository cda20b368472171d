"""In English as a visitor does it (the header's switch, then a search and a place), by the browser's language,
and a right-to-left language's layout (a pseudo-Arabic catalogue made for the test)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.inclusion.pseudo_arabic import arabic_letters, use_pseudo_arabic

pytestmark = pytest.mark.django_db(transaction=True)

DEMARCHES = "Aide aux démarches administratives (Help with administrative procedures)"


def axe_violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


def test_a_visitor_switches_to_english_searches_and_opens_a_place(page, demo, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The header's tools: the visible copy (DSFR repeats them in the mobile menu).
    page.locator(".fr-header__tools-links").get_by_role("link", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help with digital tools, near you")
    screenshot(page, "home-en")
    field = page.get_by_label("Your municipality, your postcode or your address")
    field.fill("montlucon")
    field.press("Enter")

    # The same shareable address as in French: the language is the reader's, not the link's.
    page.wait_for_url(re.compile(r"/lieux/\?ou=montlucon"))
    assert "lang" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Help places near Montluçon (03)")
    expect(page.get_by_role("status")).to_contain_text("5 places within 20 km, from nearest to furthest.")
    expect(page.locator("label", has_text=DEMARCHES)).to_be_visible()
    # The map's own words come from the same catalogue (places/templatetags/script_texts.py).
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("title", "Zoom in")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© OpenStreetMap contributors")
    assert axe_violations(page) == []
    screenshot(page, "results-en")

    page.get_by_role("link", name=demo.mediatheque.name).first.click()
    page.wait_for_url(f"**{demo.mediatheque.get_absolute_url()}")
    expect(page.get_by_role("heading", name="What you can do there")).to_be_visible()
    # The standard's official label, with its English translation beside it.
    expect(page.get_by_text(DEMARCHES).first).to_be_visible()
    expect(page.get_by_role("link", name="Report an error")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "place-en")

    # And back to French with the same switch.
    page.locator(".fr-header__tools-links").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Ce que vous pouvez y faire")).to_be_visible()


def test_a_browser_set_to_english_gets_english_pages_and_api_errors(new_page, demo):
    page = new_page(locale="en-GB")
    page.goto("/lieux/?ou=zzzyx")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("We cannot find “zzzyx”.")).to_be_visible()
    # An API client says its language the same way (Playwright's request API does not send the page's).
    response = page.request.get("/api/v1/places/?radius=5", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status == 400
    assert "goes with a centre" in response.text()
    assert response.headers["content-language"] == "en"


def bounding_box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def text_box(page, selector: str) -> dict:
    """Where an element's first line of text is drawn (its own box spans the whole line)."""
    return page.locator(selector).first.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element.firstChild);
            const box = range.getClientRects()[0];
            return {x: box.x, width: box.width};
        }"""
    )


def overflows_horizontally(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_a_right_to_left_language_lays_the_pages_out_from_the_right(
    new_page, demo, settings, tmp_path, screenshot
):
    use_pseudo_arabic(settings, tmp_path)
    for width in (1280, 320):
        page = new_page(viewport={"width": width, "height": 900})
        for name, url in {"home": "/?lang=ar", "results": "/lieux/?ou=montlucon&lang=ar"}.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            screenshot(page, f"{name}-ar-{width}")
            assert not overflows_horizontally(page), f"{name} at {width} px scrolls sideways"

        page.goto("/?lang=ar")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            arabic_letters("Se faire aider avec le numérique, près de chez soi")
        )
        # The search field's label starts on the right, above the field's right edge.
        label, field = text_box(page, "label[for=id_ou]"), bounding_box(page, "#id_ou")
        assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
        assert label["x"] > field["x"] + 10
        if width == 1280:
            # The header mirrored: the Marianne block on the right, the tools on the left.
            brand, tools = bounding_box(page, ".fr-header__brand"), bounding_box(page, ".fr-header__tools")
            assert brand["x"] > tools["x"] + tools["width"] - 1
            # A filter's box on the right of its words (DSFR places it on the left: site.css mirrors it).
            page.goto("/lieux/?ou=montlucon&lang=ar")
            label = page.locator(".fr-checkbox-group label").first
            box = label.evaluate("element => element.getBoundingClientRect().right")
            drawn = label.evaluate("element => parseFloat(getComputedStyle(element, '::before').right)")
            assert drawn < 0, "the box hangs outside the label, on its right"
            checkbox = page.locator(".fr-checkbox-group input[type=checkbox]").first.bounding_box()
            assert checkbox["x"] >= box - 1


def test_the_switch_works_without_javascript_on_a_small_screen(new_page, demo):
    page = new_page(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page.goto("/lieux/?ou=montlucon")
    switch = page.get_by_role("link", name="English").locator("visible=true")
    expect(switch).to_have_count(1)
    switch.click()
    page.wait_for_url(re.compile(r"/lieux/\?ou=montlucon"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Help places near Montluçon (03)")
