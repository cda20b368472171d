"""The opening-hours editor's model: a week of time ranges plus closures, written to and read from OSM.

`write(Hours(...))` gives the canonical OSM `opening_hours` string ("Mo-Fr 09:00-12:00,14:00-17:00;
Sa 09:00-12:00; PH off"); `read(expression)` gives the `Hours` of a rule, or None when the rule says more than
the editor can show (week numbers, `sunrise`, `Mo[1]`, months, comments, `||`…) or is not a rule at all.
Such rules are kept as they are by the form field (places/hours_widgets.py).

What the editor holds, and so what `read` accepts:
- per weekday, zero (closed) or more time ranges within the day, ending at 24:00 at the latest;
- `24/7`, rules without days (every day), later weekday rules overriding earlier ones, `Mo off`;
- public holidays closed (`PH off`), dates closed, once (`2026 Dec 25 off`, `2026 Dec 24-2027 Jan 01 off`) or
  every year (`Dec 25 off`, `Dec 24-Jan 01 off`), after the weekly rules;
- the comment "sur rendez-vous" on every weekly rule (the open hours are by appointment).

`read` never guesses: whatever it reads is written back and compared with the original through
opening-hours-py over whole years (`equivalent`); a difference makes the rule too rich, not misread.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from places import hours

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
OSM_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAY_MINUTES = 24 * 60
APPOINTMENT = "sur rendez-vous"
# Yearly closures keep their month and day in a leap year, so that February 29 exists; an end before the
# start (December 24 to January 1) goes to the next year.
YEARLY_BASE = 2000
# A week without public holiday that is neither the first nor the last of its month, so that "Mo[1]" or
# "Mo[-1]" do not show as every Monday when a too-rich rule is started again in the editor.
USUAL_MONDAY = datetime(2026, 3, 9, tzinfo=hours.PARIS)


@dataclass(frozen=True, order=True)
class Range:
    """Open from `start` to `end`, in minutes since midnight; `end` is at most 24:00 and after `start`."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


@dataclass(frozen=True, order=True)
class Closure:
    """Closed from `start` to `end` included; when `yearly`, every year (the years then mean nothing)."""

    start: date
    end: date
    yearly: bool = False

    @classmethod
    def every_year(cls, start_month: int, start_day: int, end_month: int, end_day: int) -> "Closure":
        start = date(YEARLY_BASE, start_month, start_day)
        end = date(YEARLY_BASE, end_month, end_day)
        if end < start:
            end = end.replace(year=YEARLY_BASE + 1)
        return cls(start, end, yearly=True)


@dataclass(frozen=True)
class Hours:
    """A week of opening hours and its closures; the same hours always compare equal (ranges and closures
    are kept sorted)."""

    days: tuple[tuple[Range, ...], ...] = ((),) * 7
    holidays_closed: bool = False
    closures: tuple[Closure, ...] = ()
    by_appointment: bool = False

    def __post_init__(self):
        if len(self.days) != 7:
            raise ValueError("seven days, Monday first")
        object.__setattr__(self, "days", tuple(tuple(sorted(ranges)) for ranges in self.days))
        object.__setattr__(self, "closures", tuple(sorted(set(self.closures))))

    @property
    def is_open_some_day(self) -> bool:
        return any(self.days)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ---- Writing -----------------------------------------------------------------------------------------


def write(week: Hours) -> str:
    """The canonical OSM rule of `week`: days with the same ranges share a rule, closures come last.

    A week without any open day is "" (hours unknown), whatever its closures: OSM would read "PH off"
    alone as "always closed".
    """
    if not week.is_open_some_day:
        return ""
    comment = f' "{APPOINTMENT}"' if week.by_appointment else ""
    rules = []
    if all(ranges == (Range(0, DAY_MINUTES),) for ranges in week.days):
        rules.append(f"24/7{comment}")
    else:
        groups: dict[tuple[Range, ...], list[int]] = {}
        for day, ranges in enumerate(week.days):
            if ranges:
                groups.setdefault(ranges, []).append(day)
        for ranges, days in groups.items():  # in the order of each group's first day
            rules.append(f"{_day_selector(days)} {','.join(str(r) for r in ranges)}{comment}")
    if week.holidays_closed:
        rules.append("PH off")
    rules.extend(f"{_date_selector(closure)} off" for closure in week.closures)
    return "; ".join(rules)


def _day_selector(days: list[int]) -> str:
    """[0, 1, 2, 4] → "Mo-We,Fr"; two days in a row stay a list ("Sa,Su"), as OSM mappers write them."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}")
        else:
            parts.extend(OSM_DAYS[day] for day in run)
    return ",".join(parts)


def _date_selector(closure: Closure) -> str:
    def month_day(day: date) -> str:
        return f"{OSM_MONTHS[day.month - 1]} {day.day:02d}"

    if closure.yearly:
        start, end = month_day(closure.start), month_day(closure.end)
    else:
        start, end = (
            f"{closure.start.year} {month_day(closure.start)}",
            f"{closure.end.year} {month_day(closure.end)}",
        )
    return start if start == end else f"{start}-{end}"


# ---- Reading -----------------------------------------------------------------------------------------

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*"
_TIME = r"\d{1,2}:\d{2}"
_TIMES = rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*"
_COMMENT = r'(?:\s+"(?P<comment>[^"]*)")?'
_MONTH = "|".join(OSM_MONTHS)

_WEEKLY = re.compile(rf"(?:(?P<days>{_DAYS})\s+)?(?P<times>{_TIMES}|24/7){_COMMENT}", re.IGNORECASE)
_DAYS_OFF = re.compile(rf"(?P<days>{_DAYS})\s+(?:off|closed)", re.IGNORECASE)
_HOLIDAYS_OFF = re.compile(r"PH\s+(?:off|closed)", re.IGNORECASE)
_DATES_OFF = re.compile(
    rf"(?:(?P<y1>\d{{4}})\s+)?(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})"
    rf"(?:\s*-\s*(?:(?P<y2>\d{{4}})\s+)?(?:(?P<m2>{_MONTH})\s+)?(?P<d2>\d{{1,2}}))?\s+(?:off|closed)",
    re.IGNORECASE,
)


class _TooRich(Exception):
    pass


def read(expression: str) -> Hours | None:
    """The editor's `Hours` for an OSM rule; None when the rule is not valid or says more than the editor."""
    expression = (expression or "").strip()
    if not expression:
        return Hours()
    if not hours.is_valid(expression):
        return None
    try:
        week = _read_rules(expression)
    except (_TooRich, ValueError):  # ValueError: a date that does not exist ("Feb 30")
        return None
    if not week.is_open_some_day or not equivalent(write(week), expression):
        return None
    return week


def _read_rules(expression: str) -> Hours:
    days: list[tuple[Range, ...]] = [()] * 7
    comments: set[str | None] = set()
    holidays_closed = False
    closures: list[Closure] = []
    for rule in (part.strip() for part in expression.split(";")):
        if not rule:
            continue
        weekly = _WEEKLY.fullmatch(rule)
        days_off = _DAYS_OFF.fullmatch(rule)
        if (weekly or days_off) and (holidays_closed or closures):
            # A weekday rule after a closure would override it on those days: not what the editor writes.
            raise _TooRich
        if weekly:
            ranges = _read_times(weekly["times"])
            comments.add(weekly["comment"])
            for day in _read_days(weekly["days"]) if weekly["days"] else range(7):
                days[day] = ranges
        elif days_off:
            for day in _read_days(days_off["days"]):
                days[day] = ()
        elif _HOLIDAYS_OFF.fullmatch(rule):
            holidays_closed = True
        elif dates := _DATES_OFF.fullmatch(rule):
            closures.append(_read_closure(dates))
        else:
            raise _TooRich
    if len(comments) > 1 or not comments <= {None, APPOINTMENT}:
        raise _TooRich  # another comment, or "sur rendez-vous" on some rules only
    return Hours(tuple(days), holidays_closed, tuple(closures), by_appointment=comments == {APPOINTMENT})


def _read_days(selector: str) -> list[int]:
    days = []
    for part in selector.split(","):
        first, _, last = part.partition("-")
        start = _day_number(first)
        end = _day_number(last) if last else start
        # "Sa-Mo" wraps around the week end, as OSM reads it.
        days.extend((start + offset) % 7 for offset in range((end - start) % 7 + 1))
    return days


def _day_number(name: str) -> int:
    return [day.lower() for day in OSM_DAYS].index(name.lower())


def _read_times(text: str) -> tuple[Range, ...]:
    if text == "24/7":
        return (Range(0, DAY_MINUTES),)
    ranges = []
    for part in text.split(","):
        start, end = (_minutes(time) for time in part.split("-"))
        if not 0 <= start < end <= DAY_MINUTES:
            raise _TooRich  # past midnight ("22:00-02:00")
        ranges.append(Range(start, end))
    ranges.sort()
    merged = [ranges[0]]
    for later in ranges[1:]:
        if later.start < merged[-1].end:  # overlapping ranges are the same open time as their union
            merged[-1] = Range(merged[-1].start, max(merged[-1].end, later.end))
        else:
            merged.append(later)
    return tuple(merged)


def _minutes(time: str) -> int:
    hour, minute = (int(number) for number in time.split(":"))
    if minute > 59:
        raise _TooRich
    return hour * 60 + minute


def _read_closure(match: re.Match) -> Closure:
    start_month = _month_number(match["m1"])
    start_day = int(match["d1"])
    end_month = _month_number(match["m2"]) if match["m2"] else start_month
    end_day = int(match["d2"]) if match["d2"] else start_day
    if not match["y1"]:
        if match["y2"]:
            raise _TooRich
        return Closure.every_year(start_month, start_day, end_month, end_day)
    start_year = int(match["y1"])
    end_year = int(match["y2"]) if match["y2"] else start_year
    start, end = date(start_year, start_month, start_day), date(end_year, end_month, end_day)
    if end < start:
        raise _TooRich  # "2026 Dec 24-Jan 01": left to opening-hours-py's reading, not ours
    return Closure(start, end)


def _month_number(name: str) -> int:
    return [month.lower() for month in OSM_MONTHS].index(name.lower()) + 1


# ---- Comparing ---------------------------------------------------------------------------------------


def equivalent(first: str, second: str, *, years: list[int] | None = None) -> bool:
    """Whether two valid rules give the same open times (and comments), day by day, over whole years.

    By default this year, the next one and every year either rule names (a closure in 2031), at most ten.
    """
    if years is None:
        this_year = datetime.now(hours.PARIS).year
        named = {int(year) for year in re.findall(r"\b(\d{4})\b", f"{first} {second}")}
        years = sorted({this_year, this_year + 1} | {year for year in named if 1900 < year < 9999})
        if len(years) > 10:
            return False
    rules = hours.parse(first), hours.parse(second)
    for year in years:
        start = datetime(year, 1, 1, tzinfo=hours.PARIS)
        end = datetime(year + 1, 1, 1, tzinfo=hours.PARIS)
        if _timeline(rules[0], start, end) != _timeline(rules[1], start, end):
            return False
    return True


def _timeline(rule, start: datetime, end: datetime) -> list[tuple]:
    """Intervals of one state and comment, neighbours of the same kind merged (parsers cut them differently)."""
    merged: list[list] = []
    for begin, finish, state, comment in rule.intervals(start, end):
        if merged and merged[-1][2:] == [state, comment] and merged[-1][1] == begin:
            merged[-1][1] = finish
        else:
            merged.append([begin, finish, state, comment])
    return merged


# ---- A usual week, to start again from a rule too rich for the editor -----------------------------------


def usual_week(expression: str) -> Hours:
    """The open ranges of a usual week of `expression` (no public holiday in it), without closures: where
    someone replacing a too-rich rule starts from, rather than from an empty week."""
    days: list[list[Range]] = [[] for _ in range(7)]
    for day, opens, closes in hours.weekly_intervals(expression, USUAL_MONDAY):
        if opens < closes <= DAY_MINUTES:
            days[day].append(Range(opens, closes))
    return Hours(tuple(tuple(ranges) for ranges in days))
