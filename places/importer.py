"""Import places from files of the national standard: validate, repair, report, upsert.

    records (formats.reader) → canonical v1 rows (formats.rows) → checked place data (this module,
    import_checks, gazetteer) → upsert keyed by (origin, id), in batches, each batch in one transaction.

A batch is written whole or not at all, so a crash or Ctrl-C never leaves a half-written place (a place
and its tags are in the same batch). With `atomic=True` the whole file is one transaction.
Re-importing the same file writes nothing: unchanged places are not saved and get no history row.
"""

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from places import gazetteer, import_checks, standard, versioning
from places.bulk import insert_rows
from places.duplicates import link_duplicates
from places.formats.reader import read_records
from places.formats.rows import Row, canonical_row
from places.models import Place, PlaceTag
from places.services import refresh_openings
from places.text import normalize

BATCH_SIZE = 500

# Place attributes the importer writes (the tags are compared and written separately).
ATTRIBUTES = [
    *standard.TEXT_ATTRIBUTES.values(),
    *standard.LIST_ATTRIBUTES.values(),
    "commune_id",
    "latitude",
    "longitude",
    "coordinates_approximate",
    "updated_on",
]


@dataclass
class ReportLine:
    number: int
    id: str
    outcome: str  # "rejeté" or "réparé"
    column: str
    message: str


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    lines: list[ReportLine] = field(default_factory=list)
    unknown_columns: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts[k] for k in ("created", "updated", "unchanged", "rejected"))

    def summary(self) -> str:
        parts = [f"{self.counts[key]} {label}" for key, label in OUTCOME_LABELS.items()]
        text = ", ".join(parts)
        if self.unknown_columns:
            columns = ", ".join(f"{name} ({count})" for name, count in sorted(self.unknown_columns.items()))
            text += f"\nColonnes inconnues ignorées : {columns}"
        return text

    def write(self, path: Path) -> None:
        rows = [line.__dict__ for line in self.lines]
        if path.suffix.lower() == ".json":
            payload = {
                "counts": dict(self.counts),
                "unknown_columns": dict(self.unknown_columns),
                "lines": rows,
            }
            path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
            return
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["number", "id", "outcome", "column", "message"])
            writer.writeheader()
            writer.writerows(rows)


OUTCOME_LABELS = {
    "created": "créés",
    "updated": "mis à jour",
    "unchanged": "inchangés",
    "repaired": "réparés",
    "rejected": "rejetés",
    "duplicates": "doublons probables d'autres sources",
}


@dataclass
class Candidate:
    """A checked row, ready to be compared with the database and written."""

    origin_id: str
    values: dict[str, Any]
    tags: dict[str, list[str]]


class Rejected(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class PlaceImporter:
    def __init__(
        self, *, origin: str, dry_run: bool = False, atomic: bool = False, today: date | None = None
    ):
        self.origin = origin
        self.dry_run = dry_run
        self.atomic = atomic
        self.today = today or timezone.localdate()
        self.report = ImportReport()
        self.seen_ids: dict[str, int] = {}
        self._matches: dict[tuple, Any] = {}

    def run(
        self, path: Path, progress: Callable[[Iterable], Iterable] = lambda records: records
    ) -> ImportReport:
        records = read_records(Path(path))
        with gazetteer.in_memory():
            self._run(records, progress)
        if not self.dry_run:
            versioning.bump()
        return self.report

    def _run(self, records, progress) -> None:
        if self.atomic or self.dry_run:
            with transaction.atomic():
                self._import(progress(records))
                self.report.counts["duplicates"] = link_duplicates(self.origin)
                if self.dry_run:
                    transaction.set_rollback(True)
        else:
            self._import(progress(records))
            self.report.counts["duplicates"] = link_duplicates(self.origin)

    def _import(self, records: Iterable[dict]) -> None:
        batch: list[tuple[Row, Candidate]] = []
        for number, record in enumerate(records, start=1):
            checked = self._check(record, number)
            if checked:
                batch.append(checked)
            if len(batch) >= BATCH_SIZE:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)

    # --- Checking one row -------------------------------------------------------------------------------

    def _check(self, record: dict, number: int) -> tuple[Row, Candidate] | None:
        row = canonical_row(record, number) if "__invalid__" not in record else Row(number)
        self.report.unknown_columns.update(row.unknown_columns)
        origin_id = row.fields.get("id", "")
        try:
            if "__invalid__" in record:
                raise Rejected("", "enregistrement qui n'est pas un objet JSON")
            candidate = self._candidate(row)
        except Rejected as rejection:
            self.report.counts["rejected"] += 1
            self.report.lines.append(
                ReportLine(number, origin_id, "rejeté", rejection.column, rejection.message)
            )
            return None
        if row.notes:
            self.report.counts["repaired"] += 1
            for note in row.notes:
                self.report.lines.append(ReportLine(number, origin_id, "réparé", note.column, note.message))
        return row, candidate

    def _candidate(self, row: Row) -> Candidate:
        f = row.fields
        origin_id = f.get("id", "")
        if not origin_id:
            raise Rejected(
                "id", "identifiant (id) manquant : la ligne ne peut pas être suivie d'un import à l'autre"
            )
        if origin_id in self.seen_ids:
            raise Rejected("id", f"identifiant « {origin_id} » déjà utilisé ligne {self.seen_ids[origin_id]}")
        self.seen_ids[origin_id] = row.number
        name = " ".join(f.get("nom", "").split())
        if not name:
            raise Rejected("nom", "nom du lieu manquant")
        values: dict[str, Any] = {"name": name[:255]}

        postcode, note = import_checks.check_postcode(f.get("code_postal", ""))
        row.note("code_postal", note)
        latitude, longitude, note = import_checks.check_coordinates(f.get("latitude"), f.get("longitude"))
        row.note("latitude", note)

        match = self._match(f.get("commune", ""), postcode, f.get("code_insee", ""))
        for correction in match.corrections:
            row.note("code_insee", correction)
        commune = match.commune
        if commune is None and latitude is None:
            raise Rejected(
                "commune",
                f"commune « {f.get('commune', '')} » ({postcode or 'sans code postal'}) introuvable et pas de coordonnées : lieu impossible à situer",
            )
        if commune is not None:
            if not postcode:
                postcode = match.postcode or ""
                if postcode:
                    row.note("code_postal", f"code postal manquant : {postcode} d'après la commune")
            if normalize(f.get("commune", "")) != normalize(commune.name):
                row.note(
                    "commune",
                    f"commune « {f.get('commune', '')} » reconnue comme {commune.name} ({commune.code})",
                )
            if latitude is None and commune.latitude is not None:
                latitude, longitude = commune.latitude, commune.longitude
                values["coordinates_approximate"] = True
                row.note("latitude", f"coordonnées manquantes : centre de {commune.name}, approximatif")
        if not postcode:
            raise Rejected(
                "code_postal", f"code postal « {f.get('code_postal', '')} » invalide et impossible à déduire"
            )
        address = " ".join(f.get("adresse", "").split())
        if not address:
            raise Rejected("adresse", "adresse manquante")

        values.update(
            commune_id=commune.code if commune else None,
            commune_name=commune.name if commune else f.get("commune", "")[:100],
            postcode=postcode,
            address=address[:255],
            address_complement=f.get("complement_adresse", "")[:255],
            latitude=latitude,
            longitude=longitude,
            coordinates_approximate=values.get("coordinates_approximate", False),
            source=f.get("source", "")[:255],
            parent_structure_name=f.get("structure_parente", "")[:255],
            other_labels=f.get("autres_formations_labels", []),
        )
        values["pivot"], note = import_checks.check_pivot(f.get("pivot", ""))
        row.note("pivot", note)
        values["phone"], note = import_checks.check_phone(f.get("telephone", ""), postcode)
        row.note("telephone", note)
        values["emails"], notes = import_checks.check_emails(f.get("courriels", []))
        for note in notes:
            row.note("courriels", note)
        values["websites"], notes = import_checks.check_urls(f.get("site_web", []))
        for note in notes:
            row.note("site_web", note)
        for column, attribute in (("fiche_acces_libre", "acceslibre_url"), ("prise_rdv", "booking_url")):
            values[attribute], note = import_checks.check_url(f.get(column, ""))
            row.note(column, note) if note else None
        values["opening_hours"], note = import_checks.check_opening_hours(f.get("horaires", ""))
        row.note("horaires", note)
        values["updated_on"], note = import_checks.check_date(f.get("date_maj", ""), self.today)
        row.note("date_maj", note)
        values["summary"], values["description"], note = import_checks.check_summary(
            f.get("presentation_resume", ""), f.get("presentation_detail", "")
        )
        row.note("presentation_resume", note)

        tags = {column: f.get(column, []) for column in standard.TAG_COLUMNS}
        return Candidate(origin_id=origin_id[:255], values=values, tags=tags)

    def _match(self, name: str, postcode: str, insee: str):
        key = (name, postcode, insee)
        if key not in self._matches:
            self._matches[key] = gazetteer.match(name, postcode, insee or None)
        return self._matches[key]

    # --- Writing a batch --------------------------------------------------------------------------------

    def _write(self, batch: list[tuple[Row, Candidate]]) -> None:
        candidates = [candidate for _, candidate in batch]
        existing = {
            place.origin_id: place
            for place in Place.objects.filter(
                origin=self.origin, origin_id__in=[c.origin_id for c in candidates]
            )
        }
        # Tags as plain tuples: a model instance per tag would cost more than the comparison itself.
        current_tags = {
            place.pk: {column: set() for column in standard.TAG_COLUMNS} for place in existing.values()
        }
        for place_id, vocabulary, value in PlaceTag.objects.filter(place__in=current_tags).values_list(
            "place_id", "vocabulary", "value"
        ):
            current_tags[place_id].setdefault(vocabulary, set()).add(value)
        to_create, to_update, tag_changes = [], [], []
        for candidate in candidates:
            place = existing.get(candidate.origin_id)
            if place is None:
                place = Place(
                    origin=self.origin, origin_id=candidate.origin_id, status=Place.Status.PUBLISHED
                )
                _assign(place, candidate.values)
                to_create.append((place, candidate))
                continue
            changed_values = _differs(place, candidate.values)
            changed_tags = {
                column: values
                for column, values in candidate.tags.items()
                if set(values) != current_tags[place.pk][column]
            }
            if not changed_values and not changed_tags:
                self.report.counts["unchanged"] += 1
                continue
            if changed_values:
                _assign(place, candidate.values)
                place.updated_at = timezone.now()
                to_update.append(place)
            tag_changes.append((place, changed_tags))
            self.report.counts["updated"] += 1

        with transaction.atomic():
            if to_create:
                places = [place for place, _ in to_create]
                bulk_create_with_history(places, Place, batch_size=BATCH_SIZE)
                # bulk_create_with_history does not return primary keys on every database: read them back.
                ids = dict(
                    Place.objects.filter(
                        origin=self.origin, origin_id__in=[p.origin_id for p in places]
                    ).values_list("origin_id", "pk")
                )
                for place, _ in to_create:
                    place.pk = ids[place.origin_id]
                insert_rows(
                    PlaceTag,
                    ["place", "vocabulary", "value"],
                    [
                        (place.pk, column, value)
                        for place, candidate in to_create
                        for column, values in candidate.tags.items()
                        for value in values
                    ],
                )
                self.report.counts["created"] += len(to_create)
            if to_update:
                bulk_update_with_history(
                    to_update, Place, [*ATTRIBUTES, "search_text", "updated_at"], batch_size=BATCH_SIZE
                )
            refresh_openings(places=[place for place, _ in to_create] + to_update)
            saved = {place.pk for place in to_update}
            for place, changed_tags in tag_changes:
                for column, values in changed_tags.items():
                    place.set_tags(column, values)
            tags_only = [place.pk for place, _ in tag_changes if place.pk not in saved]
            if tags_only:
                Place.objects.filter(pk__in=tags_only).update(updated_at=timezone.now())


def _assign(place: Place, values: dict[str, Any]) -> None:
    for attribute, value in values.items():
        setattr(place, attribute, value)
    place.search_text = place.build_search_text()


def _differs(place: Place, values: dict[str, Any]) -> bool:
    for attribute, value in values.items():
        current = getattr(place, attribute)
        if isinstance(value, float) and current is not None:
            if abs(current - value) > 1e-7:
                return True
        elif current != value:
            return True
    return False
