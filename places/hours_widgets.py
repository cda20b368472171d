"""The opening-hours editor as a form field: people fill in days and times, the field gives OSM `opening_hours`.

    from places.hours_widgets import OpeningHoursField

    class StopForm(forms.ModelForm):
        opening_hours = OpeningHoursField(label=_("Horaires"), required=False)

The widget (template places/widgets/opening_hours.html) shows, for each day, a fieldset of time ranges (three
at first, a lunch break being two ranges; empty means closed), a "same hours Tuesday to Friday as Monday" box
applied on submit, public holidays and dates closed, and "sur rendez-vous". It works without JavaScript;
static/places/hours-editor.js only shows and hides parts. Every input name starts with the field's own name
("stops-0-opening_hours-mo-1-start"), so the field can appear several times in one form or formset.

A rule the editor cannot show (places.hours_editor.read gives None) is kept as it is: the widget says so, shows
the rule and a usual week of it, and the field returns the rule unchanged unless the person ticks "replace" or
changes that week. A rule the editor can show and that is submitted unchanged is also returned as it was
written, so that an untouched form never rewrites `Mo,Tu,We 09:00-12:00` into `Mo-We 09:00-12:00`.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places import hours
from places.hours_editor import DAY_MINUTES, Closure, Hours, Range, clock, read, usual_week, write

DAY_CODES = ["mo", "tu", "we", "th", "fr", "sa", "su"]
DAY_LABELS = [
    gettext_lazy("Lundi"),
    gettext_lazy("Mardi"),
    gettext_lazy("Mercredi"),
    gettext_lazy("Jeudi"),
    gettext_lazy("Vendredi"),
    gettext_lazy("Samedi"),
    gettext_lazy("Dimanche"),
]
RANGES_SHOWN = 3  # ranges per day without JavaScript: a lunch break takes two, a third for evenings
CLOSURES_SHOWN = 3
MAX_ROWS = 12  # rows read back from a request, whatever it posts
COPIED_DAYS = range(1, 5)  # Tuesday to Friday, from Monday


@dataclass
class HoursInput:
    """What the editor's inputs hold, as text, so that a form with errors shows back what was typed.

    `original` is the rule the form started from (a hidden input); `replace` says the person chose to replace
    a rule the editor could not show.
    """

    days: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in range(7)])
    holidays_closed: bool = False
    closures: list[tuple[str, str, bool]] = field(default_factory=list)
    by_appointment: bool = False
    original: str = ""
    replace: bool = False

    @classmethod
    def from_data(cls, data, name: str) -> "HoursInput":
        def text(key: str) -> str:
            return str(data.get(f"{name}-{key}") or "").strip()[:100]

        def ticked(key: str) -> bool:
            return bool(data.get(f"{name}-{key}"))

        days = []
        for code in DAY_CODES:
            ranges = [(text(f"{code}-{n}-start"), text(f"{code}-{n}-end")) for n in range(1, MAX_ROWS + 1)]
            days.append(_without_empty_tail(ranges, lambda pair: pair == ("", "")))
        if ticked("copy-monday"):  # applied here, so that a form shown again has the days filled in
            for day in COPIED_DAYS:
                days[day] = list(days[0])
        closures = [
            (text(f"closure-{n}-start"), text(f"closure-{n}-end"), ticked(f"closure-{n}-yearly"))
            for n in range(1, MAX_ROWS + 1)
        ]
        return cls(
            days=days,
            holidays_closed=ticked("holidays"),
            closures=_without_empty_tail(closures, lambda row: row[:2] == ("", "")),
            by_appointment=ticked("appointment"),
            original=str(data.get(f"{name}-original") or "").strip(),
            replace=ticked("replace"),
        )

    @classmethod
    def from_hours(cls, week: Hours, original: str = "") -> "HoursInput":
        return cls(
            days=[[(clock(r.start), _end_clock(r.end)) for r in ranges] for ranges in week.days],
            holidays_closed=week.holidays_closed,
            closures=[_closure_text(closure) for closure in week.closures],
            by_appointment=week.by_appointment,
            original=original,
        )

    @property
    def keeps_original(self) -> bool:
        """Whether `original` is a rule the editor cannot show and the person has not replaced it."""
        if not self.original or read(self.original) is not None or not hours.is_valid(self.original):
            return False
        if self.replace:
            return False
        # Without JavaScript the prefilled week is always on show: changing it is replacing the rule too, so
        # that what someone typed is never silently dropped.
        checked = check(self)
        return not checked.errors and checked.hours == usual_week(self.original)


def _without_empty_tail(rows: list, is_empty) -> list:
    while rows and is_empty(rows[-1]):
        rows.pop()
    return rows


def _end_clock(minutes: int) -> str:
    return "00:00" if minutes == DAY_MINUTES else clock(minutes)  # a time input cannot say 24:00


def _closure_text(closure: Closure) -> tuple[str, str, bool]:
    start, end = closure.start, closure.end
    if closure.yearly:  # a date input needs a year: this year's (or the next one that has February 29)
        year = datetime.now(hours.PARIS).year
        while True:
            try:
                start = closure.start.replace(year=year)
                end = closure.end.replace(year=year + (closure.end.year - closure.start.year))
                break
            except ValueError:
                year += 1
    return (start.isoformat(), "" if end == start else end.isoformat(), closure.yearly)


# ---- Checking what was typed -------------------------------------------------------------------------


@dataclass
class Checked:
    hours: Hours | None  # None when there are errors
    errors: dict[str, list[str]]  # by part: a day code, "closures" or "all"


_TIME = re.compile(r"(\d{1,2})\s*[:hH.]\s*(\d{2})?(?::\d{2})?")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _minutes(text: str) -> int | None:
    match = _TIME.fullmatch(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


def _date(text: str) -> date | None:
    try:
        if match := _FRENCH_DATE.fullmatch(text):  # typed by hand where a browser has no date picker
            value = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if 1900 < value.year < 3000 else None


def check(entry: HoursInput) -> Checked:
    errors: dict[str, list[str]] = {}
    days = []
    for code, label, typed in zip(DAY_CODES, DAY_LABELS, entry.days, strict=True):
        ranges, day_errors = _check_day(str(label), typed)
        days.append(ranges)
        if day_errors:
            errors[code] = day_errors
    closures, closure_errors = _check_closures(entry.closures)
    if closure_errors:
        errors["closures"] = closure_errors
    if not any(days) and (entry.holidays_closed or closures or entry.by_appointment) and not errors:
        errors["all"] = [
            _(
                "Indiquez les horaires d'au moins un jour : les fermetures exceptionnelles et le rendez-vous "
                "complètent une semaine d'ouverture."
            )
        ]
    if errors:
        return Checked(None, errors)
    week = Hours(tuple(days), entry.holidays_closed, tuple(closures), entry.by_appointment)
    return Checked(week, {})


def _check_day(day: str, typed: list[tuple[str, str]]) -> tuple[tuple[Range, ...], list[str]]:
    ranges, errors = [], []
    for start_text, end_text in typed:
        if not start_text and not end_text:
            continue
        start, end = _minutes(start_text), _minutes(end_text)
        for text, value in ((start_text, start), (end_text, end)):
            if text and value is None:
                errors.append(
                    _("%(day)s : « %(value)s » n'est pas une heure (par exemple 09:00).")
                    % {"day": day, "value": text}
                )
        if (start_text and start is None) or (end_text and end is None):
            continue
        if not end_text:
            errors.append(
                _("%(day)s : indiquez l'heure de fin de la plage qui commence à %(start)s.")
                % {"day": day, "start": clock(start)}
            )
            continue
        if not start_text:
            errors.append(
                _("%(day)s : indiquez l'heure de début de la plage qui finit à %(end)s.")
                % {"day": day, "end": clock(end % DAY_MINUTES)}
            )
            continue
        if end == 0:
            end = DAY_MINUTES  # 00:00 as an end is midnight, the end of the day
        if start >= DAY_MINUTES:
            errors.append(_("%(day)s : une plage ne peut pas commencer à 24:00.") % {"day": day})
        elif end <= start:
            errors.append(
                _("%(day)s : l'heure de fin %(end)s est avant l'heure de début %(start)s.")
                % {"day": day, "end": clock(end), "start": clock(start)}
                if end < start
                else _("%(day)s : la plage de %(start)s à %(end)s est vide.")
                % {"day": day, "start": clock(start), "end": clock(end)}
            )
        else:
            ranges.append(Range(start, end))
    ranges.sort()
    for earlier, later in zip(ranges, ranges[1:], strict=False):
        if later.start < earlier.end:
            errors.append(
                _("%(day)s : les plages %(first)s et %(second)s se chevauchent.")
                % {"day": day, "first": _shown(earlier), "second": _shown(later)}
            )
    return tuple(ranges), errors


def _shown(opening: Range) -> str:
    return f"{clock(opening.start)}–{clock(opening.end)}"


def _check_closures(typed: list[tuple[str, str, bool]]) -> tuple[list[Closure], list[str]]:
    closures, errors = [], []
    for number, (start_text, end_text, yearly) in enumerate(typed, start=1):
        if not start_text and not end_text:
            continue
        start, end = _date(start_text), _date(end_text) if end_text else None
        bad = [text for text, value in ((start_text, start), (end_text, end)) if text and value is None]
        for text in bad:
            errors.append(
                _("Fermeture %(number)s : « %(value)s » n'est pas une date.")
                % {"number": number, "value": text}
            )
        if bad:
            continue
        if start is None:
            errors.append(_("Fermeture %(number)s : indiquez la date de début.") % {"number": number})
            continue
        end = end or start
        if yearly:
            # Every year: December 24 to January 1 is a span over the new year, whatever the years typed.
            try:
                closures.append(Closure.every_year(start.month, start.day, end.month, end.day))
            except ValueError:
                errors.append(
                    _("Fermeture %(number)s : « %(value)s » n'est pas une date.")
                    % {"number": number, "value": start_text}
                )
        elif end < start:
            errors.append(
                _("Fermeture %(number)s : la date de fin %(end)s est avant la date de début %(start)s.")
                % {"number": number, "end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")}
            )
        else:
            closures.append(Closure(start, end))
    return closures, errors


# ---- Widget and field --------------------------------------------------------------------------------


class OpeningHoursWidget(forms.Widget):
    template_name = "places/widgets/opening_hours.html"
    use_fieldset = True  # Django's own field templates then show the label as the legend of a fieldset

    class Media:
        css = {"all": ["places/hours-editor.css"]}
        js = ["places/hours-editor.js"]

    def value_from_datadict(self, data, files, name):
        if self.value_omitted_from_data(data, files, name):
            return None
        return HoursInput.from_data(data, name)

    def value_omitted_from_data(self, data, files, name):
        # The hidden "original" input is always rendered: without it, the editor was not in the form.
        return f"{name}-original" not in data

    def id_for_label(self, id_):
        return ""  # no single input: the label is the legend of the fieldset around the days

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        if isinstance(value, HoursInput):  # a submitted form, shown again
            entry, submitted = value, True
        else:
            original = (value or "").strip()
            week = read(original)
            entry = HoursInput.from_hours(week or usual_week(original), original)
            submitted = False
        kept = bool(entry.original) and read(entry.original) is None
        mode = ("kept" if hours.is_valid(entry.original) else "unreadable") if kept else "editor"
        errors = {} if not submitted or entry.keeps_original else check(entry).errors
        context["widget"].update(
            {
                "id": base_id,
                "mode": mode,
                "original": entry.original,
                "original_week": hours.week(entry.original, datetime.now(hours.PARIS))
                if mode == "kept"
                else None,
                "replace": _box(name, base_id, "replace", entry.replace),
                "days": [
                    self._day_context(name, base_id, number, entry.days[number], errors.get(code, []))
                    for number, code in enumerate(DAY_CODES)
                ],
                "copy_monday": _box(name, base_id, "copy-monday", False),
                "holidays": _box(name, base_id, "holidays", entry.holidays_closed),
                "closures": self._closures_context(name, base_id, entry.closures),
                "closure_errors": errors.get("closures", []),
                "appointment": _box(name, base_id, "appointment", entry.by_appointment),
                "errors": errors.get("all", []),
            }
        )
        return context

    def _day_context(self, name, base_id, number, typed, errors) -> dict:
        code = DAY_CODES[number]
        rows = typed + [("", "")] * max(0, RANGES_SHOWN - len(typed))
        return {
            "code": code,
            "id": f"{base_id}-{code}",
            "label": DAY_LABELS[number],
            "errors": errors,
            "ranges": [
                {
                    "number": row,
                    "start": _input(name, base_id, f"{code}-{row}-start", start),
                    "end": _input(name, base_id, f"{code}-{row}-end", end),
                }
                for row, (start, end) in enumerate(rows, start=1)
            ],
        }

    def _closures_context(self, name, base_id, typed) -> list[dict]:
        rows = typed + [("", "", False)] * max(1, CLOSURES_SHOWN - len(typed))
        return [
            {
                "number": row,
                "start": _input(name, base_id, f"closure-{row}-start", start),
                "end": _input(name, base_id, f"closure-{row}-end", end),
                "yearly": _box(name, base_id, f"closure-{row}-yearly", yearly),
            }
            for row, (start, end, yearly) in enumerate(rows, start=1)
        ]


def _input(name: str, base_id: str, key: str, value: str) -> dict:
    return {"name": f"{name}-{key}", "id": f"{base_id}-{key}", "value": value}


def _box(name: str, base_id: str, key: str, checked: bool) -> dict:
    return {"name": f"{name}-{key}", "id": f"{base_id}-{key}", "checked": checked}


class OpeningHoursField(forms.Field):
    """OSM `opening_hours` edited day by day; cleans to a rule valid for opening-hours-py, or "" (unknown).

    Errors name their day ("Lundi : l'heure de fin 12:00 est avant l'heure de début 14:00.") and are shown by
    the widget inside that day's fieldset; `form.errors` holds them too, for a summary at the top of a page.
    """

    widget = OpeningHoursWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):  # a rule given as text (initial data, a test, another widget)
            value = value.strip()
            hours.validate_opening_hours(value)
            return value
        if value.keeps_original:
            return value.original
        checked = check(value)
        if checked.errors:
            raise ValidationError([message for messages in checked.errors.values() for message in messages])
        if value.original and read(value.original) == checked.hours:
            return value.original  # unchanged: kept as it was written
        rule = write(checked.hours)
        hours.validate_opening_hours(rule)  # the writer's output is valid; this says so loudly if it is not
        return rule
