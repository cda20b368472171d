"""Import places from files of the national standard: validate, repair, report, upsert.

    records (formats.reader) → canonical v1 rows (formats.rows) → checked place data (this module,
    import_checks, gazetteer) → upsert keyed by (origin, id), in batches, each batch in one transaction.

A batch is written whole or not at all, so a crash or Ctrl-C never leaves a half-written place (a place
and its tags are in the same batch). With `atomic=True` the whole file is one transaction.
Re-importing the same file writes nothing: unchanged places are not saved and get no history row.
"""

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from places import gazetteer, import_checks, standard, versioning
from places.bulk import insert_rows
from places.duplicates import link_duplicates
from places.formats import headers, profiles
from places.formats.reader import Invalid, UnreadableFile, read_records
from places.formats.rows import Row, canonical_row
from places.import_report import ImportReport, ReportLine
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
    "opening_hours_note",
]


@dataclass
class Candidate:
    """A checked row, ready to be compared with the database and written."""

    origin_id: str
    values: dict[str, Any]
    tags: dict[str, list[str]]
    supports: list[dict] = field(default_factory=list)  # from a profile's "soutien"


class NotTheStandard(UnreadableFile):
    """A file whose columns are not the standard's, given without a profile."""


class Rejected(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class PlaceImporter:
    def __init__(
        self,
        *,
        origin: str,
        dry_run: bool = False,
        atomic: bool = False,
        today: date | None = None,
        profile: profiles.Profile | None = None,
    ):
        self.origin = origin
        self.profile = profile
        self.dry_run = dry_run
        self.atomic = atomic
        self.today = today or timezone.localdate()
        self.report = ImportReport()
        self.seen_ids: dict[str, int] = {}
        self._matches: dict[tuple, Any] = {}

    @property
    def change_reason(self) -> str:
        """How the history page names this channel."""
        return f"Import {self.origin}"[:100]

    def run(
        self, path: Path, progress: Callable[[Iterable], Iterable] = lambda records: records
    ) -> ImportReport:
        records = self._records(Path(path))
        with gazetteer.in_memory():
            self._run(records, progress)
        if not self.dry_run:
            versioning.bump()
        return self.report

    def _records(self, path: Path) -> Iterator[dict]:
        """The file's records; a file that is not the standard's, without a profile, is refused at once with
        one message (not one error per row)."""
        records = read_records(path, notes=self.report.notes)
        first = next(records, None)
        if first is None:
            return iter(())
        columns = {str(column) for column in first} if isinstance(first, dict) else set()
        if self.profile is None and columns and not profiles.is_standard(columns):
            raise NotTheStandard(_not_the_standard(columns))
        return itertools.chain([first], records)

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
        self.report.counts["read"] += 1
        if isinstance(record, Invalid):  # the reader's verdict: not an object, a cell too long, a cut line
            return self._reject(number, record.id, Rejected("", record.message))
        extras = profiles.Extras()
        reading_notes = getattr(record, "notes", ())  # a GeoJSON geometry that gave no point
        try:
            if self.profile is not None:
                record, extras = self.profile.read(record)
            row = canonical_row(record, number)
        except RecursionError:  # JSON values nested a few hundred levels deep: no value of the standard
            return self._reject(number, "", Rejected("", "valeurs imbriquées sur des centaines de niveaux"))
        self.report.unknown_columns.update(row.unknown_columns)
        for column, message in reading_notes:
            row.note(column, message)
        origin_id = row.fields.get("id", "")
        try:
            candidate = self._candidate(row, extras)
        except Rejected as rejection:
            return self._reject(number, origin_id, rejection)
        if row.notes:
            self.report.counts["repaired"] += 1
            for note in row.notes:
                self.report.lines.append(ReportLine(number, origin_id, "réparé", note.column, note.message))
        return row, candidate

    def _reject(self, number: int, origin_id: str, rejection: Rejected) -> None:
        self.report.counts["rejected"] += 1
        self.report.lines.append(ReportLine(number, origin_id, "rejeté", rejection.column, rejection.message))

    def _candidate(self, row: Row, extras: profiles.Extras) -> Candidate:
        f = row.fields
        origin_id = f.get("id", "")
        if not origin_id:
            raise Rejected(
                "id", "identifiant (id) manquant : la ligne ne peut pas être suivie d'un import à l'autre"
            )
        if len(origin_id) > 255:
            # Cut to the column's size, two long ids could become one: refused, not truncated.
            raise Rejected("id", f"identifiant de {len(origin_id)} caractères (255 au plus)")
        if origin_id in self.seen_ids:
            raise Rejected("id", f"identifiant « {origin_id} » déjà utilisé ligne {self.seen_ids[origin_id]}")
        self.seen_ids[origin_id] = row.number
        name = " ".join(f.get("nom", "").split())
        if not name:
            raise Rejected("nom", "nom du lieu manquant")
        values: dict[str, Any] = {"name": name[:255]}

        postcode, note = import_checks.check_postcode(f.get("code_postal", ""), f.get("adresse", ""))
        row.note("code_postal", note)
        latitude, longitude, note = import_checks.check_coordinates(f.get("latitude"), f.get("longitude"))
        row.note("latitude", note)

        match = self._match(f.get("commune", ""), postcode, f.get("code_insee", ""), latitude, longitude)
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
        address, note = import_checks.check_address(address, postcode, f.get("commune", ""))
        row.note("adresse", note)

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
        values["opening_hours"], hours_note, note = import_checks.check_opening_hours(f.get("horaires", ""))
        values["opening_hours_note"] = " ".join(part for part in (extras.hours_note, hours_note) if part)
        row.note("horaires", note)
        values["updated_on"], note = import_checks.check_date(f.get("date_maj", ""), self.today)
        row.note("date_maj", note)
        values["summary"], values["description"], note = import_checks.check_summary(
            f.get("presentation_resume", ""), f.get("presentation_detail", "")
        )
        row.note("presentation_resume", note)

        tags = {column: f.get(column, []) for column in standard.TAG_COLUMNS}
        return Candidate(origin_id=origin_id, values=values, tags=tags, supports=extras.supports)

    def _match(self, name: str, postcode: str, insee: str, latitude: float | None, longitude: float | None):
        key = (name, postcode, insee, latitude, longitude)
        if key not in self._matches:
            self._matches[key] = gazetteer.match(name, postcode, insee or None, latitude, longitude)
        return self._matches[key]

    def _keep_structure_edits(self, row: Row, place: Place, candidate: Candidate, tags: dict) -> None:
        """A field the place's structure changed after this source's last import keeps the structure's value:
        the source's differing value is left out of the update, and the report says so (outcome "conflit").
        The data's date does not go back either: the structure's edit is more recent than the source's."""
        source_date = candidate.values.get("updated_on")
        if source_date and place.updated_on and source_date < place.updated_on:
            candidate.values["updated_on"] = place.updated_on
        for name in place.edited_fields:
            if name in candidate.tags:
                source, kept = sorted(candidate.tags[name]), sorted(tags.get(name, set()))
                if source != kept:
                    candidate.tags[name] = kept
                    self._conflict(row, candidate, name, kept, source)
            elif name in candidate.values and _differs(place, {name: candidate.values[name]}):
                source = candidate.values.pop(name)
                self._conflict(row, candidate, _COLUMN_OF.get(name, name), getattr(place, name), source)

    def _conflict(self, row: Row, candidate: Candidate, column: str, kept, source) -> None:
        self.report.counts["conflicts"] += 1
        message = (
            "modifié par la structure du lieu depuis le dernier import : sa valeur "
            f"« {_shown(kept)} » est gardée, la source dit « {_shown(source)} »"
        )
        self.report.lines.append(ReportLine(row.number, candidate.origin_id, "conflit", column, message))

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
        for row, candidate in batch:
            place = existing.get(candidate.origin_id)
            if place is None:
                place = Place(
                    origin=self.origin, origin_id=candidate.origin_id, status=Place.Status.PUBLISHED
                )
                _assign(place, candidate.values)
                to_create.append((place, candidate))
                continue
            if place.edited_fields:
                self._keep_structure_edits(row, place, candidate, current_tags[place.pk])
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
                place.version += 1  # an admin form drawn before the import no longer saves over it
                to_update.append(place)
            tag_changes.append((place, changed_tags))
            self.report.counts["updated"] += 1

        with transaction.atomic():
            if to_create:
                places = [place for place, _ in to_create]
                # The channel of the versions, on the history page: "Import <origin>".
                bulk_create_with_history(
                    places, Place, batch_size=BATCH_SIZE, default_change_reason=self.change_reason
                )
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
                    to_update,
                    Place,
                    [*ATTRIBUTES, "search_text", "updated_at", "version"],
                    batch_size=BATCH_SIZE,
                    default_change_reason=self.change_reason,
                )
            refresh_openings(places=[place for place, _ in to_create] + to_update)
            saved = {place.pk for place in to_update}
            for place, changed_tags in tag_changes:
                for column, values in changed_tags.items():
                    place.set_tags(column, values)
            tags_only = [place.pk for place, _ in tag_changes if place.pk not in saved]
            if tags_only:
                Place.objects.filter(pk__in=tags_only).update(
                    updated_at=timezone.now(), version=F("version") + 1
                )
            self._write_supports(candidates)

    def _write_supports(self, candidates: list[Candidate]) -> None:
        """The programme supports a profile gives (the France Services label and its date), kept in step
        with the file: created once, their status and start updated, keyed by (origin, place, programme)."""
        wanted = [(c.origin_id, support) for c in candidates for support in c.supports]
        if not wanted:
            return
        from programmes.models import Programme, Support

        programmes = dict(Programme.objects.values_list("slug", "pk"))
        places = dict(
            Place.objects.filter(
                origin=self.origin, origin_id__in={origin_id for origin_id, _ in wanted}
            ).values_list("origin_id", "pk")
        )
        for origin_id, support in wanted:
            if support["programme"] not in programmes or origin_id not in places:
                continue  # the catalogue is not loaded (manage.py load_programmes), or the row was rejected
            Support.objects.update_or_create(
                origin=self.origin,
                place_id=places[origin_id],
                programme_id=programmes[support["programme"]],
                defaults={"status": support["status"], "starts_on": support["starts_on"]},
            )


def _not_the_standard(columns: set[str]) -> str:
    """One message for a file that is not the standard's: what it holds, what to do."""
    shown = ", ".join(sorted(columns)[:40]) + (" …" if len(columns) > 40 else "")
    message = (
        f"ce fichier n'est pas au format du standard national des lieux de médiation numérique : ses colonnes "
        f"({shown}) ne sont pas celles du standard, qui nomme au moins le nom, l'adresse et la commune (ou le "
        f"code postal) de chaque lieu."
    )
    misspelt = [
        f"« {column} » : peut-être « {headers.closest(column)} » ?"
        for column in sorted(columns)
        if headers.column(column) is None and headers.closest(column)
    ]
    if misspelt:
        message += " " + " ".join(misspelt)
    known = profiles.recognise(columns)
    if known is not None:
        return f"{message} Il ressemble à {known.title} : importez-le avec --profile {known.name}."
    return (
        f"{message} Importez-le avec un profil de correspondance : --profile CHEMIN (un fichier de configuration "
        f"au format de mednum-cli) ou l'un des profils fournis ({', '.join(profiles.shipped())})."
    )


# A Place attribute's column in the standard, for report lines.
_COLUMN_OF = {
    attribute: column
    for column, attribute in {**standard.TEXT_ATTRIBUTES, **standard.LIST_ATTRIBUTES}.items()
}


def _assign(place: Place, values: dict[str, Any]) -> None:
    for attribute, value in values.items():
        setattr(place, attribute, value)
    place.search_text = place.build_search_text()


def _shown(value) -> str:
    return standard.SEPARATOR.join(value) if isinstance(value, list) else str(value or "")


def _differs(place: Place, values: dict[str, Any]) -> bool:
    for attribute, value in values.items():
        current = getattr(place, attribute)
        if isinstance(value, float) and current is not None:
            if abs(current - value) > 1e-7:
                return True
        elif current != value:
            return True
    return False
