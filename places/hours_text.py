"""Opening hours written in French, as real data files write them, read into OpenStreetMap `opening_hours`.

`read_hours("Du lundi au jeudi : 9h-12h 14h-17h Le vendredi : 9h-12h 14h-16h")` gives
"Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00,14:00-16:00"; `read_week` reads per-day columns
(France Services' `h_lundi` … `h_samedi`). Whatever could not be read is returned verbatim in `unread`,
so an importer can show it to a person instead of silently losing it.

Choices, made to stay faithful rather than to read as much as possible:
- Times without any day ("9h-12h / 14h-17h", "De 9h00 à 12h00 et de 14h00 à 17h00") are not read. In OSM a
  rule without days means every day, Sunday included, which is almost never what such a text means: the
  text goes to `unread`. An input that is already an OSM rule is returned as it is (when `hours.is_valid`
  accepts it), "08:00-17:00" included; only times written the French way with spaces
  ("09:00 - 12:00", the France Services style) are French text, not a rule.
- A part we do not understand makes its whole clause unread: "Lundi et Jeudi de 10h à 12h pour les
  inscriptions" is not read as Monday and Thursday hours. A restriction in brackets after hours
  ("samedi 10h-12h ( pas ouvert tous les samedi )", "(semaine paire)") makes those hours unread too.
- School holidays and summer hours ("Pendant les vacances scolaires", "juillet-août") are not read: what
  follows them, up to a school-term heading, goes to `unread`. A school-term heading ("En période scolaire")
  is read as the usual week and reported in `unread` so that the qualifier is not lost.
- Several mentions of a day add up ("lundi au vendredi de 9h à 12h30 / lundi, mardi, jeudi 14h à 17h");
  "fermé le mardi (après-midi)" and "sauf le mardi" remove that day (or its ranges starting after noon,
  or before noon for "matin").
- Overlapping or touching ranges of a day are merged ("08:30 - 12:30 / 12:30 - 17:00" is 08:30-17:00): it is
  the same set of open times. France Services' "00:00 - 00:00" is the empty time of their form: no hours.
- "1er et 3ème lundi du mois" reads as "Mo[1,3]"; "Fermé les jours fériés" adds "PH off".
- `by_appointment` is set whenever the text says "sur rendez-vous"/"sur RDV" (not "sans RDV"), even where
  the rest is unread; no hours are invented for a text that only says "sur rendez-vous".
- `unread` joins the unread parts with " … ", each part a verbatim piece of the text.

Known limits: a day named only in an unread part keeps the hours read for it elsewhere
("Tu-Fr 10:00-19:00; Th 14-18:10-19" reads Th 10:00-19:00); a France Services "Multisites" cell holds the
times of several sites, read as their union.

Measured on every distinct hours string of the real files (the tables of tests/places/test_hours_text.py):
- `horaires` of the five standard JSON files, 566 distinct strings: 554 already valid OSM, kept as they are;
  of the 12 invalid ones, 2 read fully, 9 partly, 1 not at all ("Mo 09:00").
- hub-lo `c_horaire_ouverture`, 116 distinct strings: 63 read fully, 18 partly, 35 not at all. 28 of those 35
  give times without days (the others are not hours: "True", a web address…); hub-lo gives the days in
  another column, `c_jours_semaine`, so `read_week` can read those times for those days.
  `c_autres_horaires` is always empty. The Gironde and Maine-et-Loire files have no hours column: their
  configurations name a `horaires` column that the files do not hold.
- France Services `h_lundi` … `h_samedi`, 916 distinct non-empty cells: all read fully.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from places import hours

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
NOON = 12 * 60


@dataclass(frozen=True)
class HoursReading:
    opening_hours: str  # valid OSM opening_hours, "" when nothing could be read
    unread: str  # the parts of the text that could not be read, verbatim ("" when all was read)
    by_appointment: bool  # the text says "sur rendez-vous", alone or beside hours


# ---- Words -------------------------------------------------------------------------------------------
# Matched on a folded copy of the text (lower case, no accents, one character for one), so that every
# token keeps the position of its original characters: unread parts are cut from the original text.
_FOLD = str.maketrans({"–": "-", "—": "-", "‐": "-", "’": "'", "`": "'", "\t": " ", "\xa0": " ", "\r": " "})
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|septembre|octobre|novembre|decembre"
_RDV = r"(?:rendez[\s-]*vous|rdv)"

_TOKENS = re.compile(
    rf"""
    (?P<school>\b(?:(?:en\s+)?periodes?\s+scolaires?|hors\s+vacances(?:\s+scolaires)?|(?:{_MONTHS}))\b)
    | (?P<vacation>\b(?:vacances?(?:\s+scolaires?)?|(?:d'|l'|en\s+)ete|juillet|aout|estivale?s?)\b)
    | (?P<monthly>\b(?:du|de\s+chaque)\s+mois\b)
    | (?P<holidays>\b(?:les\s+)?(?:jours?\s+)?feries?\b)
    | (?P<filler>\b(?:sans\s+{_RDV}|horaires?\s+d'ouvertures?|jours\s+et\s+heures\s+d'ouvertures?
        |horaires?|ouvertures?|ouverte?s?|accueil\s+du\s+public|au\s+public|en\s+accueil\s+libre
        |acces\s+libre|journee\s+continue|tous\s+les|toutes\s+les|chaque|le|la|les|de|du|des)\b|\b[ld]')
    | (?P<appointment>\b(?:(?:uniquement\s+|seulement\s+)?(?:sur|par|en)\s+{_RDV}|{_RDV})\b)
    | (?P<afternoon>\b(?:apres[\s-]*midis?|aprem)\b)
    | (?P<morning>\bmatin(?:s|ee)?\b)
    | (?P<noon>\bmidi\b)
    | (?P<closed>\b(?:ferme|fermee|fermes|fermees|fermeture|off|sauf)\b)
    | (?P<time>(?P<h1>\d{{1,2}})h(?P<m1>[3-5]\d)h(?![a-z])
        | (?P<h2>\d{{1,2}})\s*:\s*(?P<m2>\d\d)
        | (?P<h3>\d{{1,2}})\s*(?:heures?|h)(?![a-z])(?:\s*(?P<m3>[0-5]\d)(?!\d)(?!\s*(?:heures?|h)(?![a-z])))?)
    | (?P<ordinal>\b\d{{1,2}}\s*(?:ere|er|eme|e|nde|nd)\b)
    | (?P<num>\d+)
    | (?P<day>\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b|(?:lun|mar|mer|jeu|ven|sam|dim)\b\.?))
    | (?P<osm>\b(?:mo|tu|we|th|fr|sa|su|ph)\b)
    | (?P<to>\bjusqu'(?:au|a)\b|\bau\b|\ba(?![^\W\d_])|-(?!-))  # "à12h" too
    | (?P<stop>--+|[;.\n|])
    | (?P<sep>\bet\b|\bpuis\b|[,/+&])
    | (?P<colon>:)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<word>[^\W\d_]+|\S)
    """,
    re.VERBOSE,
)
# Tokens that only join others: never "unread" on their own.
_JOINERS = {"to", "stop", "sep", "colon"}


@dataclass
class _Token:
    kind: str
    value: int | None
    start: int
    end: int
    folded: str  # the matched text, folded: "a" for "à"


def _tokenize(text: str) -> list[_Token]:
    folded = "".join(unicodedata.normalize("NFD", char)[0].lower()[:1] or " " for char in text).translate(
        _FOLD
    )
    tokens = []
    for match in _TOKENS.finditer(folded):
        kind, value, original = match.lastgroup, None, text[match.start() : match.end()]
        if kind == "time":
            hour = int(match["h1"] or match["h2"] or match["h3"])
            minute = int(match["m1"] or match["m2"] or match["m3"] or 0)
            value = hour * 60 + minute
            if hour > 24 or minute > 59 or value > 24 * 60:
                kind, value = "num", None
        elif kind == "noon":
            kind, value = "time", NOON
        elif kind in ("ordinal", "num"):
            value = int(re.match(r"\d+", match.group()).group())
        elif kind == "day":
            value = next(
                number for number, name in enumerate(_WEEKDAYS) if match.group().startswith(name[:3])
            )
        elif kind == "osm":
            # "Mo", "PH": only with OSM's capitals, so that "fr" of a web address or "sa" stay words.
            if original in OSM_DAYS:
                kind, value = "day", OSM_DAYS.index(original)
            elif original == "PH":
                kind = "holidays"
            else:
                kind = "word"
        tokens.append(_Token(kind, value, match.start(), match.end(), match.group()))
    return _hours_without_h(tokens)


def _hours_without_h(tokens: list[_Token]) -> list[_Token]:
    """ "9h-17": a bare number joined by a dash or "à" to a time is an hour."""
    for index, token in enumerate(tokens):
        if token.kind != "num" or token.value > 24:
            continue
        before = tokens[index - 2 : index]
        after = tokens[index + 1 : index + 3]
        if [t.kind for t in before] == ["time", "to"] or [t.kind for t in after] == ["to", "time"]:
            token.kind, token.value = "time", token.value * 60
    return tokens


# ---- Clauses -------------------------------------------------------------------------------------------
@dataclass
class _Clause:
    tokens: list[_Token] = field(default_factory=list)
    parenthetical: bool = False
    after_stop: bool = False  # a new line, ";" or "." came before it: times alone continue the clause before
    qualifier: bool = False  # words right after hours, with nothing between: they qualify those hours
    vacation: bool = False

    def kinds(self) -> set[str]:
        return {token.kind for token in self.tokens}

    def has_content(self) -> bool:
        return any(token.kind not in _JOINERS for token in self.tokens)

    def is_complete(self) -> bool:
        kinds = self.kinds()
        return "time" in kinds or ("closed" in kinds and bool(kinds & {"day", "holidays"}))


def _clauses(tokens: list[_Token]) -> list[_Clause]:
    """Cut the text into clauses, each one days (or none) with their hours, a closing, a heading…"""
    clauses = [_Clause()]
    separated = True  # a joiner stood since the last meaningful token

    def start(**flags) -> _Clause:
        if clauses[-1].tokens:
            clauses.append(_Clause(**flags))
        else:
            for name, flag in flags.items():
                setattr(clauses[-1], name, flag)
        return clauses[-1]

    current = clauses[0]
    for token in tokens:
        kind = token.kind
        if current.vacation and kind != "school":
            current.tokens.append(token)
            continue
        if kind == "vacation":
            if current.is_complete() or current.parenthetical:
                current = start()
            current.vacation = True
        elif kind == "school":
            current = start()
            current.tokens.append(token)
            current = start()
            continue
        elif kind == "open":
            current = start(parenthetical=True)
        elif kind == "close":
            current.tokens.append(token)
            if current.parenthetical:
                current = start()
            separated = True
            continue
        elif kind == "colon" and current.has_content() and not current.kinds() & {"day", "time", "ordinal"}:
            current.tokens.append(token)  # a heading ("EPN :", "Sur RDV :") is a clause of its own
            current = start()
            separated = True
            continue
        elif kind == "stop" and current.is_complete():
            current = start(after_stop=True)
        elif kind in ("day", "ordinal") and current.is_complete():
            current = start()
        elif kind in ("closed", "appointment") and "time" in current.kinds():
            current = start()  # "…, fermé le mardi", "… et sur rendez-vous l'après-midi"
        elif kind in ("word", "num") and current.is_complete():
            current = start(qualifier=not separated)
        current.tokens.append(token)
        if kind in _JOINERS:
            separated = True
        elif kind != "filler":
            separated = False
    return [clause for clause in clauses if clause.tokens]


def _days(tokens: list[_Token]) -> set[int]:
    """ "du lundi au jeudi", "Mo-Fr", "lundi, mardi et jeudi", "lundi-mardi-jeudi" (a list, not a range)."""
    days: set[int] = set()
    index_of_days = [index for index, token in enumerate(tokens) if token.kind == "day"]
    links = []
    for before, after in zip(index_of_days, index_of_days[1:], strict=False):
        between = {token.folded.strip() for token in tokens[before + 1 : after] if token.kind == "to"}
        links.append(
            "range" if between & {"au", "a", "jusqu'au", "jusqu'a"} else "-" if "-" in between else ""
        )
    for position, index in enumerate(index_of_days):
        days.add(tokens[index].value)
        if position < len(links) and links[position]:
            dash_chain = links[position] == "-" and (
                (position > 0 and links[position - 1] == "-")
                or (position + 1 < len(links) and links[position + 1] == "-")
            )
            if not dash_chain:
                first, last = tokens[index].value, tokens[index_of_days[position + 1]].value
                days.update(range(first, last + 1) if first <= last else [])
    return days


@dataclass
class _Reading:
    days: set[int]
    ranges: list[tuple[int, int]] = field(default_factory=list)
    nth: tuple[int, ...] = ()
    closed_part: str = ""  # "all", "morning", "afternoon": what the clause closes on its days
    holidays_off: bool = False


def _ranges(times: list[int]) -> list[tuple[int, int]] | None:
    """Times paired in order: "9h-12h 14h-17h", "10h30-12h-14h-17h", "9h/12h - 14h/17h"."""
    if not times or len(times) % 2:
        return None
    pairs = list(zip(times[::2], times[1::2], strict=True))
    if any(opens >= closes for opens, closes in pairs if (opens, closes) != (0, 0)):
        return None
    return [pair for pair in pairs if pair != (0, 0)]  # "00:00 - 00:00": France Services' empty time


def _read_clause(clause: _Clause, inherited: _Reading | None, cell_day: int | None) -> _Reading | None:
    """What one clause says, or None when it cannot be read. Clauses of filler only read as nothing."""
    kinds = clause.kinds()
    if clause.vacation or kinds & {"word", "num", "school", "vacation"}:
        return None
    days = _days(clause.tokens)
    if cell_day is not None:
        if days:
            return None  # a day's cell holds times only
        if kinds & {"time", "closed"}:
            days = {cell_day}
    nth = tuple(sorted({token.value for token in clause.tokens if token.kind == "ordinal"}))
    if bool(nth) != ("monthly" in kinds) or not all(1 <= number <= 5 for number in nth):
        return None
    if not days and inherited is not None and clause.after_stop and "time" in kinds:
        days, nth = inherited.days, inherited.nth  # "Mercredi : 10h-12h ; 14h-16h"
    part = "morning" if "morning" in kinds else "afternoon" if "afternoon" in kinds else ""
    times = [token.value for token in clause.tokens if token.kind == "time"]
    if "closed" in kinds:
        if (not days and "holidays" not in kinds) or (times and not part) or nth:
            return None
        reading = _Reading(
            days, closed_part=(part or "all") if days else "", holidays_off="holidays" in kinds
        )
        if times:
            reading.ranges = _ranges(times)  # "Mardi : Fermé au public le matin / 13h45 – 17h30"
            if reading.ranges is None:
                return None
        return reading
    if "holidays" in kinds or (part and not times):
        return None
    if not times:
        if nth and not days and clause.parenthetical:
            return _Reading(set(), nth=nth)  # "(2e et 4e du mois)", for the hours before it
        if days or nth:
            return None
        return _Reading(set())  # an appointment, a heading of filler words: nothing to add
    ranges = _ranges(times)
    if ranges is None or not days:
        return None
    return _Reading(days, ranges, nth)


def _read_clauses(clauses: list[_Clause], cell_day: int | None) -> list[_Reading | None]:
    readings: list[_Reading | None] = []
    for clause in clauses:
        previous = readings[-1] if readings else None
        reading = _read_clause(clause, previous if previous and previous.ranges else None, cell_day)
        attaches = (
            previous and previous.ranges and not previous.nth and (clause.parenthetical or clause.qualifier)
        )
        if attaches and reading is None and "appointment" not in clause.kinds():
            readings[-1] = None  # "samedi 10h-12h ( pas ouvert tous les samedi )"
        if reading and reading.nth and not reading.days:
            if attaches:
                previous.nth = reading.nth  # "Samedi 10h-12h (2e et 4e du mois)"
            else:
                reading = None
        readings.append(reading)
    return readings


# ---- The week --------------------------------------------------------------------------------------------
def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for opens, closes in sorted(ranges):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_list(days: list[int]) -> str:
    """Mo-Fr for three days or more in a row, Mo,Tu for two, Mo,We,Fr otherwise."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
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


def _stays_open(opens: int, closing: _Reading) -> bool:
    """A range survives "fermé le matin" when it starts after noon, "fermé l'après-midi" when before."""
    if closing.closed_part == "morning":
        return opens >= NOON
    if closing.closed_part == "afternoon":
        return opens < NOON
    return False


def _week(readings: list[_Reading | None]) -> tuple[str, set[int]]:
    """The OSM rule of the readings, and the indexes of readings left out (closings with nothing to close)."""
    week: dict[tuple[int, tuple[int, ...]], list[tuple[int, int]]] = {}
    for reading in readings:
        if reading and reading.ranges:
            for day in reading.days:
                week.setdefault((day, reading.nth), []).extend(reading.ranges)
    for reading in readings:
        if reading and reading.closed_part:
            for (day, _nth), ranges in week.items():
                if day in reading.days:
                    ranges[:] = [(opens, closes) for opens, closes in ranges if _stays_open(opens, reading)]
    # OSM lets "Sa[2] …" replace "Sa …" on the second Saturday; the text meant both, so both are written.
    for (day, nth), ranges in week.items():
        if nth:
            ranges.extend(week.get((day, ()), []))
    week = {key: _merge(ranges) for key, ranges in week.items() if ranges}
    if not week:
        left_out = {index for index, reading in enumerate(readings) if reading and reading.closed_part}
        left_out |= {index for index, reading in enumerate(readings) if reading and reading.holidays_off}
        return "", left_out
    by_schedule: dict[tuple, list[int]] = {}
    nth_rules = []
    for (day, nth), ranges in week.items():
        times = ",".join(f"{_clock(opens)}-{_clock(closes)}" for opens, closes in ranges)
        if nth:
            nth_rules.append((day, f"{OSM_DAYS[day]}[{','.join(map(str, nth))}] {times}"))
        else:
            by_schedule.setdefault(times, []).append(day)
    rules = [(min(days), f"{_day_list(days)} {times}") for times, days in by_schedule.items()]
    rules = [rule for _first, rule in sorted(rules + nth_rules)]
    if any(reading and reading.holidays_off for reading in readings):
        rules.append("PH off")
    return "; ".join(rules), set()


# ---- Reading ---------------------------------------------------------------------------------------------
def _unread_parts(text: str, clauses: list[_Clause], unread: list[bool]) -> list[str]:
    """Verbatim slices of the text covering the unread clauses, joiners between them included."""
    marks: list[tuple[_Token, bool]] = []
    for clause, is_unread in zip(clauses, unread, strict=True):
        marks.extend((token, is_unread) for token in clause.tokens if token.kind not in _JOINERS)
    parts, first, last = [], None, None
    for token, is_unread in [*marks, (None, False)]:
        if is_unread:
            first = token if first is None else first
            last = token
        elif first is not None:
            parts.append(text[first.start : last.end].strip())
            first = None
    return parts


def _reading(text: str, cell_day: int | None = None) -> tuple[list[_Reading | None], list[str], bool]:
    """The clauses read (None where unread), the unread parts, and whether it says "sur rendez-vous"."""
    tokens = _tokenize(text)
    clauses = _clauses(tokens)
    readings = _read_clauses(clauses, cell_day)
    # A day's cell that says "fermé" is read; a text whose only news is a closing says nothing we can use.
    left_out = _week(readings)[1] if cell_day is None else set()
    unread = [reading is None or index in left_out for index, reading in enumerate(readings)]
    by_appointment = any(token.kind == "appointment" for token in tokens)
    return readings, _unread_parts(text, clauses, unread), by_appointment


def _result(
    readings: list[_Reading | None], unread: list[str], by_appointment: bool, texts: list[str]
) -> HoursReading:
    rule, _left_out = _week(readings)
    if rule and not hours.is_valid(rule):
        # Never hand out an invalid rule (none is known to come out): the whole text is then unread.
        return HoursReading("", " … ".join(text for text in texts if text), by_appointment)
    return HoursReading(rule, " … ".join(unread), by_appointment)


_FRENCH_TIMES_ONLY = re.compile(r"[\d:/ -]*\d\s+[-/]\s+\d[\d:/ -]*")


def read_hours(text: str) -> HoursReading:
    """Free text in French (or an OSM rule already: returned as it is when hours.is_valid says so)."""
    text = text.strip()
    if hours.is_valid(text) and not _FRENCH_TIMES_ONLY.fullmatch(text):
        return HoursReading(text, "", False)
    readings, unread, by_appointment = _reading(text)
    return _result(readings, unread, by_appointment, [text])


def read_week(days: dict[int, str]) -> HoursReading:
    """Per-day columns: {0: "09:00 - 12:00 / 13:30 - 17:00", 1: "", ..., 5: "Fermé"}, 0 = Monday.

    Each day's cell is read with the same rules as read_hours, times only; empty or "fermé" is closed.
    """
    all_readings: list[_Reading | None] = []
    all_unread: list[str] = []
    by_appointment = False
    for day, cell in sorted(days.items()):
        readings, unread, cell_by_appointment = _reading(cell.strip(), cell_day=day)
        all_readings.extend(reading for reading in readings if reading)
        # The same text given for several days (hub-lo's days and hours) is reported once.
        all_unread.extend(part for part in unread if part not in all_unread)
        by_appointment = by_appointment or cell_by_appointment
    return _result(all_readings, all_unread, by_appointment, [cell.strip() for cell in days.values()])
