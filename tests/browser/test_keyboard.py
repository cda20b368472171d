"""Everything with the keyboard alone: Tab, typing, Enter and arrow keys; no click anywhere."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from places.models import ErrorReport

pytestmark = pytest.mark.django_db(transaction=True)

# Is the focus drawn? DSFR draws it on the element, on its ::before (links of clickable cards) or, for its
# custom radios and checkboxes, on the label's ::before.
FOCUS_IS_VISIBLE = """() => {
    const element = document.activeElement;
    const box = element.matches("input[type=radio], input[type=checkbox]");
    const candidates = box ? [[element.labels[0], "::before"]] : [[element, null], [element, "::before"]];
    return candidates.some(([node, pseudo]) => {
        const style = getComputedStyle(node, pseudo);
        return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    });
}"""


def focus_is_visible(page) -> bool:
    """Waits a moment for the ring: DSFR's script, still loading on a busy machine, can redraw the controls."""
    try:
        page.wait_for_function(FOCUS_IS_VISIBLE, timeout=3000)
    except PlaywrightTimeout:
        return False
    return True


def focused(page, selector: str) -> bool:
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def tab_to(page, selector: str, *, limit: int = 60) -> int:
    """Press Tab until the focus is on `selector`; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            assert focus_is_visible(page), f"no visible focus on {selector}"
            return presses
    raise AssertionError(f"{selector} not reached after {limit} presses of Tab")


def test_someone_using_only_a_keyboard_can_search_open_a_place_and_report_an_error(page, demo, screenshot):
    page.goto("/")

    page.keyboard.press("Tab")
    assert focused_text(page) == "Contenu", "the first Tab reaches the skip link"
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    page.keyboard.press("Tab")
    assert focused(page, "#id_ou"), "after the skip link, the next Tab is in the search field"
    assert focus_is_visible(page)

    page.keyboard.type("montlucon")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/lieux/\?ou=montlucon"))

    tab_to(page, ".place-results a")
    assert focused_text(page) == demo.mediatheque.name
    screenshot(page, "first-result-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.mediatheque.name)

    tab_to(page, "a[href$='/signaler/']")
    assert focused_text(page) == "Signaler une erreur"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler une erreur")

    tab_to(page, "input[type=radio]")
    assert (
        page.evaluate("() => document.activeElement.labels[0].textContent") == "Le lieu a fermé ou déménagé"
    )
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Les horaires sont faux")).to_be_checked()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    assert focused(page, "#id_message")
    page.keyboard.type("Fermé le mercredi après-midi.")
    tab_to(page, "button[type=submit]")
    screenshot(page, "report-form")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text(
        "Merci ! Votre signalement sera vérifié par notre équipe."
    )
    assert page.evaluate("() => location.pathname").startswith(f"/lieux/{demo.mediatheque.pk}-")
    report = ErrorReport.objects.get()
    assert (report.place, report.kind, report.message) == (
        demo.mediatheque,
        ErrorReport.Kind.HOURS,
        "Fermé le mercredi après-midi.",
    )
