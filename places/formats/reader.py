"""Read the records of a file in the national standard, whatever its shape.

CSV (comma, semicolon or tab separated; UTF-8 with or without BOM, UTF-16, else Windows-1252) is streamed row by
row. JSON may be an array of records, an object holding such an array (`{"data": [...]}`), or a GeoJSON
FeatureCollection whose properties are records (coordinates then come from the geometry when absent).

Everything that can condemn the file as a whole is checked when `read_records` is called, before the first
record is given, so that the importer never writes half a file: not text (an image, a spreadsheet), an encoding
that fails somewhere (the whole file is decoded first), JSON that does not parse, no records. What condemns one
record only (an element that is not an object, a cell too long to be a value, a NUL character, a last line
cut short) comes as an `Invalid` in its place: the importer rejects that row and imports the others.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from places.formats import headers, sniff

HEAD_SIZE = 65536
# The longest value of the real files is a 2,420-character presentation; a place's longest text, its detailed
# presentation, is a few pages at most. A longer cell is not a value: a file glued into a cell, a lost quote.
MAX_CELL = 20_000
# PostgreSQL refuses NUL in text, and a lone surrogate (a JSON escape "\ud800") cannot be written as UTF-8 by
# any database: rows holding either are rejected, as the API refuses them, the same on every database.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class UnreadableFile(Exception):
    """The file is not CSV or JSON we can read; the message says why, in French for the report."""


@dataclass
class Invalid:
    """A record that cannot be a place, in its place in the file: rejected with this message."""

    message: str
    id: str = ""


class Record(dict):
    """A record, and what reading it noted (column, message) for the report: a geometry that gave no point."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.notes: list[tuple[str, str]] = []


def read_records(path: Path, notes: list[str] | None = None) -> Iterator[dict[str, Any] | Invalid]:
    """The records of a file, after every check of the file as a whole; `notes` receives what the report
    should say about the file itself (an encoding other than UTF-8). Raises UnreadableFile."""
    path = Path(path)
    notes = [] if notes is None else notes
    with open(path, "rb") as handle:
        head = handle.read(HEAD_SIZE)
    encoding = sniff.encoding_of_head(head)
    text_head = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    if not text_head and len(head) < HEAD_SIZE:
        raise UnreadableFile(f"le fichier est vide : aucun lieu à importer. {sniff.ACCEPTED}")
    try:
        sniff.refuse_binary(head, encoding, text_head)
        if text_head[:1] in ("[", "{"):
            return _read_json(path, encoding, notes)
        return _read_csv(path, head, encoding, notes)
    except sniff.NotText as error:
        raise UnreadableFile(str(error)) from None


def count_records(path: Path) -> int | None:
    """A cheap record count for the progress bar (CSV: lines minus header; JSON: None, read whole anyway)."""
    with open(path, "rb") as handle:
        head = handle.read(1).lstrip(b"\xef")
        if head in (b"[", b"{"):
            return None
        handle.seek(0)
        return max(0, sum(1 for _ in handle) - 1)


# --- JSON ---------------------------------------------------------------------------------------------------


def _read_json(path: Path, encoding: str, notes: list[str]) -> Iterator[dict[str, Any] | Invalid]:
    raw = path.read_bytes()
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        found = sniff.analyse(path, encoding)
        text = raw.decode(found.name, errors=found.errors)
        if found.note:
            notes.append(found.note)
    del raw
    try:
        # strict=False: tabs and line breaks written raw inside strings, as some tools do, are still text.
        data = json.loads(text.lstrip("\ufeff"), strict=False)
    except RecursionError:
        raise UnreadableFile(
            f"JSON imbriqué sur des milliers de niveaux : ce n'est pas un fichier de lieux. {sniff.ACCEPTED}"
        ) from None
    except json.JSONDecodeError as error:
        cut = " (le fichier semble tronqué)" if error.pos >= len(text.rstrip()) else ""
        raise UnreadableFile(
            f"JSON illisible ligne {error.lineno}, colonne {error.colno}{cut} : {error.msg}. Rien n'a été importé."
        ) from None
    except ValueError as error:  # an integer of thousands of digits
        raise UnreadableFile(f"JSON illisible : {error}. Rien n'a été importé.") from None
    items, read = _json_items(data)
    if not items:
        raise UnreadableFile("le fichier ne contient aucun lieu (tableau vide).")
    suspicious = "\x00" in text or "\\u0000" in text or bool(_SURROGATE_ESCAPE.search(text))
    del text
    return (_checked(read(item, number), suspicious) for number, item in enumerate(items, start=1))


def _json_items(data: Any) -> tuple[list, Any]:
    """The array of records of a JSON document, and how to read one of its items."""
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            features = data.get("features")
            if not isinstance(features, list):
                raise UnreadableFile(
                    f"GeoJSON : « features » devrait être un tableau d'éléments (Feature), pas {_kind(features)}."
                )
            return features, _feature_record
        if data.get("type") == "Feature":
            return [data], _feature_record
        arrays = [value for value in data.values() if isinstance(value, list)]
        if len(arrays) != 1:
            keys = ", ".join(f"« {key} »" for key in list(data)[:10]) or "aucune clé"
            raise UnreadableFile(
                "JSON : attendu un tableau d'objets (ou un objet contenant un seul tableau) ; cet objet contient "
                f"{keys}, et {len(arrays)} tableaux. {sniff.ACCEPTED}"
            )
        data = arrays[0]
    if not isinstance(data, list):
        raise UnreadableFile(f"JSON : attendu un tableau d'objets, pas {_kind(data)}. {sniff.ACCEPTED}")
    return data, _object_record


def _object_record(item: Any, number: int) -> dict[str, Any] | Invalid:
    if isinstance(item, dict):
        return item
    return Invalid(f"élément n° {number} du tableau : {_kind(item)}, pas un objet JSON")


def _feature_record(feature: Any, number: int) -> dict[str, Any] | Invalid:
    if not isinstance(feature, dict):
        return Invalid(
            f"élément n° {number} de « features » : {_kind(feature)}, pas un objet GeoJSON (Feature)"
        )
    properties = feature.get("properties")
    if not isinstance(properties, dict | None):
        return Invalid(f"élément n° {number} de « features » : ses « properties » sont {_kind(properties)}")
    record = Record(properties or {})
    if record.get("latitude") in (None, ""):
        point, note = _point(feature.get("geometry"))
        if point:
            record["longitude"], record["latitude"] = point
        if note:
            record.notes.append(("latitude", note))
    return record


def _point(geometry: Any) -> tuple[tuple[float, float] | None, str | None]:
    """(longitude, latitude) of a Point geometry, or what is wrong with it. No geometry is no note: a place
    without coordinates follows the usual rule (its commune's centre, flagged approximate)."""
    if geometry is None:
        return None, None
    if not isinstance(geometry, dict):
        return None, f"géométrie illisible ({_kind(geometry)}) : coordonnées ignorées"
    if geometry.get("type") != "Point":
        return (
            None,
            f"géométrie « {_kind(geometry.get('type'))} » au lieu d'un point (Point) : coordonnées ignorées",
        )
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None, f"point sans coordonnées ({_kind(coordinates)}) : coordonnées ignorées"
    longitude, latitude = coordinates[:2]
    if not all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in (longitude, latitude)
    ):
        return (
            None,
            f"coordonnées du point « {_kind(longitude)}, {_kind(latitude)} » non numériques : ignorées",
        )
    return (longitude, latitude), None  # out of range: check_coordinates says so, as for any other row


def _kind(value: Any) -> str:
    """A JSON value shown short in a message: never a whole object (it may be huge or deeply nested)."""
    if isinstance(value, dict):
        return "un objet"
    if isinstance(value, list):
        return "un tableau"
    if value is None:
        return "null"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _checked(record: dict[str, Any] | Invalid, suspicious: bool) -> dict[str, Any] | Invalid:
    """The record, or an Invalid for a cell too long or text no database can store (NUL, lone surrogate)."""
    if isinstance(record, Invalid):
        return record
    origin_id = str(record.get("id") or "")[:255]
    for column, value in record.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            return Invalid(_too_long(column, len(value)), origin_id)
    if suspicious:
        problem = _unstorable(record)
        if problem:
            return Invalid(problem, origin_id.replace("\x00", ""))
    return record


def _unstorable(record: dict[str, Any]) -> str | None:
    """Why a record's text cannot be stored, if it cannot; walked without recursion (any depth)."""
    stack: list[tuple[str, Any]] = [(str(key), value) for key, value in record.items()]
    stack += [(str(key), key) for key in record]
    while stack:
        column, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((column, item) for item in value.values())
            stack.extend((column, key) for key in value)
        elif isinstance(value, list):
            stack.extend((column, item) for item in value)
        elif isinstance(value, str):
            if "\x00" in value:
                return _nul(column)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"colonne « {column.replace(chr(0), '')} » : caractère invalide (moitié de paire UTF-16) : ligne rejetée"
    return None


def _nul(column: str) -> str:
    return (
        f"colonne « {column.replace(chr(0), '')} » : caractère nul (NUL, octet 0), qu'aucun texte ne contient : "
        "ligne rejetée"
    )


def _too_long(column: str, length: int) -> str:
    return (
        f"colonne « {column} » : {length} caractères, plus que les {MAX_CELL} qu'une valeur peut avoir "
        "(un fichier collé dans une cellule, un guillemet mal placé ?) : ligne rejetée"
    )


# --- CSV ----------------------------------------------------------------------------------------------------


@dataclass
class _Survey:
    """A first pass over a CSV file: it decodes, its header, and which records are rejected and why."""

    header: list[str]
    rejected: dict[int, str] = field(default_factory=dict)
    id_index: int | None = None


def _read_csv(path: Path, head: bytes, encoding: str, notes: list[str]) -> Iterator[dict[str, Any] | Invalid]:
    sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max(",;\t", key=first_line.count)
    found = sniff.Encoding(encoding)
    with _field_limit(path):
        try:
            survey = _survey(path, found, delimiter)
        except UnicodeDecodeError:
            found = sniff.analyse(path, encoding)
            survey = _survey(path, found, delimiter)
    if found.note:
        notes.append(found.note)
    return _csv_records(path, found, delimiter, survey)


@contextmanager
def _field_limit(path: Path):
    """csv refuses fields over 128 kB with an error that stops the file; no field is longer than the file:
    cells too long are rejected with their row instead (MAX_CELL)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, path.stat().st_size + 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _open(path: Path, encoding: sniff.Encoding):
    return open(path, encoding=encoding.name, errors=encoding.errors, newline="")


def _survey(path: Path, encoding: sniff.Encoding, delimiter: str) -> _Survey:
    nul = encoding.nul_possible or _holds_nul(path)
    box: list[list[str]] = [[]]  # the physical lines of the record being read
    with _open(path, encoding) as handle:
        reader = csv.reader(_lines(handle, box), delimiter=delimiter)
        try:
            header = next(reader, None)
            if not header or not any(cell.strip() for cell in header):
                raise UnreadableFile(f"CSV vide : pas de ligne d'en-tête. {sniff.ACCEPTED}")
            survey = _Survey(header)
            survey.id_index = next((i for i, cell in enumerate(header) if headers.column(cell) == "id"), None)
            number, last, lines = 0, None, []
            box[0] = []
            for row in reader:
                lines, box[0] = box[0], []
                if not row:
                    continue  # a blank line, skipped as csv.DictReader does
                number += 1
                last = row
                longest = max(map(len, row))
                if longest > MAX_CELL:
                    column = next(i for i, cell in enumerate(row) if len(cell) == longest)
                    survey.rejected[number] = _too_long(_header(header, column), longest)
                elif nul and any("\x00" in cell for cell in row):
                    column = next(i for i, cell in enumerate(row) if "\x00" in cell)
                    survey.rejected[number] = _nul(_header(header, column))
        except csv.Error as error:
            raise UnreadableFile(
                f"CSV illisible ligne {reader.line_num} : {error}. Rien n'a été importé."
            ) from None
    if number == 0:
        raise UnreadableFile("le fichier ne contient que sa ligne d'en-tête : aucun lieu à importer.")
    cut = _truncated(last, lines, len(header), delimiter, encoding)
    if cut:
        survey.rejected[number] = cut
    return survey


def _lines(handle, box: list[list[str]]) -> Iterator[str]:
    for line in handle:
        box[0].append(line)
        yield line


def _holds_nul(path: Path) -> bool:
    with open(path, "rb") as handle:
        return any(b"\x00" in chunk for chunk in iter(lambda: handle.read(1 << 20), b""))


def _header(header: list[str], index: int) -> str:
    return header[index] if index < len(header) else f"n° {index + 1}"


def _truncated(
    row: list[str], lines: list[str], width: int, delimiter: str, encoding: sniff.Encoding
) -> str | None:
    """Why the last record looks cut short (a file copied or downloaded in part), if it does."""
    if encoding.cut_at_end:
        return "dernière ligne coupée au milieu d'un caractère : le fichier semble tronqué, ligne rejetée"
    raw = "".join(lines)
    if _ends_inside_quotes(raw, delimiter):
        what = (
            f"la ligne et les {len(lines) - 1} suivantes ne forment"
            if len(lines) > 2
            else "la ligne ne forme"
        )
        return (
            f"guillemet ouvert jamais refermé : {what} qu'une cellule, le fichier semble tronqué ou mal formé ; "
            "ligne rejetée"
        )
    if len(row) < width and not raw.endswith(("\n", "\r")):
        return (
            f"dernière ligne coupée : {len(row)} cellules pour {width} colonnes et pas de fin de ligne, le fichier "
            "semble tronqué ; ligne rejetée"
        )
    return None


def _ends_inside_quotes(raw: str, delimiter: str) -> bool:
    try:
        for _ in csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _csv_records(
    path: Path, encoding: sniff.Encoding, delimiter: str, survey: _Survey
) -> Iterator[dict[str, Any] | Invalid]:
    header, rejected, id_index = survey.header, survey.rejected, survey.id_index
    width = len(header)
    with _field_limit(path), _open(path, encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        number = 0
        for row in reader:
            if not row:
                continue
            number += 1
            if number in rejected:
                origin_id = row[id_index] if id_index is not None and id_index < len(row) else ""
                yield Invalid(rejected[number], origin_id[:255].replace("\x00", ""))
                continue
            record = dict(zip(header, row, strict=False))  # cells beyond the header are dropped
            if len(row) < width:
                record.update(dict.fromkeys(header[len(row) :]))  # as csv.DictReader: missing cells are None
            yield record
