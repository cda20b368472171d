"""Reading French opening hours as real files write them (places/hours_text.py).

The tables (tests/places/data/hours_text_cases.json) hold every distinct hours string of the real files in ../shared/data/real/, written
here once by a script (the files are not read at test time), each with the reading a person checked:
- JSON_ALREADY_OSM and JSON_NOT_OSM: the `horaires` field of the five standard JSON files;
- HUB_LO: `c_horaire_ouverture` of raw-sources/hub-lo.json (`c_autres_horaires` is always empty there; the
  Gironde and Maine-et-Loire files have no hours column although their configurations name one);
- FRANCE_SERVICES_CELLS: every distinct `h_lundi` … `h_samedi` cell of the France Services list, read in
  the first column it appears in, and FRANCE_SERVICES_ROWS: a few whole rows.
"""

import json
import re
from pathlib import Path

from places import hours
from places.hours_text import HoursReading, read_hours, read_week


def test_a_week_with_a_lunch_break_reads_as_two_ranges():
    assert read_hours("du lundi au vendredi de 9h à 12h et de 14h à 17h") == HoursReading(
        "Mo-Fr 09:00-12:00,14:00-17:00", "", False
    )


def test_days_with_the_same_hours_are_grouped_in_week_order():
    reading = read_hours("Vendredi : 9h-12h / 14h-17h, Lundi, Mardi : 9h-12h / 14h-17h ; Mercredi : 9h-12h")
    assert reading.opening_hours == "Mo,Tu,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00"


def test_a_list_of_days_then_another_day_with_other_hours():
    reading = read_hours("Du lundi au jeudi : 9h-12h 14h-17h Le vendredi : 9h-12h 14h-16h")
    assert reading.opening_hours == "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00,14:00-16:00"


def test_days_read_in_any_case_with_or_without_accents_and_abbreviated():
    assert read_hours("MERCREDI de 14h à 15H30").opening_hours == "We 14:00-15:30"
    assert read_hours("lun, mar. et VEN : 8h30-12h").opening_hours == "Mo,Tu,Fr 08:30-12:00"
    assert read_hours("Samedi et dimanche de 10h à midi").opening_hours == "Sa,Su 10:00-12:00"


def test_a_day_said_closed_is_taken_out_of_a_range():
    reading = read_hours("Du lundi au vendredi de 9h à 12h, fermé le mercredi")
    assert reading.opening_hours == "Mo,Tu,Th,Fr 09:00-12:00"


def test_an_afternoon_said_closed_keeps_the_morning():
    reading = read_hours("Du lundi au vendredi de 9h à 12h30 et de 13h30 à 17h30, fermé les mardi après-midi")
    assert reading.opening_hours == "Mo,We-Fr 09:00-12:30,13:30-17:30; Tu 09:00-12:30"


def test_except_a_day_takes_it_out_of_a_range():
    assert (
        read_hours("du lundi au samedi de 9h à12h30 sauf le mercredi").opening_hours
        == "Mo,Tu,Th-Sa 09:00-12:30"
    )


def test_closed_on_public_holidays_adds_ph_off():
    reading = read_hours("Lundi au vendredi 9h-12h. Fermé les jours fériés")
    assert reading == HoursReading("Mo-Fr 09:00-12:00; PH off", "", False)


def test_an_appointment_alone_gives_no_hours():
    assert read_hours("uniquement sur rendez-vous") == HoursReading("", "", True)
    assert read_hours("Sur RDV") == HoursReading("", "", True)


def test_an_appointment_beside_hours_keeps_the_hours():
    reading = read_hours("Mardi, mercredi et vendredi : 9h-17h sur rdv")
    assert reading == HoursReading("Tu,We,Fr 09:00-17:00", "", True)


def test_walk_in_is_not_an_appointment():
    assert read_hours("du lundi au vendredi de 9h à 12h sans RDV").by_appointment is False


def test_times_without_days_are_left_unread_rather_than_read_as_every_day():
    assert read_hours("De 9h00 à 12h00 et de 14h00 à 17h00") == HoursReading(
        "", "De 9h00 à 12h00 et de 14h00 à 17h00", False
    )
    # France Services' way of writing times happens to be valid OSM ("every day"): it is not taken as a rule.
    assert read_hours("09:00 - 12:00 / 13:30 - 17:00").opening_hours == ""


def test_an_osm_rule_is_returned_as_it_is():
    for rule in [
        "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        "08:00-17:00",
        "week 1-53/2 Fr 13:30-16:30; PH off",
    ]:
        assert read_hours(rule) == HoursReading(rule, "", False)


def test_the_part_not_understood_is_reported_and_the_rest_is_read():
    reading = read_hours("Mardi: 14h-18h, samedi 10h/12h-14h/17h ( pas ouvert tous les samedi )")
    assert reading.opening_hours == "Tu 14:00-18:00"
    assert reading.unread == "samedi 10h/12h-14h/17h ( pas ouvert tous les samedi )"


def test_school_holiday_hours_are_not_mixed_with_the_usual_week():
    reading = read_hours(
        "En période scolaire : Mercredi de 13h à 18h. Pendant les vacances : du lundi au vendredi 10h-19h"
    )
    assert reading.opening_hours == "We 13:00-18:00"
    assert reading.unread == "En période scolaire … Pendant les vacances : du lundi au vendredi 10h-19h"


def test_a_weekday_of_the_month_reads_with_its_rank():
    assert read_hours("1er et 3ème lundi du mois de 14h à 17h").opening_hours == "Mo[1,3] 14:00-17:00"
    assert read_hours("Samedi 10h-12h (2e et 4e du mois)").opening_hours == "Sa[2,4] 10:00-12:00"


def test_a_cell_of_a_day_column_holds_the_times_of_that_day():
    assert read_week({0: "9h à 12h"}) == HoursReading("Mo 09:00-12:00", "", False)
    assert read_week({2: "9h00 à 12h00 et de 14h00 à 17h00"}).opening_hours == "We 09:00-12:00,14:00-17:00"
    assert read_week({0: "14H30"}) == HoursReading("", "14H30", False)


def test_an_empty_or_closed_cell_is_a_closed_day():
    reading = read_week({0: "8h30-12h", 1: "", 2: "Fermé", 3: "8h30-12h", 4: "8h30-12h", 5: "fermé"})
    assert reading == HoursReading("Mo,Th,Fr 08:30-12:00", "", False)


def test_the_same_hours_given_for_several_days_read_for_each_and_report_once():
    # hub-lo gives the days in one column and the hours in another.
    week = dict.fromkeys(range(5), "9h - 13h et 14h - 17h  + Ateliers : horaire Adaptable")
    assert read_week(week) == HoursReading(
        "Mo-Fr 09:00-13:00,14:00-17:00", "Ateliers : horaire Adaptable", False
    )


def test_a_cell_naming_a_day_is_not_read():
    assert read_week({0: "Lundi 9h-12h"}) == HoursReading("", "Lundi 9h-12h", False)


def _unread_spans(text: str, unread: str) -> list[tuple[int, int]]:
    """Where each unread part sits in the text; fails when a part is not a verbatim piece of it."""
    spans, position = [], 0
    for part in unread.split(" … ") if unread else []:
        start = text.find(part, position)
        assert start >= 0, f"{part!r} is not a verbatim part of {text!r}"
        spans.append((start, start + len(part)))
        position = start + len(part)
    return spans


_TIME = re.compile(r"(\d{1,2})\s*(?:h|H|:)\s*(\d\d)?")
_RANGE = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")


def _dropped_times(text: str, reading: HoursReading) -> list[str]:
    """Times of the text found neither in the opening hours (within a range) nor in an unread part."""
    spans = _unread_spans(text, reading.unread)
    ranges = [
        (int(h1) * 60 + int(m1), int(h2) * 60 + int(m2))
        for h1, m1, h2, m2 in _RANGE.findall(reading.opening_hours)
    ]
    dropped = []
    for match in _TIME.finditer(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour == minute == 0:
            continue  # "00:00 - 00:00": France Services' empty time
        # "12h 14h" and "13h 30" look alike to this simple pattern: either time may be the one read.
        times = {hour * 60 + minute, hour * 60}
        in_unread = any(start <= match.start() and match.end() <= end for start, end in spans)
        in_hours = any(opens <= time <= closes for opens, closes in ranges for time in times)
        if not (in_unread or in_hours):
            dropped.append(match.group())
    return dropped


def _all_free_text_rows():
    return [(text, HoursReading(*expected)) for text, *expected in JSON_NOT_OSM + HUB_LO]


def test_every_real_free_text_reads_as_checked():
    mismatches = [(text, read_hours(text), expected) for text, expected in _all_free_text_rows()]
    assert [mismatch for mismatch in mismatches if mismatch[1] != mismatch[2]] == []


def test_every_real_osm_rule_is_returned_as_it_is():
    assert [rule for rule in JSON_ALREADY_OSM if read_hours(rule) != HoursReading(rule, "", False)] == []


def test_every_real_france_services_cell_reads_as_checked():
    mismatches = [
        (day, cell, read_week({day: cell}).opening_hours, expected)
        for day, cell, expected in FRANCE_SERVICES_CELLS
        if read_week({day: cell}) != HoursReading(expected, "", False)
    ]
    assert mismatches == []


def test_whole_france_services_rows_read_as_checked():
    for cells, expected in FRANCE_SERVICES_ROWS:
        assert read_week(dict(enumerate(cells))) == HoursReading(expected, "", False)


def test_every_reading_is_a_valid_rule():
    readings = [read_hours(text) for text, _expected in _all_free_text_rows()]
    readings += [read_hours(rule) for rule in JSON_ALREADY_OSM]
    readings += [read_week({day: cell}) for day, cell, _expected in FRANCE_SERVICES_CELLS]
    readings += [read_week(dict(enumerate(cells))) for cells, _expected in FRANCE_SERVICES_ROWS]
    assert [
        reading for reading in readings if reading.opening_hours and not hours.is_valid(reading.opening_hours)
    ] == []


def test_nothing_is_silently_dropped():
    for text, _expected in _all_free_text_rows():
        reading = read_hours(text)
        assert _dropped_times(text, reading) == [], text
        # Some words were there: they were read, or they are reported.
        if re.search(r"\w", text):
            assert reading.opening_hours or reading.by_appointment or reading.unread, text
    for day, cell, _expected in FRANCE_SERVICES_CELLS:
        assert _dropped_times(cell, read_week({day: cell})) == [], cell


# ---- The real strings, each with its checked reading --------------------------------------------------
# tests/places/data/hours_text_cases.json: every distinct hours string of the real files (../shared/data/real/),
# with the reading checked by hand — JSON_ALREADY_OSM (valid OSM already: each is its own reading),
# JSON_NOT_OSM and HUB_LO ([text, opening_hours, unread, by_appointment]), FRANCE_SERVICES_CELLS ([day, cell,
# opening_hours]) and FRANCE_SERVICES_ROWS ([[cells of Monday…Saturday], opening_hours]).
_CASES = json.loads((Path(__file__).parent / "data" / "hours_text_cases.json").read_text(encoding="utf-8"))
JSON_ALREADY_OSM = _CASES["JSON_ALREADY_OSM"]
JSON_NOT_OSM = [tuple(case) for case in _CASES["JSON_NOT_OSM"]]
HUB_LO = [tuple(case) for case in _CASES["HUB_LO"]]
FRANCE_SERVICES_CELLS = [tuple(case) for case in _CASES["FRANCE_SERVICES_CELLS"]]
FRANCE_SERVICES_ROWS = [tuple(case) for case in _CASES["FRANCE_SERVICES_ROWS"]]
