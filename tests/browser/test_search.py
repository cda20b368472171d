"""Finding help as people do it: a commune typed without its accent, a filter, a place page."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from places.hours import DAY_NAMES
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def result_names(page) -> list[str]:
    return page.locator(".place-results .fr-card__title").all_inner_texts()


def distances_km(page) -> list[float]:
    """The distance badges of the results, in km ("350 m", "2,1 km", "13 km")."""
    distances = []
    for text in page.locator(".place-results .fr-badge--blue-ecume").all_text_contents():
        number, unit = re.fullmatch(r"à ([\d,]+)\s(m|km)", text.strip()).groups()
        value = float(number.replace(",", "."))
        distances.append(value / 1000 if unit == "m" else value)
    return distances


def test_a_commune_typed_without_its_accent_lists_the_nearest_places_first(page, demo, screenshot):
    page.goto("/")
    screenshot(page, "home")

    field = page.get_by_label("Votre commune, votre code postal ou votre adresse")
    field.fill("montlucon")
    field.press("Enter")

    page.wait_for_url(re.compile(r"/lieux/\?"))
    assert "ou=montlucon" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Lieux d'aide près de Montluçon (03)")
    expect(page.get_by_role("status")).to_contain_text(
        "5 lieux à moins de 20 km, du plus proche au plus loin."
    )
    assert result_names(page) == [place.name for place in demo.by_distance]
    distances = distances_km(page)
    assert len(distances) == len(demo.by_distance)
    assert distances == sorted(distances)
    assert distances[0] < 0.2  # the médiathèque is in the centre of Montluçon
    assert demo.far_away.name not in result_names(page)
    screenshot(page, "results")


def test_ticking_a_service_narrows_the_results_and_the_url_shows_them_again(page, new_page, demo):
    page.goto("/lieux/?ou=montlucon")
    assert len(result_names(page)) == 5

    # DSFR draws its own box over the real checkbox: people click the label.
    page.locator("label", has_text="Aide aux démarches administratives").click()
    page.get_by_role("button", name="Appliquer les filtres").click()

    page.wait_for_url(re.compile(r"services=demarches-administratives"))
    narrowed = [demo.mediatheque.name, demo.domerat.name, demo.commentry.name]
    assert result_names(page) == narrowed
    expect(page.get_by_role("list", name="Filtres choisis")).to_contain_text(
        "Aide aux démarches administratives"
    )

    shared = new_page()
    shared.goto(page.url)
    assert result_names(shared) == narrowed
    expect(
        shared.get_by_role("checkbox", name=re.compile(r"^Aide aux démarches administratives"))
    ).to_be_checked()


def test_a_place_page_says_whether_the_place_is_open_now(page, demo, screenshot):
    always_open = PlaceFactory(name="Point numérique de la gare", opening_hours="24/7")
    # Open only on the weekday three days from now: closed today, still closed if midnight passes meanwhile.
    in_three_days = datetime.now(ZoneInfo("Europe/Paris")) + timedelta(days=3)
    thursday_like = PlaceFactory(
        name="Permanence numérique de la mairie",
        opening_hours=f"{OSM_DAYS[in_three_days.weekday()]} 10:00-12:00",
    )

    page.goto("/lieux/?ou=montlucon")
    page.get_by_role("link", name=always_open.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(always_open.name)
    expect(page.locator(".place-sheet .fr-badge").first).to_have_text("ouvert")
    screenshot(page, "place")

    # Back on the results, wait until the page has loaded (the map's scripts come after it) before clicking:
    # under load, a click during that moment was lost and the heading stayed the results'.
    page.go_back(wait_until="load")
    with page.expect_navigation():
        page.get_by_role("link", name=thursday_like.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thursday_like.name)
    expect(page.locator(".place-sheet .fr-badge").first).to_have_text(
        f"fermé, ouvre {DAY_NAMES[in_three_days.weekday()]} à 10 h"
    )
