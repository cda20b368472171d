"""Write places in the national standard v1.0.2: CSV (exactly as the schema), JSON, and the records the
GeoJSON writer and the API reuse.

CSV: the 32 columns in schema order, `|` between values, UTF-8, comma-separated, every field present.
Each stop of an itinerant place is one more record (id `<place id>--arret-<n>`), as the national
pipeline publishes buses: consumers who know nothing of stops still find every stop.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from places import standard, vocabularies
from places.models import Place
from places.vocabularies import FormationLabel, Vocabulary

STOP_ID_SEPARATOR = "--arret-"

# The official schema's regex spells this label without the space ("Étapes numériques(La Poste)"), so a
# file carrying the usual spelling fails validation. Files we publish must validate: we write the
# regex's spelling (the importer reads both, see places/formats/rows.py).
_SCHEMA_SPELLING = {
    (Vocabulary.FORMATIONS_LABELS, FormationLabel.ETAPES_NUMERIQUES): "Étapes numériques(La Poste)",
}


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
    if not record["pivot"]:
        record["pivot"] = standard.NO_PIVOT
    for column, attribute in standard.LIST_ATTRIBUTES.items():
        record[column] = list(getattr(place, attribute))
    tags = tags_by_vocabulary(place)
    for column in standard.TAG_COLUMNS:
        record[column] = [
            _SCHEMA_SPELLING.get((column, value)) or vocabularies.label_of(column, value)
            for value in tags.get(column, ())
        ]
    return {column: record[column] for column in standard.COLUMNS}


def stop_records(place: Place, record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stops = place.stop_list if hasattr(place, "stop_list") else place.stops.all()
    for stop in stops:
        yield {
            **record,
            "id": f"{record['id']}{STOP_ID_SEPARATOR}{stop.position}",
            "nom": f"{place.name} — {stop.name or stop.address}",
            "commune": stop.commune_name or record["commune"],
            "code_postal": stop.postcode or record["code_postal"],
            "code_insee": stop.commune_id or "",
            "adresse": stop.address,
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


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return standard.SEPARATOR.join(value)
    if isinstance(value, float):
        return f"{value:.7f}".rstrip("0").rstrip(".")
    return str(value)


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
