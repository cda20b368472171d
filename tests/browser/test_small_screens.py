"""At 320 CSS pixels wide (a small phone, or a page zoomed to 400 %), nothing needs a horizontal scroll."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# The elements sticking out on the right, to say what to fix (the map's tiles are clipped by the map).
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .filter((element) => !element.closest(".leaflet-container"))
    .slice(0, 5)
    .map((element) => element.outerHTML.slice(0, 120))"""


def test_pages_fit_a_320_px_wide_screen_without_horizontal_scrolling(new_page, demo, screenshot):
    page = new_page(viewport={"width": 320, "height": 640})
    pages = {
        "home": "/",
        "results": "/lieux/?ou=montlucon&services=demarches-administratives",
        "place": demo.mediatheque.get_absolute_url(),
        "itinerant-place": demo.bus.get_absolute_url(),
        "territory": "/territoires/departement/03/",
        "report-form": f"/lieux/{demo.mediatheque.pk}/signaler/",
    }
    too_wide = {}
    for label, url in pages.items():
        page.goto(url)
        screenshot(page, label)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            too_wide[label] = (width, page.evaluate(OVERFLOWING, 320))
    assert not too_wide, too_wide
