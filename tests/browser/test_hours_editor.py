"""The opening-hours editor in a real browser, with and without JavaScript, axe at 0 violations in every state.

The page is a test-only view (this module is its URLconf, through pytest's `urls` marker): a place's hours and
an itinerant stop's hours in one form, as the place forms will hold them.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from playwright.sync_api import expect

from places.hours_widgets import OpeningHoursField
from tests.browser.test_accessibility import describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]

TOO_RICH = "Mo[1] 09:00-12:00; Tu-Fr 10:00-12:00"


class HoursForm(forms.Form):
    opening_hours = OpeningHoursField(label="Horaires")


PAGE = """{% extends "base.html" %}
{% block page_css %}{{ media.css }}{% endblock %}
{% block content %}
<h1>Essai de l'éditeur d'horaires</h1>
{% if result %}<p role="status">Lieu : <code>{{ result.place }}</code> ; arrêt : <code>{{ result.stop }}</code></p>{% endif %}
<form method="post" novalidate>{% csrf_token %}
{% include "places/includes/hours_field.html" with field=place.opening_hours %}
{% include "places/includes/hours_field.html" with field=stop.opening_hours %}
<button class="fr-btn" type="submit">Enregistrer</button>
</form>
{% endblock %}
{% block extra_js %}{{ media.js }}{% endblock %}"""


def hours_page(request):
    place = HoursForm(prefix="place", initial={"opening_hours": request.GET.get("lieu", "")})
    stop = HoursForm(prefix="stops-0", initial={"opening_hours": request.GET.get("arret", "")})
    result = None
    if request.method == "POST":
        place = HoursForm(request.POST, prefix="place")
        stop = HoursForm(request.POST, prefix="stops-0")
        if place.is_valid() and stop.is_valid():
            result = {
                "place": place.cleaned_data["opening_hours"],
                "stop": stop.cleaned_data["opening_hours"],
            }
            # Shown again from what was saved, as an edit page would after saving.
            place = HoursForm(prefix="place", initial={"opening_hours": result["place"]})
            stop = HoursForm(prefix="stops-0", initial={"opening_hours": result["stop"]})
    template = engines["django"].from_string(PAGE)
    context = {"place": place, "stop": stop, "media": place.media, "result": result}
    return HttpResponse(template.render(context, request))


urlpatterns = [path("essai/horaires/", hours_page), path("", include("inclusion.urls"))]


def axe_violations(page) -> str:
    page.wait_for_load_state("networkidle")
    return describe(Axe().run(page).response["violations"])


def place_day(page, name: str):
    return page.get_by_role("group", name="Horaires").first.get_by_role("group", name=re.compile(f"^{name}"))


def test_hours_typed_day_by_day_give_the_rule_and_errors_are_read_with_their_day(page, screenshot):
    page.goto("/essai/horaires/")
    assert axe_violations(page) == ""
    screenshot(page, "empty")

    monday = place_day(page, "Lundi")
    # Only the first range shows until more are asked for.
    expect(monday.get_by_label("Ouvre à (plage 2)")).to_be_hidden()
    monday.get_by_label("Ouvre à (plage 1)").fill("09:00")
    monday.get_by_label("Ferme à (plage 1)").fill("12:00")
    monday.get_by_role("button", name="Ajouter une plage").click()
    monday.get_by_label("Ouvre à (plage 2)").fill("14:00")
    monday.get_by_label("Ferme à (plage 2)").fill("17:00")
    page.locator("label[for='id_place-opening_hours-copy-monday']").click()
    thursday = place_day(page, "Jeudi")
    expect(thursday.get_by_label("Ferme à (plage 2)")).to_have_value("17:00")
    expect(thursday.get_by_label("Ferme à (plage 2)")).to_be_disabled()
    saturday = place_day(page, "Samedi")
    saturday.get_by_label("Ouvre à (plage 1)").fill("09:00")
    saturday.get_by_label("Ferme à (plage 1)").fill("12:00")
    page.locator("label[for='id_place-opening_hours-holidays']").click()
    page.get_by_label("Fermé du (fermeture 1)").first.fill("2026-12-24")
    page.get_by_label("au (facultatif) (fermeture 1)").first.fill("2027-01-01")
    # The stop's hours, in the same form.
    stop_tuesday = page.get_by_role("group", name="Horaires").nth(1).get_by_role("group", name="Mardi")
    stop_tuesday.get_by_label("Ouvre à (plage 1)").fill("14:00")
    stop_tuesday.get_by_label("Ferme à (plage 1)").fill("17:00")
    screenshot(page, "filled")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text(
        "Lieu : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off; 2026 Dec 24-2027 Jan 01 off ; "
        "arrêt : Tu 14:00-17:00"
    )
    # Read back into the editor.
    expect(place_day(page, "Vendredi").get_by_label("Ouvre à (plage 2)")).to_have_value("14:00")
    expect(page.get_by_label("Fermé les jours fériés").first).to_be_checked()

    monday = place_day(page, "Lundi")
    monday.get_by_label("Ouvre à (plage 1)").fill("14:00")
    monday.get_by_label("Ferme à (plage 1)").fill("12:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_count(0)
    message = "Lundi : l'heure de fin 12:00 est avant l'heure de début 14:00."
    expect(place_day(page, "Lundi")).to_have_accessible_name(re.compile(f"^Lundi {re.escape(message)}"))
    expect(place_day(page, "Lundi").get_by_label("Ouvre à (plage 1)")).to_have_value("14:00")
    screenshot(page, "error")
    assert axe_violations(page) == ""


def test_a_rule_too_rich_for_the_editor_is_kept_unless_replaced(page, screenshot):
    page.goto(f"/essai/horaires/?lieu={TOO_RICH.replace(' ', '+').replace(';', '%3B')}")
    expect(page.get_by_text("Ces horaires sont trop détaillés pour l'éditeur")).to_be_visible()
    expect(page.locator("code", has_text=TOO_RICH)).to_be_visible()
    expect(place_day(page, "Lundi")).to_be_hidden()  # the week shows once the person chooses to start again
    assert axe_violations(page) == ""
    screenshot(page, "kept")

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text(f"Lieu : {TOO_RICH} ;")

    page.locator("label[for='id_place-opening_hours-replace']").click()
    expect(place_day(page, "Mardi").get_by_label("Ouvre à (plage 1)")).to_have_value("10:00")
    assert axe_violations(page) == ""
    screenshot(page, "starting-again")
    place_day(page, "Lundi").get_by_label("Ouvre à (plage 1)").fill("09:00")
    place_day(page, "Lundi").get_by_label("Ferme à (plage 1)").fill("12:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Lieu : Mo 09:00-12:00; Tu-Fr 10:00-12:00 ;")


def test_the_editor_works_without_javascript(new_page, screenshot):
    page = new_page(java_script_enabled=False)
    page.goto("/essai/horaires/")
    monday = place_day(page, "Lundi")
    expect(monday.get_by_label("Ouvre à (plage 3)")).to_be_visible()  # every range, no button needed
    monday.get_by_label("Ouvre à (plage 1)").fill("08:30")
    monday.get_by_label("Ferme à (plage 1)").fill("12:00")
    monday.get_by_label("Ouvre à (plage 2)").fill("13:30")
    monday.get_by_label("Ferme à (plage 2)").fill("17:00")
    page.locator("label[for='id_place-opening_hours-copy-monday']").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Lieu : Mo-Fr 08:30-12:00,13:30-17:00 ;")
    expect(place_day(page, "Mercredi").get_by_label("Ouvre à (plage 2)")).to_have_value("13:30")
    screenshot(page, "saved")


def test_the_editor_fits_a_small_screen(new_page, screenshot):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto("/essai/horaires/?lieu=Mo-Fr+09:00-12:00,14:00-17:00")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    screenshot(page, "small-screen")
