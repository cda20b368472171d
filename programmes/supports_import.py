"""Programme supports from a spreadsheet (`manage.py import_supports`): the same reading, report and idempotence
as place imports (places/importer.py), for the lists programmes publish — laureates of an AMI, labelled France
Services, conseillers numériques funded.

A row names a programme (its identifier or its name), what it supports (a structure by SIRET or number, or a place
by its published id `origin--id` or number), a status, and optionally an amount, a period, a wave, a number of
conseillers and a remark. Headers are read like the places' ("Montant (€)", "montant_eur"…). A row is kept by
(origin, programme, structure, place, wave): importing the same file again changes nothing; a changed row
updates its support. Bad rows are report lines, never a half-written file (one transaction).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from places.formats import headers
from places.formats.national import ID_SEPARATOR
from places.formats.reader import Invalid, read_records
from places.import_report import ImportReport, ReportLine
from places.models import Place, Structure
from programmes.models import Programme, Support

# The columns, by their header's key (headers.key), and the names people give them.
COLUMNS = {
    "programme": ["programme", "dispositif", "appel", "ami"],
    "siret": ["siret", "siret structure", "siret porteur"],
    "structure": ["structure", "id structure", "numero structure"],
    "lieu": ["lieu", "id lieu", "identifiant lieu"],
    "statut": ["statut", "etat", "état", "status"],
    "montant": ["montant", "montant eur", "montant (€)", "montant euros", "subvention"],
    "debut": ["debut", "début", "date debut", "date de debut", "date de début"],
    "fin": ["fin", "date fin", "date de fin"],
    "vague": ["vague", "session", "promotion"],
    "conseillers": ["conseillers", "conseillers numeriques", "nombre de conseillers", "cnfs"],
    "remarque": ["remarque", "commentaire", "note"],
}
_COLUMN_OF = {headers.key(name): column for column, names in COLUMNS.items() for name in names}

STATUSES = {
    headers.key(word): status
    for status, words in {
        Support.Status.CANDIDATE: ["candidat", "candidate", "candidature"],
        Support.Status.LAUREATE: ["laureat", "lauréat", "laureate", "retenu"],
        Support.Status.LABELLED: ["labellise", "labellisé", "labelled", "label"],
        Support.Status.FUNDED: ["finance", "financé", "funded", "conventionne", "conventionné"],
        Support.Status.ENDED: ["termine", "terminé", "ended", "fin"],
        Support.Status.REJECTED: ["non retenu", "rejete", "rejeté", "rejected", "refuse", "refusé"],
    }.items()
    for word in words
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")
FIELDS = ["status", "amount_eur", "starts_on", "ends_on", "conseillers_count", "note"]


class Rejected(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class Row:
    number: int
    key: dict[str, Any]  # programme, structure, place, wave
    values: dict[str, Any]
    repairs: list[tuple[str, str]]


def import_supports(path: Path, *, origin: str) -> ImportReport:
    """Read `path` whole, then write every accepted row in one transaction. Raises UnreadableFile."""
    report = ImportReport()
    programmes = {}
    for programme in Programme.objects.all():
        programmes.setdefault(headers.key(programme.slug), programme)
        programmes.setdefault(headers.key(programme.name), programme)
    rows = []
    for number, record in enumerate(read_records(Path(path), report.notes), start=1):
        report.counts["read"] += 1
        if isinstance(record, Invalid):
            _reject(report, number, "", record.message)
            continue
        try:
            rows.append(_row(number, record, programmes))
        except Rejected as rejection:
            _reject(report, number, rejection.column, rejection.message)
    with transaction.atomic():
        for row in rows:
            for column, message in row.repairs:
                report.lines.append(ReportLine(row.number, "", "réparé", column, message))
            report.counts["repaired"] += bool(row.repairs)
            _write(row, origin, report)
    return report


def _reject(report: ImportReport, number: int, column: str, message: str) -> None:
    report.counts["rejected"] += 1
    report.lines.append(ReportLine(number, "", "rejeté", column, message))


def _write(row: Row, origin: str, report: ImportReport) -> None:
    existing = Support._base_manager.filter(origin=origin, **row.key).first()
    if existing is None:
        Support.objects.create(origin=origin, **row.key, **row.values)
        report.counts["created"] += 1
        return
    changed = {name: value for name, value in row.values.items() if getattr(existing, name) != value}
    if not changed and existing.archived_at is None:
        report.counts["unchanged"] += 1
        return
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.archived_at = None  # listed again by its programme: current again
    existing._change_reason = f"Import des soutiens {origin}"[:100]
    existing.save()
    report.counts["updated"] += 1


def _row(number: int, record: dict[str, Any], programmes: dict[str, Programme]) -> Row:
    cells = {}
    for header, value in record.items():
        column = _COLUMN_OF.get(headers.key(header))
        if column and value not in (None, ""):
            cells[column] = str(value).strip()
    repairs: list[tuple[str, str]] = []
    programme = _programme(cells.get("programme", ""), programmes)
    structure, place = _target(cells)
    values = {
        "status": _status(cells.get("statut", "")),
        "amount_eur": _amount(cells.get("montant", ""), repairs),
        "starts_on": _date("debut", cells.get("debut", "")),
        "ends_on": _date("fin", cells.get("fin", "")),
        "conseillers_count": _count(cells.get("conseillers", "")),
        "note": cells.get("remarque", "")[:2000],
    }
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise Rejected("fin", f"la fin « {cells['fin']} » précède le début « {cells['debut']} »")
    key = {
        "programme": programme,
        "structure": structure,
        "place": place,
        "wave": cells.get("vague", "")[:64],
    }
    return Row(number, key, values, repairs)


def _programme(text: str, programmes: dict[str, Programme]) -> Programme:
    if not text:
        raise Rejected(
            "programme", "programme manquant : son identifiant (par exemple france-services) ou son nom"
        )
    if programme := programmes.get(headers.key(text)):
        return programme
    raise Rejected("programme", f"programme inconnu : « {text} » (voir /programmes/ pour leurs identifiants)")


def _target(cells: dict[str, str]) -> tuple[Structure | None, Place | None]:
    structure = place = None
    if siret := re.sub(r"\s", "", cells.get("siret", "")):
        structure = Structure.objects.filter(siret=siret).order_by("pk").first()
        if structure is None:
            raise Rejected("siret", f"aucune structure de l'annuaire n'a le SIRET « {siret} »")
    elif number := cells.get("structure", ""):
        structure = Structure.objects.filter(pk=int(number)).first() if number.isdigit() else None
        if structure is None:
            raise Rejected("structure", f"structure inconnue : « {number} »")
    if identifier := cells.get("lieu", ""):
        if identifier.isdigit():
            place = Place.objects.filter(pk=int(identifier)).first()
        elif ID_SEPARATOR in identifier:
            place_origin, place_id = identifier.split(ID_SEPARATOR, 1)
            place = Place.objects.filter(origin=place_origin, origin_id=place_id).first()
        if place is None:
            raise Rejected(
                "lieu", f"lieu inconnu : « {identifier} » (son numéro, ou son id publié origine--id)"
            )
    if structure is None and place is None:
        raise Rejected("siret", "ni structure (siret ou structure) ni lieu : à qui va ce soutien ?")
    return structure, place


def _status(text: str) -> str:
    if not text:
        return Support.Status.CANDIDATE
    status = STATUSES.get(headers.key(text))
    if status is None:
        raise Rejected(
            "statut",
            f"statut inconnu : « {text} » (candidat, lauréat, labellisé, financé, terminé, non retenu)",
        )
    return status


def _amount(text: str, repairs: list) -> Decimal | None:
    if not text:
        return None
    compact = re.sub(r"[\s\u202f€]|eur(os)?", "", text, flags=re.IGNORECASE).replace(",", ".")
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        raise Rejected("montant", f"montant illisible : « {text} »") from None
    if amount < 0 or amount >= Decimal(10) ** 12:
        raise Rejected("montant", f"montant hors limites : « {text} »")
    if compact != text:
        repairs.append(("montant", f"« {text} » lu {amount} €"))
    return amount.quantize(Decimal(1))


def _date(column: str, text: str) -> date | None:
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise Rejected(column, f"date illisible : « {text} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")


def _count(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) > 10_000:
        raise Rejected("conseillers", f"nombre de conseillers illisible : « {text} »")
    return int(text)
