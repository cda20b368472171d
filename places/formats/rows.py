"""Turn a raw row of any generation of the national standard into a canonical v1 row.

A canonical row maps v1 column names to: a stripped string (single-valued columns), a list of strings
(courriels, site_web, autres_formations_labels) or a list of vocabulary slugs (typologie, services…).
What was translated or dropped on the way is recorded as notes, so the import report can explain it.
"""

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from places import standard, vocabularies
from places.formats import headers, legacy
from places.text import normalize
from places.vocabularies import Vocabulary


@dataclass
class Note:
    column: str
    message: str


@dataclass
class Row:
    number: int  # 1-based position of the record in the file
    fields: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def note(self, column: str, message: str | None) -> None:
        if message:
            self.notes.append(Note(column, message))


_NORMALISED_LABELS = {
    vocabulary: {
        **{normalize(label): value for value, label in choices.choices},
        **{normalize(value): value for value in choices.values},
    }
    for vocabulary, choices in vocabularies.CHOICES_OF.items()
}
_LIST_SPLIT = re.compile(r"\s*[|;]\s*")


def split_values(raw: Any) -> list[str]:
    """Values of a multi-valued cell: a JSON list, or text joined by `|` (v1) or `;` (v0)."""
    if raw is None:
        return []
    if isinstance(raw, list):
        items = [str(item) for item in raw]
    else:
        text = str(raw)
        items = text.split("|") if "|" in text else text.split(";")
    return [item.strip() for item in items if item.strip()]


@functools.lru_cache(maxsize=8192)  # a file writes the same few labels on every row
def lookup(vocabulary: str, text: str) -> tuple[str, ...] | None:
    """Slugs for one written value: the v1 label or slug, an old v0 label, or None if unknown."""
    slugs = _lookup(vocabulary, text)
    return None if slugs is None else tuple(slugs)


def _lookup(vocabulary: str, text: str) -> list[str] | None:
    key = normalize(text)
    if key in _NORMALISED_LABELS[vocabulary]:
        return [_NORMALISED_LABELS[vocabulary][key]]
    if vocabulary == Vocabulary.TYPOLOGIE and text.strip().upper() in legacy.TYPOLOGIE_RENAMED:
        return [legacy.TYPOLOGIE_RENAMED[text.strip().upper()]]
    old = legacy.OLD_VALUES.get(vocabulary, {})
    if key in old:
        return old[key]
    # v0 long labels: "Gratuit : Je peux accéder gratuitement au lieu…", "Seul : j'ai accès…"
    short = normalize(text.split(" : ", 1)[0])
    if short in _NORMALISED_LABELS[vocabulary]:
        return [_NORMALISED_LABELS[vocabulary][short]]
    return old.get(short)


def read_vocabulary(vocabulary: str, raw: Any) -> tuple[list[str], list[str]]:
    """(slugs, unknown written values) for a cell of a vocabulary column."""
    found: list[str] = []
    unknown: list[str] = []
    for item in split_values(raw):
        slugs = lookup(vocabulary, item)
        if slugs is None and ", " in item:
            # The 2022 Conseillers numériques exports join services with ", ".
            pieces = [lookup(vocabulary, piece) for piece in item.split(", ")]
            if all(pieces):
                slugs = [slug for piece in pieces for slug in piece]
        if slugs is None:
            unknown.append(item)
        else:
            found.extend(slug for slug in slugs if slug not in found)
    return found, unknown


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def canonical_row(raw: dict[str, Any], number: int) -> Row:
    row = Row(number=number)
    split_cells: list[tuple[str, Any]] = []
    # Headers read as values are (headers.py); a v1 column given with a value wins over its older names.
    given = {
        headers.column(header): value
        for header, value in raw.items()
        if headers.key(header) not in headers.LEGACY_KEYS and value not in (None, "")
    }
    for header, value in raw.items():
        column = headers.column(header)
        if column is None:
            if value not in (None, ""):
                row.unknown_columns.append(str(header or "").strip())
            continue
        if headers.key(header) in headers.LEGACY_KEYS and column in given:
            continue  # the v1 column is there too and wins
        if column in legacy.SPLIT_COLUMNS:
            split_cells.append((column, value))
        elif column in standard.TAG_COLUMNS:
            _read_tags(row, column, value)
        elif column in standard.LIST_ATTRIBUTES:
            row.fields[column] = [item for item in _LIST_SPLIT.split(_text(value)) if item]
        elif column in standard.COLUMNS and (column not in row.fields or value not in (None, "")):
            # Two headers for one column (Adresse, adresse): the one with a value wins.
            row.fields[column] = value if column in ("latitude", "longitude") else _text(value)
    for column, value in split_cells:
        _read_split_column(row, column, value)
    return row


def _read_tags(row: Row, column: str, value: Any) -> None:
    slugs, unknown = read_vocabulary(column, value)
    existing = row.fields.setdefault(column, [])
    existing.extend(slug for slug in slugs if slug not in existing)
    for item in unknown:
        if normalize(item) not in legacy.MEANS_EVERYONE:
            row.note(column, f"valeur inconnue du standard ignorée : « {item} »")


def _read_split_column(row: Row, column: str, value: Any) -> None:
    """publics_accueillis → publics + prise en charge; labels_nationaux → dispositifs + formations."""
    targets = legacy.SPLIT_TARGETS[column]
    for item in split_values(value):
        placed = False
        for vocabulary in targets:
            slugs = lookup(vocabulary, item)
            if slugs:
                existing = row.fields.setdefault(vocabulary, [])
                existing.extend(slug for slug in slugs if slug not in existing)
                placed = True
                break
        if placed or normalize(item) in legacy.MEANS_EVERYONE:
            continue
        if column == "labels_nationaux":
            # A label v1 has no value for (APTIC, French Tech…) is kept as a free label, not lost.
            others = row.fields.setdefault("autres_formations_labels", [])
            if item not in others:
                others.append(item)
            row.note(
                column,
                f"label « {item} » sans équivalent dans le standard v1 : gardé dans autres_formations_labels",
            )
        else:
            row.note(column, f"valeur inconnue ignorée : « {item} »")
