"""Load the committed gazetteer (places/data/gazetteer/, built by scripts/build_gazetteer.py) into the database.

Runs anywhere the code runs: it reads only the files in the repository, never ../shared. Idempotent: rows are
compared with what the database holds and only the differences are written, in bulk, in one transaction, so a
second load changes nothing and says so.
"""

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction

from places.models import Commune, CommunePostcode, Departement, Epci, Region
from places.text import commune_key

DATA_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"
BATCH_SIZE = 2000
# bulk_update writes a CASE WHEN per column whose cost grows with the batch: smaller batches are faster.
UPDATE_BATCH_SIZE = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    # Rows gone from the files that other records (places, stops) still point to: kept, not deleted.
    kept: int = 0

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.deleted} deleted"
        return text + (f", {self.kept} kept (still referenced)" if self.kept else "")


@dataclass
class LoadReport:
    counts: dict[str, Counts] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.deleted for c in self.counts.values())

    def lines(self) -> list[str]:
        return [f"{model}: {counts}" for model, counts in self.counts.items()]


def load_gazetteer(data_dir: Path = DATA_DIR) -> LoadReport:
    """Make Region, Departement, Epci, Commune and CommunePostcode hold exactly the gazetteer files."""
    regions = {
        row["code"]: {
            "name": row["name"],
            "latitude": _float(row["latitude"]),
            "longitude": _float(row["longitude"]),
            "population": _int(row["population"]),
        }
        for row in _read(data_dir / "regions.csv")
    }
    departements = {
        row["code"]: {
            "name": row["name"],
            "region_id": row["region"],
            "latitude": _float(row["latitude"]),
            "longitude": _float(row["longitude"]),
            "population": _int(row["population"]),
        }
        for row in _read(data_dir / "departements.csv")
    }
    epcis = {row["code"]: {"name": row["name"], "kind": row["kind"]} for row in _read(data_dir / "epci.csv")}
    communes = {}
    postcodes = set()
    for row in _read(data_dir / "communes.csv.gz"):
        communes[row["code"]] = _commune_values(row)
        postcodes.update((postcode, row["code"]) for postcode in row["postcodes"].split())

    report = LoadReport()
    with transaction.atomic():
        # Parents before children, deletions in the reverse order, so that PROTECT never trips.
        report.counts["Region"] = _upsert(Region, regions)
        report.counts["Departement"] = _upsert(Departement, departements)
        report.counts["Epci"] = _upsert(Epci, epcis)
        report.counts["Commune"] = _upsert(Commune, communes)
        report.counts["CommunePostcode"] = _sync_postcodes(postcodes)
        for model, wanted in (
            (Commune, communes),
            (Epci, epcis),
            (Departement, departements),
            (Region, regions),
        ):
            _delete_stale(model, wanted, report.counts[model.__name__])
    return report


def _commune_values(row: dict) -> dict:
    if row["kind"] not in Commune.Kind.values:
        raise ValueError(f"commune {row['code']}: unknown kind {row['kind']!r}")
    if row["coordinates_source"] not in Commune.CoordinatesSource.values:
        raise ValueError(f"commune {row['code']}: unknown coordinates_source {row['coordinates_source']!r}")
    return {
        "name": row["name"],
        "search_name": commune_key(row["name"]),
        "kind": row["kind"],
        "parent_id": row["parent"] or None,
        "departement_id": row["departement"] or None,
        "region_id": row["region"] or None,
        "epci_id": row["epci"] or None,
        "population": _int(row["population"]),
        "latitude": _float(row["latitude"]),
        "longitude": _float(row["longitude"]),
        "coordinates_source": row["coordinates_source"],
        "density_level": _int(row["density_level"]),
    }


def _upsert(model: type[models.Model], wanted: dict[str, dict]) -> Counts:
    """Create the missing rows and update the ones that differ; stale rows are left to _delete_stale."""
    fields = list(next(iter(wanted.values())))
    existing = {row.pop("pk"): row for row in model.objects.values("pk", *fields)}
    to_create = []
    # Rows grouped by the fields that changed: bulk_update then writes only those columns, which keeps a
    # reload after a change of commune_key (every search_name differs) to seconds instead of minutes.
    to_update = defaultdict(list)
    for pk, values in wanted.items():
        if pk not in existing:
            to_create.append(model(pk=pk, **values))
            continue
        changed = tuple(name for name in fields if values[name] != existing[pk][name])
        if changed:
            to_update[changed].append(model(pk=pk, **values))
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    for changed, objects in to_update.items():
        model.objects.bulk_update(objects, changed, batch_size=UPDATE_BATCH_SIZE)
    updated = sum(len(objects) for objects in to_update.values())
    return Counts(created=len(to_create), updated=updated, unchanged=len(wanted) - len(to_create) - updated)


def _sync_postcodes(wanted: set[tuple[str, str]]) -> Counts:
    existing = {
        (postcode, code): pk
        for pk, postcode, code in CommunePostcode.objects.values_list("pk", "postcode", "commune_id")
    }
    missing = sorted(wanted - existing.keys())
    stale = sorted(pk for pair, pk in existing.items() if pair not in wanted)
    CommunePostcode.objects.bulk_create(
        [CommunePostcode(postcode=postcode, commune_id=code) for postcode, code in missing],
        batch_size=BATCH_SIZE,
    )
    for start in range(0, len(stale), BATCH_SIZE):
        CommunePostcode.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    return Counts(created=len(missing), deleted=len(stale), unchanged=len(existing) - len(stale))


def _delete_stale(model: type[models.Model], wanted: dict, counts: Counts) -> None:
    """Delete the rows absent from the files, except those that a PROTECT foreign key still points to."""
    stale = sorted(set(model.objects.values_list("pk", flat=True)) - wanted.keys())
    for start in range(0, len(stale), BATCH_SIZE):
        deletable = model.objects.filter(pk__in=stale[start : start + BATCH_SIZE])
        for relation in model._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                deletable = deletable.filter(**{relation.name: None})
        counts.deleted += deletable.delete()[1].get(model._meta.label, 0)
    counts.kept = len(stale) - counts.deleted


def _read(path: Path) -> list[dict]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def _int(text: str) -> int | None:
    return int(text) if text else None


def _float(text: str) -> float | None:
    return float(text) if text else None
