"""Write places in the national standard v1.0.2: CSV (exactly as the schema), JSON, and the records the
GeoJSON writer and the API reuse.

CSV: the 32 columns in schema order, `|` between values, UTF-8, comma-separated, every field present.
Each stop of an itinerant place is one more record (id `<place id>--arret-<n>`), as the national
pipeline publishes buses: consumers who know nothing of stops still find every stop.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from places import standard, vocabularies
from places.models import Place
from places.vocabularies import Vocabulary

STOP_ID_SEPARATOR = "--arret-"

# Vocabularies the standard writes as codes: typologie ("MUNI|ASSO", data·inclusion's codes), not labels.
# ANCT's library — the national pipeline — refuses labels there (docs/data.md).
CODED = {Vocabulary.TYPOLOGIE}


def commune_written(name: str) -> str:
    """A commune's name as ANCT's library accepts it: letters, digits, hyphens, apostrophes and spaces only.
    A few official names hold parentheses ("Château-Chinon (Ville)"): written "Château-Chinon Ville"."""
    return " ".join(name.replace("(", " ").replace(")", " ").split())


def address_written(address: str) -> str:
    """An address as ANCT's library accepts it: it refuses double quotes and guillemets, which sources use
    around a building's name (7-11 rue Joseph Brunet "le cerisier"); the words stay, the quotes go."""
    return " ".join(re.sub(r"[\"“”«»]", " ", address).split())


def written(vocabulary: str, value: str) -> str:
    """How the files and the API write a stored value: its code or the standard's exact label."""
    return value if vocabulary in CODED else vocabularies.label_of(vocabulary, value)


ID_SEPARATOR = "--"


def public_id(place: Place) -> str:
    """The id we publish: unique across sources, stable across exports."""
    return published_id(place.origin, place.origin_id)


def published_id(origin: str, origin_id: str) -> str:
    return f"{origin}{ID_SEPARATOR}{origin_id}"


def place_record(place: Place) -> dict[str, Any]:
    """The standard's fields of one place as Python values (lists for multi-valued fields)."""
    record: dict[str, Any] = {
        "id": public_id(place),
        "code_insee": place.commune_id or "",
        "latitude": place.latitude,
        "longitude": place.longitude,
        # The standard requires a date; when the source gave none we publish our own last change.
        "date_maj": (place.updated_on or place.updated_at.date()).isoformat(),
    }
    for column, attribute in standard.TEXT_ATTRIBUTES.items():
        record[column] = getattr(place, attribute)
    record["commune"] = commune_written(record["commune"])
    record["adresse"] = address_written(record["adresse"])
    if not record["pivot"]:
        record["pivot"] = standard.NO_PIVOT
    for column, attribute in standard.LIST_ATTRIBUTES.items():
        record[column] = list(getattr(place, attribute))
    tags = tags_by_vocabulary(place)
    for column in standard.TAG_COLUMNS:
        record[column] = [written(column, value) for value in tags.get(column, ())]
    return {column: record[column] for column in standard.COLUMNS}


def stop_records(place: Place, record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stops = place.stop_list if hasattr(place, "stop_list") else place.stops.all()
    for stop in stops:
        yield {
            **record,
            "id": f"{record['id']}{STOP_ID_SEPARATOR}{stop.position}",
            "nom": f"{place.name} — {stop.name or stop.address}",
            "commune": commune_written(stop.commune_name) or record["commune"],
            "code_postal": stop.postcode or record["code_postal"],
            "code_insee": stop.commune_id or "",
            "adresse": address_written(stop.address),
            "complement_adresse": stop.note,
            "latitude": stop.latitude,
            "longitude": stop.longitude,
            "horaires": stop.opening_hours,
            "itinerance": [vocabularies.Itinerance.ITINERANT.label],
        }


def records(places: Iterable[Place]) -> Iterator[dict[str, Any]]:
    for place in places:
        record = place_record(place)
        yield record
        if _ITINERANT in record["itinerance"]:
            yield from stop_records(place, record)


_ITINERANT = vocabularies.Itinerance.ITINERANT.label


def tags_by_vocabulary(place: Place) -> dict[str, list[str]]:
    """{vocabulary: [values in the standard's order]}: `tag_values` when the place was loaded by
    places.search.engine (load_places, attach_tags_and_stops), else read from its tags."""
    if hasattr(place, "tag_values"):
        return place.tag_values
    tags: dict[str, list[str]] = {}
    for tag in place.tags.all():
        tags.setdefault(tag.vocabulary, []).append(tag.value)
    return {vocabulary: vocabularies.in_order(vocabulary, values) for vocabulary, values in tags.items()}


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection"): `=HYPERLINK(…)`
# in a place's name would open as a live link, `-2+3+cmd|…` could run a command in old Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# …except a plain number: a phone number "+33…" or a longitude "-1.55" is data a spreadsheet shows as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?[\d .,]+")


def spreadsheet_safe(text: str) -> str:
    """`text`, with a leading apostrophe when a spreadsheet would run it as a formula (the apostrophe is how
    spreadsheets themselves mark a cell as text, and the rest of the value stays readable)."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return spreadsheet_safe(standard.SEPARATOR.join(value))
    if isinstance(value, float):
        return f"{value:.7f}".rstrip("0").rstrip(".")
    return spreadsheet_safe(str(value))


def write_csv(places: Iterable[Place], stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(standard.COLUMNS)
    count = 0
    for record in records(places):
        writer.writerow([csv_cell(record[column]) for column in standard.COLUMNS])
        count += 1
    return count


def iter_csv(places: Iterable[Place]) -> Iterator[str]:
    """CSV lines one by one, for streamed HTTP responses."""
    line = _LineBuffer()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(standard.COLUMNS)
    yield line.pop()
    for record in records(places):
        writer.writerow([csv_cell(record[column]) for column in standard.COLUMNS])
        yield line.pop()


def iter_json(places: Iterable[Place]) -> Iterator[str]:
    """A JSON array of records, written one record at a time (constant memory)."""
    yield "["
    separator = "\n"
    for record in records(places):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


class _LineBuffer:
    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def pop(self) -> str:
        text = "".join(self.parts)
        self.parts = []
        return text
