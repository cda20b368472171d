"""Mapping profiles: how a file that is not in the standard's format (a national list, a département's
spreadsheet) becomes records of the standard, column by column and term by term.

The format is the one of ANCT's own transformer (mednum-cli `assets/input/<source>/<source>.config.json`),
accepted as it is, so that its configurations of real sources import in one step:

- `"nom": {"colonne": "Lieu"}` — the value of a column ("geolocalisation.lat" reaches into an object);
- `"adresse": {"joindre": {"colonnes": ["N°", "ADRESSE"], "séparateur": " "}}` — columns joined;
- `"services": [{"colonnes": [...], "termes": [...], "sauf": [...], "cible": "Aide aux démarches administratives"}]`
  — the value `cible` when one of the columns contains one of the terms (case and accents aside) and none of
  the `sauf` terms; without `termes`, when the column has a value; without `colonnes`, always; for every
  multi-valued field of the standard, and for `itinerance`;
- `"horaires": {"osm": "col"}`, `{"semaine": "col"}` (hours in words) or `{"jours": [{"colonne": "h_lundi",
  "osm": "Mo"}, …]}` (a column per day).

Two additions of ours, for what a national list needs and mednum-cli does with code: `{"valeur": "…"}`, the same
value for every row of a single-valued field; and `"soutien"`, the programme a row's place is supported by (see `Support`). Without an `id`
mapping, a row's id is the digest of its name, address and postcode: stable from one import to the next while
those do not change.

Profiles shipped with the project are in places/data/profiles/ (`--profile france-services`).
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from places import hours_text, standard
from places.formats import headers
from places.import_checks import hours_text_note as hours_note
from places.text import normalize

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "profiles"
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


class ProfileError(Exception):
    """A profile that cannot be read or does not fit the file; the message says why, in French."""


@dataclass
class Extras:
    """What a profile gives beyond the standard's columns."""

    hours_note: str = ""
    supports: list[dict] = field(default_factory=list)  # {"programme": slug, "status": …, "starts_on": date}


@dataclass
class Profile:
    name: str
    mapping: dict[str, Any]
    title: str = ""  # what the files it reads are, for a message ("la liste nationale des France Services")

    @property
    def columns(self) -> set[str]:
        """The columns the profile reads (to recognise a file it fits)."""
        found: set[str] = set()

        def walk(node):
            if isinstance(node, dict):
                for name, value in node.items():
                    if name in ("colonne", "osm", "semaine") and isinstance(value, str) and value:
                        found.add(value)
                    elif name == "colonnes" and isinstance(value, list):
                        found.update(str(column) for column in value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk({key: value for key, value in self.mapping.items() if not key.startswith("_")})
        return found

    def read(self, raw: dict[str, Any]) -> tuple[dict[str, Any], Extras]:
        """A record of the standard's columns from a row of the file, and what goes beyond them."""
        record: dict[str, Any] = {}
        extras = Extras()
        for column, rule in self.mapping.items():
            if column.startswith("_") or column == "soutien":
                continue
            if column == "horaires":
                reading = _hours(rule, raw)
                record["horaires"] = reading.opening_hours
                extras.hours_note = hours_note(reading)
            elif isinstance(rule, list):
                values = _terms(rule, raw)
                if column in standard.TAG_COLUMNS:
                    record[column] = values
                else:  # a free list (joined as the standard joins it) or a text
                    record[column] = ("|" if column in standard.LIST_ATTRIBUTES else " ").join(values)
            elif isinstance(rule, dict):
                record[column] = _value(rule, raw)
        if not record.get("id"):
            key = "|".join(
                normalize(str(record.get(c) or "")) for c in ("nom", "adresse", "code_postal", "commune")
            )
            record["id"] = hashlib.sha256(key.encode()).hexdigest()[:16]
        if "soutien" in self.mapping:
            extras.supports = [_support(rule, raw) for rule in _as_list(self.mapping["soutien"])]
        return record, extras


def load(name_or_path: str) -> Profile:
    """A shipped profile by its name, or a profile file (mednum-cli configuration or ours)."""
    path = Path(name_or_path)
    if not path.is_file():
        path = SHIPPED / f"{name_or_path}.json"
    if not path.is_file():
        raise ProfileError(
            f"profil « {name_or_path} » introuvable : donnez le chemin d'un fichier de correspondance "
            f"(format mednum-cli) ou l'un des profils fournis : {', '.join(shipped()) or 'aucun'}."
        )
    try:
        mapping = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProfileError(f"profil {path.name} illisible : {error}") from None
    if not isinstance(mapping, dict):
        raise ProfileError(f"profil {path.name} : attendu un objet JSON qui associe les champs du standard.")
    unknown = [
        key for key in mapping if not key.startswith("_") and key not in (*standard.COLUMNS, "soutien")
    ]
    if unknown:
        raise ProfileError(f"profil {path.name} : champs inconnus du standard : {', '.join(unknown)}.")
    name = path.name.removesuffix(".json").removesuffix(".config")
    return Profile(name, mapping, mapping.get("_titre", name))


def shipped() -> list[str]:
    return sorted(path.stem for path in SHIPPED.glob("*.json"))


def recognise(columns: set[str]) -> Profile | None:
    """The shipped profile that reads most of these columns, when it reads at least three quarters of them."""
    best, share = None, 0.0
    for name in shipped():
        profile = load(name)
        wanted = profile.columns
        if wanted and len(wanted & columns) / len(wanted) > share:
            best, share = profile, len(wanted & columns) / len(wanted)
    return best if share >= 0.75 else None


def is_standard(columns: set[str]) -> bool:
    """Do these headers name the standard's columns (or an earlier version's)? At least its name, its address
    and where it is: a place cannot be read without them."""
    known = {headers.column(column) for column in columns}
    return {"nom", "adresse"} <= known and bool(known & {"commune", "code_postal", "code_insee"})


# --- Reading a row ---------------------------------------------------------------------------------------


def _cell(raw: dict[str, Any], column: str) -> Any:
    """A column's value; "geolocalisation.lat" reaches into an object (when no column is named so: "Coord. X")."""
    if column in raw:
        return raw[column]
    value: Any = raw
    for part in str(column).split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    return str(value).strip()


def _value(rule: dict[str, Any], raw: dict[str, Any]) -> Any:
    if "valeur" in rule:
        return rule["valeur"]
    if "joindre" in rule:
        join = rule["joindre"]
        parts = [_text(_cell(raw, column)) for column in join.get("colonnes", [])]
        return join.get("séparateur", " ").join(part for part in parts if part)
    if rule.get("colonne"):
        value = _cell(raw, rule["colonne"])
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else _text(value)
    return ""


def _terms(rules: list[dict[str, Any]], raw: dict[str, Any]) -> list[str]:
    """The `cible` of every rule that applies, as mednum-cli reads them: a rule without `colonnes` always
    applies; without `termes`, when one of its columns has a value; else when one of its columns contains one of
    the terms (case and accents aside, as a part of the text) and none of the `sauf` terms."""
    found: list[str] = []
    for rule in rules:
        target = rule.get("cible", "")
        if "colonnes" in rule and not any(
            _applies(rule, _text(_cell(raw, column))) for column in rule["colonnes"]
        ):
            continue
        if target and target not in found:
            found.append(target)
    return found


def _applies(rule: dict[str, Any], value: str) -> bool:
    text = normalize(value)
    if "termes" not in rule:
        return bool(text)
    if not any(normalize(term) in text for term in rule["termes"] if normalize(term)):
        return False
    return not any(normalize(term) in text for term in rule.get("sauf", []) if normalize(term))


def _hours(rule: dict[str, Any], raw: dict[str, Any]) -> hours_text.HoursReading:
    if "jours" in rule:
        days = {DAYS.index(day["osm"]): _text(_cell(raw, day["colonne"])) for day in rule["jours"]}
        return hours_text.read_week(days)
    column = rule.get("osm") or rule.get("semaine") or rule.get("colonne") or ""
    return hours_text.read_hours(_text(_cell(raw, column)) if column else "")


def _as_list(rule) -> list[dict]:
    return rule if isinstance(rule, list) else [rule]


_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")


def _support(rule: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """{"programme": slug, "status": …, "starts_on": date | None} from `"soutien": {"programme": …,
    "statut": …, "debut": {"colonne": …}}` (a date read in the column's text)."""
    starts_on = None
    if "debut" in rule:
        found = _DATE.search(_text(_value(rule["debut"], raw)))
        if found:
            day, month, year = (found[1], found[2], found[3]) if found[1] else (found[6], found[5], found[4])
            try:
                starts_on = date(int(year), int(month), int(day))
            except ValueError:
                starts_on = None
    return {"programme": rule["programme"], "status": rule.get("statut", "labelled"), "starts_on": starts_on}
