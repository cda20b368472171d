"""Hostile and broken files: the importer never ends in a traceback and never writes half a file. A file that
cannot be read as a whole is refused with one clear message and nothing written; a record that cannot be a
place is rejected with its report line and the others import. Each case runs the command as a person would."""

import csv
import gzip
import io
import json
import random
import zipfile

import pytest
from django.core.management import CommandError, call_command

from places.formats import reader
from places.models import Place

FIELDS = {
    "id": "lieu-1",
    "nom": "Médiathèque Boris Vian",
    "commune": "Montluçon",
    "code_postal": "03100",
    "adresse": "1 place de la Comédie",
    "latitude": "46.3406",
    "longitude": "2.6030",
    "date_maj": "2024-03-01",
    "presentation_detail": "Un lieu où l'on apprend à se servir d'un ordinateur.",
}
HEADER = ",".join(FIELDS)


def row(**changes) -> dict:
    return {**FIELDS, **changes}


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def places(n: int) -> list[dict]:
    return [row(id=f"lieu-{i}", nom=f"Espace numérique n° {i}") for i in range(1, n + 1)]


def feature(geometry="point", **properties) -> dict:
    fields = {key: value for key, value in row(**properties).items() if key not in ("latitude", "longitude")}
    if geometry == "point":
        geometry = {"type": "Point", "coordinates": [2.6030, 46.3406]}
    return {"type": "Feature", "geometry": geometry, "properties": fields}


def collection(features: list) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def run(tmp_path, content: bytes | str, name="lieux.csv", *options):
    """The command on a file: (what it printed, its CommandError or None, the --report JSON or None). Any
    other exception is not caught: a traceback fails the test."""
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    report = tmp_path / "rapport.json"
    report.unlink(missing_ok=True)
    out = io.StringIO()
    try:
        call_command(
            "import_places", str(path), "--source", "hostile", "--report", str(report), *options, stdout=out
        )
    except CommandError as error:
        return out.getvalue(), str(error), None
    return out.getvalue(), None, json.loads(report.read_text())


def rejected(report: dict) -> dict[int, str]:
    return {line["number"]: line["message"] for line in report["lines"] if line["outcome"] == "rejeté"}


def minimal_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


# --- 1. Binary files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "seems"),
    [
        (random.Random(0).randbytes(5000), "binaire"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "image PNG"),
        (minimal_xlsx(), "classeur Excel (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "classeur Excel ancien"),
        (gzip.compress(csv_text(places(3)).encode()), "gzip"),
        (b"<!DOCTYPE html><html><body>Erreur 404</body></html>", "HTML"),
    ],
    ids=["random", "png", "xlsx", "xls", "gzip", "html"],
)
def test_a_binary_file_is_refused_with_what_it_seems_to_be_and_the_accepted_formats(tmp_path, content, seems):
    _, error, _ = run(tmp_path, content, "lieux.csv")
    assert error and seems in error
    assert "Formats acceptés : CSV" in error and "JSON" in error
    assert Place.objects.count() == 0


# --- 2. and 3. GeoJSON features ---------------------------------------------------------------------------


def test_geojson_features_that_are_not_objects_are_rejected_each_with_its_position(tmp_path):
    features = [
        feature(id="a"),
        42,
        "texte",
        None,
        [1, 2],
        {"type": "Feature", "properties": "x"},
        feature(id="b"),
    ]
    _, error, report = run(tmp_path, collection(features), "lieux.geojson")
    assert error is None
    assert report["counts"]["created"] == 2 and report["counts"]["rejected"] == 5
    assert sorted(rejected(report)) == [2, 3, 4, 5, 6]
    assert "élément n° 2 de « features »" in rejected(report)[2]
    assert set(Place.objects.values_list("origin_id", flat=True)) == {"a", "b"}


def test_a_feature_whose_geometry_gives_no_point_imports_at_its_communes_centre_with_a_report_line(tmp_path):
    features = [
        feature(id="sans-coordonnees", geometry={"type": "Point"}),
        feature(id="texte", geometry={"type": "Point", "coordinates": ["a", "b"]}),
        feature(id="booleens", geometry={"type": "Point", "coordinates": [True, False]}),
        feature(id="hors-limites", geometry={"type": "Point", "coordinates": [999, 999]}),
        feature(id="ligne", geometry={"type": "LineString", "coordinates": [[2.6, 46.3], [2.7, 46.4]]}),
        feature(id="chaine", geometry="POINT(2.6 46.3)"),
        feature(id="court", geometry={"type": "Point", "coordinates": [2.6]}),
        feature(id="sans-geometrie", geometry=None),
        feature(id="bon"),
        # No usable point and no commune: the usual rule for a place that cannot be located.
        feature(id="nulle-part", geometry={"type": "Point"}, commune="Atlantide", code_postal="00000"),
    ]
    _, error, report = run(tmp_path, collection(features), "lieux.geojson")
    assert error is None
    assert report["counts"]["created"] == 9 and report["counts"]["rejected"] == 1
    assert "impossible à situer" in rejected(report)[10]
    notes: dict[str, str] = {}
    for line in report["lines"]:
        if line["column"] == "latitude":
            notes[line["id"]] = notes.get(line["id"], "") + line["message"]
    assert "point sans coordonnées" in notes["sans-coordonnees"]
    assert "non numériques" in notes["texte"] and "non numériques" in notes["booleens"]
    assert "hors limites" in notes["hors-limites"]
    assert "LineString" in notes["ligne"] and "géométrie illisible" in notes["chaine"]
    approximate = Place.objects.filter(coordinates_approximate=True).values_list("origin_id", flat=True)
    assert set(approximate) == {
        "sans-coordonnees",
        "texte",
        "booleens",
        "hors-limites",
        "ligne",
        "chaine",
    } | {
        "court",
        "sans-geometrie",
    }
    assert Place.objects.get(origin_id="bon").latitude == pytest.approx(46.3406)


# --- 4. Deep nesting --------------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_as_a_file(tmp_path):
    _, error, _ = run(tmp_path, "[" * 100_000, "lieux.json")
    assert error and "imbriqué" in error
    assert Place.objects.count() == 0


def test_a_value_nested_hundreds_of_levels_deep_rejects_its_row_or_the_file_never_crashes(tmp_path):
    # Written by hand: json.dumps of such a value could itself hit the recursion limit in the test.
    deep = json.dumps(row(id="profond"))[:-1] + ', "services": ' + "[" * 900 + "]" * 900 + "}"
    _, error, report = run(tmp_path, f"[{json.dumps(row())}, {deep}]", "lieux.json")
    if error is None:
        assert report["counts"]["created"] >= 1
    else:
        assert "imbriqué" in error and Place.objects.count() == 0


# --- 5. Oversized cells -----------------------------------------------------------------------------------


def test_a_200_kb_csv_cell_rejects_its_row_and_the_others_import(tmp_path):
    rows = places(3)
    rows[1]["presentation_detail"] = "x" * 200_000
    _, error, report = run(tmp_path, csv_text(rows))
    assert error is None
    assert report["counts"]["created"] == 2
    assert "presentation_detail" in rejected(report)[2] and "200000 caractères" in rejected(report)[2]
    assert not Place.objects.filter(origin_id="lieu-2").exists()


def test_a_200_kb_json_value_rejects_its_row(tmp_path):
    records = places(2)
    records[0]["horaires"] = "Mo-Fr 09:00-12:00; " * 12_000
    _, error, report = run(tmp_path, json.dumps(records), "lieux.json")
    assert error is None and report["counts"]["created"] == 1 and list(rejected(report)) == [1]


def test_a_long_but_plausible_presentation_is_kept_whole(tmp_path):
    text = "Des ateliers pour tous les publics. " * 400  # 14,400 characters
    _, error, _ = run(tmp_path, csv_text([row(presentation_detail=text)]))
    assert error is None
    assert Place.objects.get().description == text.strip()


# --- 6. NUL and text no database stores -------------------------------------------------------------------


def test_a_nul_in_a_csv_name_rejects_its_row_on_every_database(tmp_path):
    _, error, report = run(tmp_path, csv_text([row(nom="Médiathèque\x00 Boris"), row(id="lieu-2")]))
    assert error is None
    assert report["counts"]["created"] == 1
    assert "NUL" in rejected(report)[1] and "« nom »" in rejected(report)[1]
    assert list(Place.objects.values_list("origin_id", flat=True)) == ["lieu-2"]


def test_a_nul_or_a_lone_surrogate_in_json_rejects_its_row(tmp_path):
    content = (
        '[{"id": "a", "nom": "EPN\\u0000", "commune": "Montluçon", "code_postal": "03100", "adresse": "1 rue"},'
        ' {"id": "b", "nom": "EPN \\ud800", "commune": "Montluçon", "code_postal": "03100", "adresse": "1 rue"},'
        ' {"id": "c", "nom": "EPN \\ud83d\\ude00", "commune": "Montluçon", "code_postal": "03100", "adresse": "1 rue"}]'
    )
    _, error, report = run(tmp_path, content, "lieux.json")
    assert error is None
    assert sorted(rejected(report)) == [1, 2]
    assert Place.objects.get().name == "EPN \U0001f600"  # a proper pair is a character like any other


def test_ids_too_long_for_the_column_are_rejected_not_cut_into_one(tmp_path):
    prefix = "x" * 255
    _, error, report = run(tmp_path, csv_text([row(id=prefix + "1"), row(id=prefix + "2"), row(id="court")]))
    assert error is None
    assert sorted(rejected(report)) == [1, 2]
    assert list(Place.objects.values_list("origin_id", flat=True)) == ["court"]


# --- 7. Encoding decided on the whole file ----------------------------------------------------------------


def test_a_bad_byte_after_row_1100_writes_nothing_and_says_where(tmp_path):
    data = csv_text(places(1200)).encode("utf-8")
    line = data.split(b"\n")
    line[1101] = line[1101].replace("Espace numérique".encode(), "Espace num\xe9rique".encode("cp1252"))
    _, error, _ = run(tmp_path, b"\n".join(line))
    assert error and "0xE9" in error and "ligne 1102" in error and "rien n'a été importé" in error
    assert Place.objects.count() == 0


def test_a_windows_1252_file_whose_first_accent_is_far_down_is_read_whole_as_windows_1252(tmp_path):
    rows = [row(id=f"lieu-{i}", nom=f"EPN {i}", commune="Montlucon") for i in range(1, 501)]
    rows[-1]["nom"] = "Médiathèque Boris Vian"
    _, error, report = run(tmp_path, csv_text(rows).encode("cp1252"))
    assert error is None and report["counts"]["created"] == 500
    assert "Windows-1252" in report["notes"][0]
    assert Place.objects.get(origin_id="lieu-500").name == "Médiathèque Boris Vian"


def test_an_undefined_windows_1252_byte_writes_nothing(tmp_path):
    data = csv_text([row(nom="Médiathèque"), row(id="lieu-2", nom="EPN \x81")]).encode("latin-1")
    _, error, _ = run(tmp_path, data)
    assert error and "0x81" in error and "ligne 3" in error
    assert Place.objects.count() == 0


def test_a_file_cut_in_the_middle_of_a_character_rejects_its_last_row(tmp_path):
    data = csv_text(places(3)).rstrip("\n").encode("utf-8") + " Médiathè".encode()[:-1]
    _, error, report = run(tmp_path, data)
    assert error is None and report["counts"]["created"] == 2
    assert "tronqué" in rejected(report)[3]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_files_are_read(tmp_path, encoding):
    _, error, report = run(tmp_path, csv_text(places(2)).encode(encoding))
    assert error is None and report["counts"]["created"] == 2
    assert Place.objects.get(origin_id="lieu-1").name == "Espace numérique n° 1"


def test_a_utf16_json_file_is_read(tmp_path):
    _, error, report = run(tmp_path, json.dumps(places(2), ensure_ascii=False).encode("utf-16"), "lieux.json")
    assert error is None and report["counts"]["created"] == 2


# --- 8. Truncated CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cut",
    [
        "lieu-3,Espace numérique n° 3,Montluçon,031",  # fewer cells, no line break
        'lieu-3,"Espace numérique',  # inside a quoted cell
        'lieu-3,EPN 3,Montluçon,03100,1 rue,46.34,2.60,2024-03-01,"Un lieu où\n',  # quote left open in the last cell
    ],
    ids=["fewer-cells", "open-quote", "open-quote-last-cell"],
)
def test_a_cut_last_line_is_rejected_as_truncated_and_the_others_import(tmp_path, cut):
    _, error, report = run(tmp_path, csv_text(places(2)) + cut)
    assert error is None
    assert report["counts"]["created"] == 2 and report["counts"]["rejected"] == 1
    assert "tronqué" in rejected(report)[3]
    assert not Place.objects.filter(origin_id="lieu-3").exists()


def test_a_quote_left_open_mid_file_rejects_what_it_swallowed_in_one_line(tmp_path):
    rows = places(4)
    rows[1]["adresse"] = "@@OPEN@@"
    text = csv_text(rows).replace("@@OPEN@@", '"1 rue')
    _, error, report = run(tmp_path, text)
    assert error is None
    assert report["counts"]["created"] == 1 and list(rejected(report)) == [2]
    assert "et les 2 suivantes" in rejected(report)[2]


def test_a_complete_last_line_without_a_line_break_is_not_truncated(tmp_path):
    _, error, report = run(tmp_path, csv_text(places(3)).rstrip("\n"))
    assert error is None and report["counts"]["created"] == 3


# --- Empty and misshapen files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"", "lieux.csv", "vide"),
        (b"\xef\xbb\xbf \n\n", "lieux.csv", "vide"),
        (HEADER + "\n", "lieux.csv", "que sa ligne d'en-tête"),
        ("[]", "lieux.json", "aucun lieu"),
        ("{}", "lieux.json", "attendu un tableau d'objets"),
        ('{"a": [1], "b": [2]}', "lieux.json", "2 tableaux"),
        (
            '{"type": "FeatureCollection", "features": "x"}',
            "lieux.json",
            "« features » devrait être un tableau",
        ),
        ('{"type": "FeatureCollection"}', "lieux.json", "« features » devrait être un tableau"),
        ('[{"id": 1,', "lieux.json", "tronqué"),
        ("[" + "1" * 5000 + "]", "lieux.json", "JSON illisible"),
        ('"texte"', "lieux.json", "que sa ligne d'en-tête"),
    ],
)
def test_empty_and_misshapen_files_are_refused_with_a_clear_message(tmp_path, content, name, says):
    _, error, _ = run(tmp_path, content, name)
    assert error and says in error
    assert Place.objects.count() == 0


def test_a_json_array_of_non_objects_rejects_each_item(tmp_path):
    _, error, report = run(tmp_path, json.dumps([1, "a", None, row()]), "lieux.json")
    assert error is None
    assert sorted(rejected(report)) == [1, 2, 3] and report["counts"]["created"] == 1


# --- Injection-shaped text is text ------------------------------------------------------------------------


def test_formula_and_markup_shaped_values_are_stored_unchanged(tmp_path):
    formula = '=HYPERLINK("http://exemple.invalid/?x","cliquez")'
    markup = "<script>alert('x')</script> <img src=x onerror=alert(1)>"
    rows = [
        row(nom=formula, presentation_detail=markup),
        row(id="lieu-2", nom="+cmd|' /C calc'!A0", presentation_detail="@SUM(1+1)"),
    ]
    _, error, report = run(tmp_path, csv_text(rows))
    assert error is None and report["counts"]["created"] == 2
    first, second = Place.objects.order_by("origin_id")
    assert (first.name, first.description) == (formula, markup)
    assert (second.name, second.description) == ("+cmd|' /C calc'!A0", "@SUM(1+1)")


def test_every_file_level_refusal_happens_before_the_first_record(tmp_path):
    # The importer writes as it reads: anything that condemns the file must be known before a record is given.
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_text(places(1200)).encode() + b"\xff\n")
    with pytest.raises(reader.UnreadableFile):
        reader.read_records(path)
