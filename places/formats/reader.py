"""Read the records of a file in the national standard, whatever its shape.

CSV (comma, semicolon or tab separated; UTF-8 with or without BOM, else Windows-1252) is streamed row by
row. JSON may be an array of records, an object holding such an array (`{"data": [...]}`), or a GeoJSON
FeatureCollection whose properties are records (coordinates then come from the geometry when absent).
"""

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class UnreadableFile(Exception):
    """The file is not CSV or JSON we can read; the message says why, in French for the report."""


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as handle:
        head = handle.read(4096)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"[", b"{"):
        yield from _read_json(path)
    else:
        yield from _read_csv(path, head)


def count_records(path: Path) -> int | None:
    """A cheap record count for the progress bar (CSV: lines minus header; JSON: None, read whole anyway)."""
    with open(path, "rb") as handle:
        head = handle.read(1).lstrip(b"\xef")
        if head in (b"[", b"{"):
            return None
        handle.seek(0)
        return max(0, sum(1 for _ in handle) - 1)


def _read_json(path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(f"JSON illisible : {error}") from None
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            yield from (_feature_record(feature) for feature in data.get("features", []))
            return
        arrays = [value for value in data.values() if isinstance(value, list)]
        if len(arrays) != 1:
            raise UnreadableFile(
                "JSON : attendu un tableau d'objets (ou un objet contenant un seul tableau)."
            )
        data = arrays[0]
    if not isinstance(data, list):
        raise UnreadableFile("JSON : attendu un tableau d'objets.")
    for item in data:
        yield item if isinstance(item, dict) else {"__invalid__": item}


def _feature_record(feature: dict) -> dict[str, Any]:
    record = dict(feature.get("properties") or {})
    geometry = feature.get("geometry") or {}
    if geometry.get("type") == "Point" and record.get("latitude") in (None, ""):
        longitude, latitude = geometry["coordinates"][:2]
        record["latitude"], record["longitude"] = latitude, longitude
    return record


def _read_csv(path: Path, head: bytes) -> Iterator[dict[str, Any]]:
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        if error.start < len(head) - 3:
            encoding = "cp1252"
    sample = head.decode(encoding, errors="ignore")
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max(",;\t", key=first_line.count)
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        if not reader.fieldnames:
            raise UnreadableFile("CSV vide : pas de ligne d'en-tête.")
        for record in reader:
            record.pop(None, None)  # cells beyond the header: reported by the row checks as missing columns
            yield record
