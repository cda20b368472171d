"""The opening-hours editor: OSM ↔ editor, rules kept untouched, errors, and the field in a bound form."""

from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django import forms

from places import hours
from places.hours_editor import Closure, Hours, Range, read, write
from places.hours_widgets import OpeningHoursField

MONDAY = datetime(2026, 12, 14, tzinfo=hours.PARIS)  # the weeks after it hold Christmas and New Year's Day


def same_open_times(first: str, second: str, weeks: int = 6) -> bool:
    """Compared through opening-hours-py itself, interval by interval, over a few weeks around the new year."""

    def open_intervals(rule: str) -> list[tuple]:
        found = hours.parse(rule).intervals(MONDAY, MONDAY + timedelta(weeks=weeks))
        return [(begin, end) for begin, end, state, _comment in found if state == hours.State.OPEN]

    return open_intervals(first) == open_intervals(second)


def at(hour: int, minute: int = 0) -> int:
    return hour * 60 + minute


def week(**days: list[tuple[int, int]]) -> tuple:
    codes = ["mo", "tu", "we", "th", "fr", "sa", "su"]
    return tuple(tuple(Range(*r) for r in days.get(code, [])) for code in codes)


# ---- OSM → editor → OSM ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "written"),
    [
        ("Mo-Fr 08:30-12:00,13:30-17:00", "Mo-Fr 08:30-12:00,13:30-17:00"),
        ("Mo,We,Fr 09:00-12:00", "Mo,We,Fr 09:00-12:00"),
        ("Tu-Sa 10:00-18:00; PH off", "Tu-Sa 10:00-18:00; PH off"),
        ("24/7", "24/7"),
        ("Mo-Su 00:00-24:00", "24/7"),
        ("Mo,Tu,We 09:00-12:00", "Mo-We 09:00-12:00"),
        ("Mo-Fr 09:00-17:00; We off", "Mo,Tu,Th,Fr 09:00-17:00"),
        ("Mo-Fr 09:00-12:00; We 14:00-17:00", "Mo,Tu,Th,Fr 09:00-12:00; We 14:00-17:00"),
        ("Sa-Mo 10:00-12:00", "Mo,Sa,Su 10:00-12:00"),
        ("09:00-18:00", "Mo-Su 09:00-18:00"),
        ("mo-fr 9:00-12:00; PH closed", "Mo-Fr 09:00-12:00; PH off"),
        ("Mo 09:00-13:00,12:00-17:00", "Mo 09:00-17:00"),
        ("Fr 18:00-24:00", "Fr 18:00-24:00"),
        (
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
        ),
        ("Mo-Fr 09:00-17:00; Dec 25 off", "Mo-Fr 09:00-17:00; Dec 25 off"),
        ("Mo-Su 10:00-12:00; Dec 24-Jan 01 off", "Mo-Su 10:00-12:00; Dec 24-Jan 01 off"),
        ("Mo-Fr 09:00-17:00; 2026 Dec 24-2027 Jan 01 off", "Mo-Fr 09:00-17:00; 2026 Dec 24-2027 Jan 01 off"),
        ("Mo-Fr 09:00-17:00; 2026 Dec 24-31 off", "Mo-Fr 09:00-17:00; 2026 Dec 24-2026 Dec 31 off"),
        ('Tu,Th 14:00-17:00 "sur rendez-vous"', 'Tu,Th 14:00-17:00 "sur rendez-vous"'),
    ],
)
def test_a_rule_the_editor_can_show_is_written_back_to_the_same_open_times(rule, written):
    week = read(rule)
    assert week is not None
    assert write(week) == written
    assert same_open_times(write(week), rule)


@pytest.mark.parametrize(
    "rule",
    [
        "Mo[1] 09:00-12:00",  # the first Monday of the month
        "week 1-53/2 Mo 09:00-12:00",  # every other week
        "sunrise-sunset",
        "Jun-Aug Mo-Fr 10:00-12:00",  # summer hours
        'Mo-Fr 09:00-12:00 "appeler avant"',  # another comment
        'Mo-Fr 09:00-12:00 || "sur rendez-vous"',  # a fallback rule
        "Mo-Fr 09:00-12:00, Sa 10:00-11:00",  # an additional rule
        "Mo 22:00-02:00",  # past midnight
        "Mo-Fr 10:00+",  # no closing time
        "PH off; Mo-Fr 09:00-12:00",  # the weekdays then open on public holidays
        "Dec 25 off; Mo-Fr 09:00-12:00",
        "Dec 25 10:00-12:00; Mo-Fr 09:00-17:00",  # open at other times on a date
        "PH off",  # only closed: no week to edit
    ],
)
def test_a_rule_too_rich_for_the_editor_is_not_read(rule):
    assert hours.is_valid(rule)
    assert read(rule) is None


def test_an_invalid_rule_is_not_read():
    assert read("du lundi au vendredi") is None


# ---- editor → OSM → editor -----------------------------------------------------------------------------

WEEKS = [
    Hours(week(mo=[(at(9), at(12)), (at(14), at(17))])),
    Hours(week(mo=[(at(9), at(12))], we=[(at(9), at(12))], fr=[(at(9), at(12))], sa=[(at(10), at(24))])),
    Hours(week(**{day: [(0, at(24))] for day in ["mo", "tu", "we", "th", "fr", "sa", "su"]})),
    Hours(
        week(tu=[(at(8, 30), at(12)), (at(13, 30), at(17)), (at(18), at(20))], su=[(at(10), at(12))]),
        holidays_closed=True,
        closures=(
            Closure(date(2026, 12, 24), date(2027, 1, 1)),
            Closure(date(2027, 5, 7), date(2027, 5, 7)),
            Closure.every_year(12, 25, 12, 25),
            Closure.every_year(12, 24, 1, 1),
            Closure.every_year(2, 29, 2, 29),
        ),
        by_appointment=True,
    ),
]


@pytest.mark.parametrize("edited", WEEKS)
def test_what_the_editor_writes_reads_back_the_same(edited):
    rule = write(edited)
    assert hours.is_valid(rule)
    assert read(rule) == edited


def test_a_week_without_any_open_day_is_unknown_hours():
    assert write(Hours(holidays_closed=True)) == ""
    assert read("") == Hours()


# ---- The field in a bound form -------------------------------------------------------------------------


class HoursForm(forms.Form):
    opening_hours = OpeningHoursField(label="Horaires")


class _Inputs(HTMLParser):
    """The inputs of rendered HTML, and the labels' `for`, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input":
            self.inputs.append(attributes)
        elif tag == "label" and "for" in attributes:
            self.label_targets.append(attributes["for"])


def inputs_of(html: str) -> _Inputs:
    parser = _Inputs()
    parser.feed(html)
    return parser


def submitted(html: str, **changes: str) -> dict[str, str]:
    """What a browser posts for the rendered form, untouched, then with `changes` (by input name)."""
    data = {}
    for attributes in inputs_of(html).inputs:
        if attributes.get("type") == "checkbox" and "checked" not in attributes:
            continue
        data[attributes["name"]] = attributes.get("value") or ""
    data.update({name.replace("__", "-"): value for name, value in changes.items()})
    return {name: value for name, value in data.items() if value is not None}


def post(initial: str = "", **changes: str) -> HoursForm:
    html = str(HoursForm(initial={"opening_hours": initial})["opening_hours"])
    return HoursForm(data=submitted(html, **changes), initial={"opening_hours": initial})


def test_the_days_typed_give_the_osm_rule():
    form = post(
        opening_hours__mo__1__start="09:00",
        opening_hours__mo__1__end="12:00",
        opening_hours__mo__2__start="14:00",
        opening_hours__mo__2__end="17:00",
        opening_hours__copy__monday="1",
        opening_hours__sa__1__start="09:00",
        opening_hours__sa__1__end="12:00",
        opening_hours__holidays="1",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"


def test_copying_monday_replaces_what_was_typed_tuesday_to_friday_only():
    form = post(
        "Tu 10:00-11:00; Sa 10:00-11:00",
        opening_hours__mo__1__start="09:00",
        opening_hours__mo__1__end="12:00",
        opening_hours__copy__monday="1",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo-Fr 09:00-12:00; Sa 10:00-11:00"


def test_dates_closed_once_or_every_year_and_by_appointment():
    form = post(
        "Mo-Fr 09:00-17:00",
        opening_hours__closure__1__start="2026-12-24",
        opening_hours__closure__1__end="2027-01-01",
        opening_hours__closure__2__start="2026-05-01",
        opening_hours__closure__2__yearly="1",
        opening_hours__closure__3__start="15/08/2027",
        opening_hours__appointment="1",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == (
        'Mo-Fr 09:00-17:00 "sur rendez-vous"; May 01 off; 2026 Dec 24-2027 Jan 01 off; 2027 Aug 15 off'
    )


def test_midnight_as_a_closing_time_is_the_end_of_the_day():
    form = post(opening_hours__fr__1__start="18:00", opening_hours__fr__1__end="00:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Fr 18:00-24:00"
    # And it shows back as 00:00, which a time input can hold.
    html = str(HoursForm(initial={"opening_hours": "Fr 18:00-24:00"})["opening_hours"])
    assert 'name="opening_hours-fr-1-end" value="00:00"' in html


@pytest.mark.parametrize(
    "rule",
    ["Mo-Fr 08:30-12:00,13:30-17:00", "Mo,Tu,We 09:00-12:00", "tu-sa 10:00-18:00; PH off", "24/7", ""],
)
def test_a_form_submitted_untouched_keeps_the_rule_as_it_was_written(rule):
    form = post(rule)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == rule
    assert not form.has_changed()


@pytest.mark.parametrize(
    "rule",
    ["Mo[1] 09:00-12:00; Tu-Fr 10:00-12:00", "Mo-Fr 09:00-12:00; Jul-Aug off", "sunrise-sunset", "PH off"],
)
def test_a_rule_too_rich_for_the_editor_is_kept_exactly_when_untouched(rule):
    html = str(HoursForm(initial={"opening_hours": rule})["opening_hours"])
    assert "trop détaillés pour l'éditeur" in html
    assert "Recommencer avec l'éditeur" in html
    form = HoursForm(data=submitted(html))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == rule


def test_a_rule_too_rich_is_replaced_when_asked_or_when_its_week_is_changed():
    rule = "Mo[1] 09:00-12:00; Tu-Fr 10:00-12:00"
    # The week shown is a usual one, without the first Monday (the second week of March 2026).
    replaced = post(rule, opening_hours__replace="1")
    assert replaced.is_valid(), replaced.errors
    assert replaced.cleaned_data["opening_hours"] == "Tu-Fr 10:00-12:00"

    changed = post(rule, opening_hours__sa__1__start="10:00", opening_hours__sa__1__end="12:00")
    assert changed.is_valid(), changed.errors
    assert changed.cleaned_data["opening_hours"] == "Tu-Sa 10:00-12:00"


def test_unreadable_hours_are_shown_and_replaced_by_the_week_typed():
    html = str(HoursForm(initial={"opening_hours": "lundi matin"})["opening_hours"])
    assert "ne sont pas lisibles" in html and "lundi matin" in html
    form = post("lundi matin", opening_hours__mo__1__start="09:00", opening_hours__mo__1__end="12:00")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo 09:00-12:00"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opening_hours__mo__1__start": "14:00", "opening_hours__mo__1__end": "12:00"},
            "Lundi : l'heure de fin 12:00 est avant l'heure de début 14:00.",
        ),
        (
            {
                "opening_hours__tu__1__start": "09:00",
                "opening_hours__tu__1__end": "13:00",
                "opening_hours__tu__2__start": "12:00",
                "opening_hours__tu__2__end": "17:00",
            },
            "Mardi : les plages 09:00–13:00 et 12:00–17:00 se chevauchent.",
        ),
        (
            {"opening_hours__we__1__start": "09:00"},
            "Mercredi : indiquez l'heure de fin de la plage qui commence à 09:00.",
        ),
        (
            {"opening_hours__th__2__end": "17:00"},
            "Jeudi : indiquez l'heure de début de la plage qui finit à 17:00.",
        ),
        (
            {"opening_hours__fr__1__start": "25:00", "opening_hours__fr__1__end": "26:00"},
            "Vendredi : « 25:00 » n'est pas une heure (par exemple 09:00).",
        ),
        (
            {"opening_hours__sa__1__start": "10:00", "opening_hours__sa__1__end": "10:00"},
            "Samedi : la plage de 10:00 à 10:00 est vide.",
        ),
        (
            {
                "opening_hours__closure__1__start": "2027-01-02",
                "opening_hours__closure__1__end": "2026-12-24",
            },
            "Fermeture 1 : la date de fin 24/12/2026 est avant la date de début 02/01/2027.",
        ),
        (
            {"opening_hours__closure__2__start": "Noël"},
            "Fermeture 2 : « Noël » n'est pas une date.",
        ),
        (
            {"opening_hours__closure__1__end": "2026-12-31"},
            "Fermeture 1 : indiquez la date de début.",
        ),
    ],
)
def test_a_mistake_is_refused_with_a_message_naming_its_day(changes, message):
    form = post("Su 10:00-12:00", **changes)
    assert not form.is_valid()
    assert message in form.errors["opening_hours"]


def test_each_error_is_shown_in_its_own_days_fieldset():
    form = post(
        opening_hours__mo__1__start="14:00",
        opening_hours__mo__1__end="12:00",
        opening_hours__tu__1__start="09:00",
        opening_hours__tu__1__end="10:00",
    )
    assert not form.is_valid()
    html = str(form["opening_hours"])
    monday = html[html.index('id="id_opening_hours-mo"') : html.index('id="id_opening_hours-tu"')]
    tuesday = html[html.index('id="id_opening_hours-tu"') : html.index('id="id_opening_hours-we"')]
    assert 'aria-labelledby="id_opening_hours-mo-legend id_opening_hours-mo-messages"' in monday
    assert "l&#x27;heure de fin 12:00 est avant" in monday
    assert "fr-message--error" not in tuesday
    # What was typed is shown back, wrong or not.
    assert 'value="14:00"' in monday and 'value="10:00"' in tuesday


def test_closures_or_appointments_without_any_open_day_are_refused():
    form = post(opening_hours__holidays="1")
    assert not form.is_valid()
    assert "Indiquez les horaires d'au moins un jour" in form.errors["opening_hours"][0]
    assert "Indiquez les horaires d&#x27;au moins un jour" in str(form["opening_hours"])


def test_an_empty_week_is_refused_only_when_the_field_is_required():
    assert post().is_valid()

    class RequiredForm(forms.Form):
        opening_hours = OpeningHoursField(label="Horaires", required=True)

    html = str(RequiredForm()["opening_hours"])
    assert not RequiredForm(data=submitted(html)).is_valid()


def test_a_form_without_the_editors_inputs_cleans_to_no_hours():
    form = HoursForm(data={})
    assert form.is_valid()
    assert form.cleaned_data["opening_hours"] == ""


def test_a_rule_given_as_text_is_validated():
    field = OpeningHoursField()
    assert field.clean(" Mo 09:00-12:00 ") == "Mo 09:00-12:00"
    with pytest.raises(forms.ValidationError):
        field.clean("lundi matin")


# ---- Rendering -----------------------------------------------------------------------------------------


class PlaceAndStopForm(forms.Form):
    opening_hours = OpeningHoursField(label="Horaires du lieu")


@pytest.mark.parametrize("rule", ["", "Mo-Fr 09:00-12:00; PH off; Dec 25 off", "Mo[1] 09:00-12:00"])
def test_every_input_has_a_label_and_a_unique_id(rule):
    html = str(HoursForm(initial={"opening_hours": rule})["opening_hours"])
    found = inputs_of(html)
    visible = [attributes for attributes in found.inputs if attributes.get("type") != "hidden"]
    assert len(visible) >= 7 * 3 * 2 + 3 * 3 + 3  # the days' times, the closures, the boxes
    ids = [attributes["id"] for attributes in visible]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(found.label_targets)
    for day in ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]:
        assert f">{day}</legend>" in html


def test_the_field_works_several_times_on_one_page():
    place = PlaceAndStopForm(prefix="place", initial={"opening_hours": "Mo-Fr 09:00-12:00"})
    stop = PlaceAndStopForm(prefix="stops-0", initial={"opening_hours": "Tu 14:00-17:00"})
    html = str(place["opening_hours"]) + str(stop["opening_hours"])
    found = inputs_of(html)
    ids = [attributes["id"] for attributes in found.inputs if "id" in attributes]
    assert len(ids) == len(set(ids))
    data = submitted(html, **{"stops-0-opening_hours-tu-1-end": "18:00"})
    place_bound = PlaceAndStopForm(prefix="place", data=data)
    stop_bound = PlaceAndStopForm(prefix="stops-0", data=data)
    assert place_bound.is_valid() and stop_bound.is_valid()
    assert place_bound.cleaned_data["opening_hours"] == "Mo-Fr 09:00-12:00"
    assert stop_bound.cleaned_data["opening_hours"] == "Tu 14:00-18:00"


def test_the_widget_brings_its_script_and_style_as_files():
    media = str(HoursForm().media)
    assert "places/hours-editor.js" in media and "places/hours-editor.css" in media
    html = str(HoursForm()["opening_hours"])
    assert "<script" not in html and "style=" not in html
