"""Opening hours in OpenStreetMap `opening_hours` syntax, read with opening-hours-py.

Times are evaluated in Europe/Paris with the French public holiday calendar (rules using `PH`).
Overseas places use the same calendar for now: their own time zones are a later refinement.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from opening_hours import OpeningHours, ParserError, State

PARIS = ZoneInfo("Europe/Paris")


def parse(expression: str) -> OpeningHours:
    return OpeningHours(expression, timezone=PARIS, country="FR", auto_country=False, auto_timezone=False)


def validate_opening_hours(expression: str) -> None:
    if not expression:
        return
    try:
        parse(expression)
    except (ParserError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "Horaires illisibles : utilisez le format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »."
            ),
            code="invalid_opening_hours",
        ) from None


@lru_cache(maxsize=4096)
def is_valid(expression: str) -> bool:
    try:
        validate_opening_hours(expression)
    except ValidationError:
        return False
    return True


def is_open_at(expression: str, moment: datetime) -> bool | None:
    """True/False, or None when the hours are empty or unreadable."""
    if not expression:
        return None
    try:
        return parse(expression).is_open(moment.astimezone(PARIS))
    except (ParserError, SyntaxError, ValueError):
        return None


DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
# As pages show them, in the page's language (DAY_NAMES stay the French words other modules read).
SHOWN_DAY_NAMES = [
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
]


def _clock(moment: datetime, *, end: bool = False) -> str:
    """9 h, 9 h 30, 14 h (the way French signs and people say it)."""
    if end and moment.hour == 0 and moment.minute == 0:
        return pgettext("time of day", "24 h")  # an interval ending at midnight
    if moment.minute == 0:
        return pgettext("time of day", "%(hour)d h") % {"hour": moment.hour}
    return pgettext("time of day", "%(hour)d h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}


@dataclass(frozen=True)
class DayHours:
    day: str
    slots: list[str]  # ["9 h – 12 h", "14 h – 17 h"]; empty when closed

    @property
    def text(self) -> str:
        return ", ".join(self.slots) if self.slots else _("fermé")


def week(expression: str, reference: datetime) -> list[DayHours] | None:
    """Hours for each day of the week holding `reference`, or None when the hours are empty or unreadable.

    Computed from the rule itself, so seasonal rules show the current season; a public holiday falling in
    that week shows as that weekday's rule would be read on the holiday.
    """
    if not expression:
        return None
    try:
        rule = parse(expression)
    except (ParserError, SyntaxError, ValueError):
        return None
    local = reference.astimezone(PARIS)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0), tzinfo=PARIS)
    days = []
    for offset in range(7):
        start = monday + timedelta(days=offset)
        slots = []
        for begin, end, state, _comment in rule.intervals(start, start + timedelta(days=1)):
            if state != State.OPEN:
                continue
            if end - begin >= timedelta(days=1):
                slots.append(_("toute la journée"))
            else:
                slots.append(f"{_clock(begin)} – {_clock(end, end=True)}")
        days.append(DayHours(str(SHOWN_DAY_NAMES[offset]), slots))
    return days


@dataclass(frozen=True)
class Status:
    is_open: bool | None  # None: unknown (no or unreadable hours)
    until: datetime | None = None  # when the current state ends (closing or opening time)

    def describe(self, now: datetime) -> str:
        if self.is_open is None:
            return _("horaires non renseignés")
        if self.until is None:
            return _("ouvert") if self.is_open else _("fermé")
        until = self.until.astimezone(PARIS)
        clock = _clock(until)
        if until.date() == now.astimezone(PARIS).date():
            if self.is_open:
                return _("ouvert, ferme à %(time)s") % {"time": clock}
            return _("fermé, ouvre à %(time)s") % {"time": clock}
        days_ahead = (until.date() - now.astimezone(PARIS).date()).days
        if days_ahead == 1:
            if self.is_open:
                return _("ouvert, ferme demain à %(time)s") % {"time": clock}
            return _("fermé, ouvre demain à %(time)s") % {"time": clock}
        day = SHOWN_DAY_NAMES[until.weekday()]
        if self.is_open:
            return _("ouvert, ferme %(day)s à %(time)s") % {"day": day, "time": clock}
        return _("fermé, ouvre %(day)s à %(time)s") % {"day": day, "time": clock}


def status_at(expression: str, moment: datetime) -> Status:
    if not expression:
        return Status(None)
    try:
        rule = parse(expression)
        local = moment.astimezone(PARIS)
        is_open = rule.is_open(local)
        change = rule.next_change(local)
    except (ParserError, SyntaxError, ValueError):
        return Status(None)
    # Beyond a week, "until" says little (and "24/7" never changes).
    if change is None or change - local > timedelta(days=7):
        change = None
    return Status(is_open, change)


# A week with no French public holiday, as the reference "usual week" of weekly_intervals.
_REFERENCE_MONDAY = datetime(2026, 3, 2, tzinfo=PARIS)


def weekly_intervals(
    expression: str, reference_monday: datetime = _REFERENCE_MONDAY
) -> list[tuple[int, int, int]]:
    """(weekday, opens, closes) in minutes for a usual week, for indexed "open now / on Saturday" filters.

    Unreadable or empty hours give no interval (the place is then never "open now", which is honest).
    """
    if not expression:
        return ()
    try:
        rule = parse(expression)
    except (ParserError, SyntaxError, ValueError):
        return ()
    intervals = []
    for offset in range(7):
        start = reference_monday + timedelta(days=offset)
        for begin, end, state, _comment in rule.intervals(start, start + timedelta(days=1)):
            if state == State.OPEN:
                opens = int((begin - start).total_seconds() // 60)
                closes = int((end - start).total_seconds() // 60)
                intervals.append((offset, opens, closes))
    return tuple(intervals)
