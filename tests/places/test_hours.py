from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from places import hours

PARIS = ZoneInfo("Europe/Paris")
WEDNESDAY_10H = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
RULE = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off"


def test_the_week_reads_in_plain_french():
    week = {day.day: day.text for day in hours.week(RULE, WEDNESDAY_10H)}
    assert week["lundi"] == "9 h – 12 h, 14 h – 17 h 30"
    assert week["samedi"] == "9 h – 12 h"
    assert week["dimanche"] == "fermé"


def test_always_open_reads_all_day():
    assert {day.text for day in hours.week("24/7", WEDNESDAY_10H)} == {"toute la journée"}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (WEDNESDAY_10H, "ouvert, ferme à 12 h"),
        (datetime(2026, 11, 25, 12, 30, tzinfo=PARIS), "fermé, ouvre à 14 h"),
        (datetime(2026, 11, 25, 18, 0, tzinfo=PARIS), "fermé, ouvre demain à 9 h"),
        (datetime(2026, 11, 28, 13, 0, tzinfo=PARIS), "fermé, ouvre lundi à 9 h"),
        # 11 November is a public holiday: closed although a Wednesday.
        (datetime(2026, 11, 11, 10, 0, tzinfo=PARIS), "fermé, ouvre demain à 9 h"),
    ],
)
def test_the_status_says_when_it_closes_or_opens(moment, expected):
    assert hours.status_at(RULE, moment).describe(moment) == expected


def test_times_given_in_utc_are_read_in_paris_time():
    # 09:30 UTC is 10:30 in Paris in November: open.
    moment = datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("UTC"))
    assert hours.status_at("Mo-Fr 10:00-12:00", moment).is_open is True


def test_missing_or_unreadable_hours_are_unknown_not_closed():
    assert hours.status_at("", WEDNESDAY_10H).describe(WEDNESDAY_10H) == "horaires non renseignés"
    assert hours.status_at("n'importe quoi", WEDNESDAY_10H).is_open is None
    assert hours.week("n'importe quoi", WEDNESDAY_10H) is None
