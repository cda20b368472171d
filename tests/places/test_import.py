import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from places import importer
from places.importer import PlaceImporter
from places.models import Place, PlaceTag
from places.vocabularies import Dispositif, Frais, Service, Vocabulary

REAL = Path(__file__).resolve().parents[2] / "places" / "data" / "real"
REAL_FILES = sorted(REAL.glob("*.json"))
TODAY = date(2026, 11, 25)


def run_import(path, origin="test", **options):
    return PlaceImporter(origin=origin, today=TODAY, **options).run(path)


def write_json(tmp_path, records, name="lieux.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def record(**fields):
    base = {
        "id": "lieu-1",
        "pivot": "00000000000000",
        "nom": "Médiathèque Boris Vian",
        "commune": "Montluçon",
        "code_postal": "03100",
        "adresse": "1 place de la Comédie",
        "latitude": 46.3406,
        "longitude": 2.6030,
        "date_maj": "2024-03-01",
        "services": "Aide aux démarches administratives|Accès internet et matériel informatique",
    }
    return {**base, **fields}


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem)
def test_every_real_file_imports_with_at_least_98_percent_accepted_and_every_rejection_explained(path):
    report = run_import(path, origin=path.stem[:60])
    total = len(json.loads(path.read_text()))
    accepted = report.counts["created"]
    assert report.total == total
    assert accepted / total >= 0.98, report.summary()
    rejections = [line for line in report.lines if line.outcome == "rejeté"]
    assert len(rejections) == report.counts["rejected"]
    assert all(line.message and line.number for line in rejections)
    assert Place.objects.filter(origin=path.stem[:60]).count() == accepted


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem)
def test_reimporting_the_same_file_changes_nothing_and_writes_no_history(path):
    run_import(path)
    history = Place.history.count()
    stamps = dict(Place.objects.values_list("pk", "updated_at"))

    report = run_import(path)

    assert report.counts["created"] == report.counts["updated"] == 0
    assert report.counts["unchanged"] == Place.objects.count()
    assert Place.history.count() == history
    assert dict(Place.objects.values_list("pk", "updated_at")) == stamps


def test_a_v0_conseillers_numeriques_file_is_mapped_to_v1():
    run_import(REAL / "conseillers-numeriques_idf_2022_v0.json")
    place = Place.objects.with_tags().get(origin_id="626809503a929e0790b16cf7")
    # "Prendre en main un smartphone…, Prendre en main un ordinateur, …, Approfondir ma culture numérique"
    assert place.services == [Service.OUTILS_QUOTIDIEN, Service.COMPREHENSION]
    assert place.frais == [Frais.GRATUIT]  # from the misspelt column conditions_access
    assert place.dispositifs == [Dispositif.CONSEILLERS_NUMERIQUES]  # labels_nationaux CNFS
    # "PARIS 10" is the 10th arrondissement
    assert place.commune_id == "75110"
    assert place.pivot == "55202210500357"


def test_the_homonym_mont_dore_is_corrected_from_its_postcode_and_reported():
    report = run_import(REAL / "nouvelle-caledonie_20240320_standard.json")
    places = Place.objects.filter(commune_name__icontains="mont-dore")
    assert places.exists()
    assert set(places.values_list("commune_id", flat=True)) == {"98817"}
    assert any(line.column == "code_insee" and "63236" in line.message for line in report.lines)


def test_placeholders_are_not_data(tmp_path):
    run_import(write_json(tmp_path, [record(pivot="00000000000000", date_maj="1970-01-01")]))
    place = Place.objects.get()
    assert place.pivot == ""
    assert place.updated_on is None


def test_missing_coordinates_fall_back_to_the_commune_centre_flagged_approximate(tmp_path):
    report = run_import(write_json(tmp_path, [record(latitude=None, longitude=None)]))
    place = Place.objects.get()
    assert place.coordinates_approximate is True
    assert place.latitude == pytest.approx(46.34, abs=0.05)
    assert any("approximatif" in line.message for line in report.lines)


def test_repairs_are_applied_and_reported(tmp_path):
    report = run_import(
        write_json(
            tmp_path,
            [
                record(
                    code_postal="3100",
                    telephone="04 70 05 12 34",
                    site_web="www.montlucon.com",
                    commune="MONTLUCON",
                )
            ],
        )
    )
    place = Place.objects.get()
    assert (place.postcode, place.phone, place.websites) == (
        "03100",
        "+33470051234",
        ["https://www.montlucon.com"],
    )
    assert place.commune_name == "Montluçon"
    assert report.counts["repaired"] == 1
    assert {line.column for line in report.lines} >= {"code_postal", "telephone", "site_web"}


def test_overseas_numbers_get_their_own_calling_code(tmp_path):
    run_import(
        write_json(
            tmp_path,
            [
                record(
                    commune="Nouméa",
                    code_postal="98800",
                    telephone="44 57 28",
                    latitude=-22.27,
                    longitude=166.44,
                )
            ],
        )
    )
    assert Place.objects.get().phone == "+687445728"


@pytest.mark.parametrize(
    ("fields", "column"),
    [
        ({"nom": ""}, "nom"),
        ({"id": ""}, "id"),
        ({"commune": "Atlantide", "code_postal": "00000", "latitude": None, "longitude": None}, "commune"),
        ({"adresse": " "}, "adresse"),
    ],
)
def test_a_row_that_cannot_be_repaired_is_rejected_with_its_column_and_reason(tmp_path, fields, column):
    report = run_import(write_json(tmp_path, [record(**fields), record(id="lieu-2")]))
    assert report.counts["rejected"] == 1
    assert report.counts["created"] == 1
    [line] = [line for line in report.lines if line.outcome == "rejeté"]
    assert (line.number, line.column) == (1, column)


def test_an_id_seen_twice_in_a_file_is_rejected_the_second_time(tmp_path):
    report = run_import(write_json(tmp_path, [record(), record(nom="Autre")]))
    assert report.counts["rejected"] == 1
    assert Place.objects.get().name == "Médiathèque Boris Vian"


def test_a_changed_row_updates_only_that_place(tmp_path):
    path = write_json(tmp_path, [record(), record(id="lieu-2", nom="EPN")])
    run_import(path)
    untouched = Place.objects.get(origin_id="lieu-2").updated_at

    changed = [record(frais_a_charge="Payant"), record(id="lieu-2", nom="EPN")]
    report = run_import(write_json(tmp_path, changed))

    assert (report.counts["updated"], report.counts["unchanged"]) == (1, 1)
    assert Place.objects.with_tags().get(origin_id="lieu-1").frais == [Frais.PAYANT]
    assert Place.objects.get(origin_id="lieu-2").updated_at == untouched


def test_unknown_columns_are_ignored_and_counted(tmp_path):
    report = run_import(write_json(tmp_path, [record(couleur="bleu"), record(id="2", couleur="vert")]))
    assert report.unknown_columns == {"couleur": 2}
    assert report.counts["created"] == 2


def test_unknown_vocabulary_values_are_dropped_and_reported(tmp_path):
    report = run_import(
        write_json(tmp_path, [record(services="Aide aux démarches administratives|Jardinage")])
    )
    assert Place.objects.with_tags().get().services == [Service.DEMARCHES]
    assert any("Jardinage" in line.message for line in report.lines)


def test_the_official_example_csv_imports_field_for_field():
    example = Path(__file__).resolve().parents[2] / "places" / "data" / "exemple-valide.csv"
    report = run_import(example)
    place = Place.objects.with_tags().get()
    assert report.counts["created"] == 1
    assert (place.name, place.pivot, place.commune_id, place.phone) == (
        "Anonymal",
        "43493312300029",
        "51454",
        "+33180059880",
    )
    assert place.emails == ["contact@laquincaillerie.tl", "responsable@laquincaillerie.tl"]
    assert place.typologie == ["ASSO", "TIERS_LIEUX"]
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert place.other_labels == ["Label et la bête"]
    assert len(place.modalites_accompagnement) == 4


def test_a_dry_run_writes_nothing_but_counts_everything():
    report = run_import(REAL / "charente_20230711_standard.json", dry_run=True)
    assert report.counts["created"] > 180
    assert Place.objects.count() == 0
    assert PlaceTag.objects.count() == 0


def fail_on_third_batch(monkeypatch, error):
    """Make the importer's third batch of tag inserts raise `error` (a crash or Ctrl-C mid-file)."""
    original = importer.insert_rows
    calls = {"n": 0}

    def insert_rows(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(importer, "insert_rows", insert_rows)


def test_a_failure_mid_file_never_leaves_a_half_written_place(tmp_path, monkeypatch):
    records = [record(id=f"lieu-{i}") for i in range(1200)]
    path = write_json(tmp_path, records)
    fail_on_third_batch(monkeypatch, KeyboardInterrupt)
    with pytest.raises(KeyboardInterrupt):
        run_import(path)
    # Two whole batches are in, the third not at all: every place written has all its tags.
    assert Place.objects.count() == 1000
    assert PlaceTag.objects.filter(vocabulary=Vocabulary.SERVICES).count() == 2000


def test_atomic_makes_the_whole_file_all_or_nothing(tmp_path, monkeypatch):
    path = write_json(tmp_path, [record(id=f"lieu-{i}") for i in range(1200)])
    fail_on_third_batch(monkeypatch, RuntimeError("disk full"))
    with pytest.raises(RuntimeError):
        run_import(path, atomic=True)
    assert Place.objects.count() == 0


def test_the_same_place_from_two_sources_is_linked_as_a_probable_duplicate(tmp_path):
    run_import(write_json(tmp_path, [record()], "a.json"), origin="hub")
    report = run_import(
        write_json(tmp_path, [record(id="x-9", nom="MEDIATHEQUE BORIS-VIAN", latitude=46.3407)], "b.json"),
        origin="departement",
    )
    first, second = Place.objects.get(origin="hub"), Place.objects.get(origin="departement")
    assert report.counts["duplicates"] == 1
    assert second.duplicate_of == first
    assert "50 m" in second.duplicate_reason
    assert list(Place.objects.canonical()) == [first]


def test_the_command_prints_counts_and_writes_a_report(tmp_path, capsys):
    report_path = tmp_path / "rapport.csv"
    path = write_json(tmp_path, [record(), record(id="2", nom="")])
    call_command("import_places", str(path), "--source", "Mon Hub", "--report", str(report_path))
    out = capsys.readouterr().out
    assert "1 créés" in out and "1 rejetés" in out and "mon-hub" in out
    assert "nom du lieu manquant" in report_path.read_text()
    assert Place.objects.get().origin == "mon-hub"


def test_a_semicolon_separated_windows_1252_csv_of_the_old_standard_imports(tmp_path):
    # What a spreadsheet saves: semicolons between columns, Windows-1252, v0 column names and values.
    path = tmp_path / "export-tableur.csv"
    path.write_bytes(
        (
            "id;nom;commune;code_postal;adresse;latitude;longitude;services;conditions_acces;courriel;date_maj\n"
            "42;Espace numérique de Néris;NERIS LES BAINS;3310;Place de la Mairie;46,287;2,661;"
            "Prendre en main un ordinateur;Gratuit : Je peux accéder gratuitement au lieu et à ses services;"
            "epn@neris.fr;15/03/2023\n"
        ).encode("cp1252")
    )
    report = run_import(path)
    place = Place.objects.with_tags().get()
    assert report.counts["created"] == 1
    assert (place.name, place.postcode, place.commune_id) == ("Espace numérique de Néris", "03310", "03195")
    assert (place.latitude, place.longitude) == (46.287, 2.661)
    assert place.services == [Service.OUTILS_QUOTIDIEN]
    assert place.frais == [Frais.GRATUIT]
    assert place.emails == ["epn@neris.fr"]
    assert place.updated_on == date(2023, 3, 15)
