"""Real sources in, in one step: headers read like values, hours in words, communes from every clue, files that
are not the standard through a mapping profile (the national France Services list, ANCT's mednum-cli
configurations), and reports a person reads."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from places import geo, import_checks
from places.formats import profiles
from places.import_report import ReportLine
from places.importer import NotTheStandard, PlaceImporter
from places.models import Place
from places.vocabularies import Dispositif, Frais, Itinerance, Service
from programmes.models import Support

DATA = Path(__file__).resolve().parents[2] / "places" / "data" / "real"
FRANCE_SERVICES = DATA / "france-services" / "liste-fs-20240801.csv"
RAW_SOURCES = Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "raw-sources"
TODAY = date(2026, 11, 25)


def run_import(path, origin="test", **options):
    return PlaceImporter(origin=origin, today=TODAY, **options).run(path)


def write_csv(tmp_path, header: list[str], rows: list[list], name="lieux.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- Headers --------------------------------------------------------------------------------------------


def test_headers_are_read_whatever_their_case_accents_and_spaces(tmp_path):
    path = write_csv(
        tmp_path,
        ["ID", "Nom", "Adresse", "Code Postal", "COMMUNE", "Téléphone", "Courriel", "Date de mise à jour"],
        [
            [
                "1",
                "EPN de Néris",
                "Place de la Mairie",
                "03310",
                "Néris-les-Bains",
                "04 70 03 10 00",
                "epn@neris.fr",
                "2024-05-02",
            ]
        ],
    )
    report = run_import(path)
    place = Place.objects.get()
    assert report.counts["created"] == 1 and not report.unknown_columns
    assert (place.address, place.phone, place.emails) == (
        "Place de la Mairie",
        "+33470031000",
        ["epn@neris.fr"],
    )
    assert place.updated_on == date(2024, 5, 2)


def test_an_unknown_header_is_listed_once_with_the_closest_known_column(tmp_path):
    path = write_csv(
        tmp_path,
        ["id", "nom", "adresse", "code_postal", "commune", "telphone", "couleur"],
        [
            ["1", "EPN", "1 place de la Mairie", "03100", "Montluçon", "0470000000", "bleu"],
            ["2", "EPN 2", "2 rue", "03100", "Montluçon", "0470000001", "vert"],
        ],
    )
    report = run_import(path)
    assert report.unknown_columns == {"telphone": 2, "couleur": 2}
    summary = report.summary()
    assert "telphone (2 lignes, peut-être « telephone » ?)" in summary
    assert "couleur (2 lignes)" in summary


def test_a_misspelt_required_header_is_named_in_the_one_message_of_the_refusal(tmp_path):
    path = write_csv(tmp_path, ["id", "nom", "adrese", "code_postal"], [["1", "EPN", "1 rue", "03100"]])
    with pytest.raises(NotTheStandard, match="« adrese » : peut-être « adresse »"):
        run_import(path)


# --- Hours in words -----------------------------------------------------------------------------------


def test_hours_in_words_become_opening_hours_and_what_cannot_be_read_is_kept(tmp_path):
    path = write_csv(
        tmp_path,
        ["id", "nom", "adresse", "code_postal", "commune", "horaires"],
        [
            ["1", "A", "1 rue", "03100", "Montluçon", "du lundi au vendredi de 9h à 12h et de 14h à 17h"],
            ["2", "B", "2 rue", "03100", "Montluçon", "Sur rendez-vous"],
            ["3", "C", "3 rue", "03100", "Montluçon", "Le premier samedi du mois de 9h à 12h, sauf en août"],
        ],
    )
    run_import(path)
    a, b, c = Place.objects.order_by("origin_id")
    assert (a.opening_hours, a.opening_hours_note) == ("Mo-Fr 09:00-12:00,14:00-17:00", "")
    assert (b.opening_hours, b.opening_hours_note) == ("", "Sur rendez-vous.")
    assert c.opening_hours_note  # not read, not lost: the place page shows it
    assert "août" in c.opening_hours_note or c.opening_hours


# --- Communes from every clue ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commune", "postcode", "latitude", "longitude", "expected"),
    [
        # The bare name is a commune of the Vienne, 154 km away; the postcode's commune is 0.7 km away.
        ("Châtain", "23700", 46.0529, 2.4421, "23005"),
        # Merged into communes nouvelles: found where their places are.
        ("La Rochette", "73110", 45.4577, 6.1124, "73215"),
        ("Entremont", "74130", 45.9586, 6.3825, "74212"),
        # A name nobody knows, coordinates in Montluçon: the nearest commune.
        ("Lieu-dit des Bois", "", 46.3406, 2.6030, "03185"),
    ],
)
def test_coordinates_and_postcode_win_over_a_bare_name(
    tmp_path, commune, postcode, latitude, longitude, expected
):
    path = write_csv(
        tmp_path,
        ["id", "nom", "adresse", "code_postal", "commune", "latitude", "longitude"],
        [["1", "France services", "1 place de la Mairie", postcode, commune, latitude, longitude]],
    )
    report = run_import(path)
    assert Place.objects.get().commune_id == expected
    assert any(line.column == "code_insee" for line in report.lines)  # the report says which clue lost


def test_clues_that_agree_keep_their_commune_and_doubtful_coordinates_are_reported(tmp_path):
    # The official example: Reims, 51100, INSEE 51454, with coordinates in Provence.
    path = write_csv(
        tmp_path,
        ["id", "nom", "adresse", "code_postal", "commune", "code_insee", "latitude", "longitude"],
        [["1", "Anonymal", "12 bis rue de Leclercq", "51100", "Reims", "51454", 43.52609, 5.41423]],
    )
    report = run_import(path)
    assert Place.objects.get().commune_id == "51454"
    assert any("à vérifier" in line.message for line in report.lines)


def test_lambert_93_coordinates_are_converted():
    latitude, longitude = geo.from_lambert93(700_000, 6_600_000)
    assert (round(latitude, 6), round(longitude, 6)) == (46.5, 3.0)
    latitude, longitude = geo.from_lambert93(652_469, 6_861_953)  # Paris, Hôtel de Ville
    assert abs(latitude - 48.856) < 0.002 and abs(longitude - 2.352) < 0.002


# --- Files that are not the standard -----------------------------------------------------------------


def france_services_rows(tmp_path, count=40) -> Path:
    """The header and some rows of the national list, buses and antennas among them."""
    lines = FRANCE_SERVICES.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header, body = rows[0], rows[1:]
    kinds = header.index("format_fs"), header.index("type_fs")
    chosen = body[:count] + [row for row in body if row[kinds[0]] in ("Bus_équivalent", "Itinérante")][:5]
    chosen += [row for row in body if row[kinds[1]] == "Antenne"][:3]
    unique = list({row[0]: row for row in chosen}.values())
    return write_csv(tmp_path, header, unique, name="liste-fs.csv")


def test_a_file_that_is_not_the_standard_gets_one_message_naming_its_columns_and_the_profile(tmp_path):
    path = france_services_rows(tmp_path)
    with pytest.raises(NotTheStandard) as refused:
        run_import(path)
    message = str(refused.value)
    assert "lib_fs" in message and "--profile france-services" in message
    assert Place.objects.count() == 0
    other = write_csv(tmp_path, ["Structure", "Ville"], [["A", "B"]], name="autre.csv")
    with pytest.raises(NotTheStandard, match="--profile CHEMIN"):
        run_import(other)


def test_the_france_services_list_imports_through_its_profile_with_hours_buses_and_labels(tmp_path):
    call_command("load_programmes", verbosity=0)
    path = france_services_rows(tmp_path)
    report = run_import(path, origin="france-services", profile=profiles.load("france-services"))
    rows = report.counts["read"]
    assert report.counts["rejected"] == 0 and report.counts["created"] == rows >= 45
    place = Place.objects.with_tags().get(origin_id="1")
    assert place.name == "France services de Valserhône"
    assert place.opening_hours == "Mo 13:30-17:00; Tu-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00"
    assert (place.phone, place.commune_id) == ("+33450568749", "01033")
    assert place.dispositifs == [Dispositif.FRANCE_SERVICES]
    assert place.services == [Service.DEMARCHES] and place.frais == [Frais.GRATUIT]
    assert place.typologie == ["RFS"] and place.updated_on is None  # the list does not date its rows
    buses = Place.objects.filter(origin="france-services", tags__value=Itinerance.ITINERANT)
    assert buses.count() >= 5
    support = Support.objects.get(place=place)
    assert (support.programme.slug, support.status, support.starts_on) == (
        "france-services",
        "labelled",
        date(2020, 1, 1),
    )
    assert Place.objects.filter(summary__startswith="Antenne").count() >= 3
    again = run_import(path, origin="france-services", profile=profiles.load("france-services"))
    assert again.counts["unchanged"] == rows and Support.objects.count() == rows


def test_the_command_takes_a_profile_by_name_or_path_and_refuses_an_unknown_one(tmp_path, capsys):
    path = france_services_rows(tmp_path, count=5)
    call_command("import_places", str(path), "--profile", "france-services", "--source", "fs")
    out = capsys.readouterr().out
    assert f"{Place.objects.count()} créés" in out and "0 rejetés" in out
    with pytest.raises(CommandError, match="profils fournis : france-services"):
        call_command("import_places", str(path), "--profile", "inconnu")
    with pytest.raises(CommandError, match="--profile france-services"):
        call_command("import_places", str(path), "--source", "autre")


@pytest.mark.skipif(
    not RAW_SOURCES.is_dir(), reason="../shared/data/real/raw-sources is not beside the project"
)
@pytest.mark.parametrize(("source", "minimum"), [("gironde", 347), ("maine-et-loire", 240), ("hub-lo", 425)])
def test_anct_mednum_cli_configurations_import_their_raw_sources_as_they_are(source, minimum):
    profile = profiles.load(str(RAW_SOURCES / f"{source}.config.json"))
    report = run_import(RAW_SOURCES / f"{source}.json", origin=source, profile=profile)
    assert report.counts["created"] >= minimum, report.summary()
    assert report.counts["created"] / report.counts["read"] >= 0.98
    located = Place.objects.filter(origin=source, coordinates_approximate=False).exclude(latitude=None)
    if source == "maine-et-loire":  # Lambert-93 metres, converted
        assert located.count() > 200 and 46.9 < located.first().latitude < 47.9


def test_a_profile_reads_columns_terms_joins_and_constants():
    profile = profiles.Profile(
        "essai",
        {
            "nom": {"colonne": "Lieu"},
            "adresse": {"joindre": {"colonnes": ["N°", "Rue"], "séparateur": " "}},
            "latitude": {"colonne": "geo.lat"},
            "source": {"valeur": "Département"},
            "services": [
                {
                    "colonnes": ["Offre"],
                    "termes": ["démarches"],
                    "sauf": ["juridiques"],
                    "cible": "Aide aux démarches administratives",
                },
                {"colonnes": ["Wifi"], "cible": "Accès internet et matériel informatique"},
                {"cible": "Maîtrise des outils numériques du quotidien"},
            ],
        },
    )
    record, _extras = profile.read(
        {
            "Lieu": "EPN",
            "N°": 3,
            "Rue": "rue Haute",
            "geo": {"lat": 46.1},
            "Offre": "Aide aux Démarches",
            "Wifi": "",
        }
    )
    assert (record["nom"], record["adresse"], record["latitude"], record["source"]) == (
        "EPN",
        "3 rue Haute",
        46.1,
        "Département",
    )
    assert record["services"] == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
    ]
    assert len(record["id"]) == 16  # no id column: a digest of name, address, postcode and commune


# --- Phone numbers as spreadsheets write them ---------------------------------------------------------


@pytest.mark.parametrize(
    "raw, postcode, phone",
    [
        ("05 57 87 02 57", "33000", "+33557870257"),
        ("5 57 87 02 57", "33000", "+33557870257"),  # trunk 0 lost by a spreadsheet's number format
        ("+33 (0)5 57 87 02 57", "33000", "+33557870257"),
        ("0033 5 57 87 02 57", "33000", "+33557870257"),
        ("05 57 87 02 57 / 05 56 08 98 55", "33000", "+33557870257"),
        ("0262 12 34 56", "97400", "+262262123456"),
        ("41 23 45", "97500", "+508412345"),  # Saint-Pierre-et-Miquelon: 6 digits
        ("054088085", "33000", ""),  # a digit missing: ANCT's library refuses it, so do we
        ("44 57 28", "75001", ""),
        ("+33054088085", "33000", ""),
    ],
)
def test_phone_numbers_are_rewritten_in_the_standards_format_or_dropped_with_a_note(raw, postcode, phone):
    written, note = import_checks.check_phone(raw, postcode)
    assert written == phone
    assert (note is None) == (written == raw)


# --- Reports --------------------------------------------------------------------------------------------


def test_the_report_counts_repairs_and_rejections_by_kind_with_an_example_each(tmp_path):
    rows = [
        [str(i), f"EPN {i}", "1 rue", "03100", "Montluçon", "04 70 05 00 0" + str(i % 10)] for i in range(6)
    ]
    rows += [["7", "", "1 rue", "03100", "Montluçon", ""], ["8", "", "2 rue", "03100", "Montluçon", ""]]
    report = run_import(
        write_csv(tmp_path, ["id", "nom", "adresse", "code_postal", "commune", "telephone"], rows)
    )
    summary = report.summary()
    assert summary.startswith("8 lignes lues, 6 créés")
    assert "2 × nom : nom du lieu manquant (par exemple ligne 7, id « 7 »" in summary
    assert "6 × telephone : téléphone … réécrit en …" in summary
    path = tmp_path / "rapport.json"
    report.write(path)
    assert json.loads(path.read_text())["counts"]["rejected"] == 2


def test_repairs_differing_only_by_the_rows_values_are_one_kind():
    lines = [
        ReportLine(
            1, "a", "réparé", "site_web", "adresse web « www.lormont.fr » complétée en https://www.lormont.fr"
        ),
        ReportLine(
            2,
            "b",
            "réparé",
            "site_web",
            "adresse web « asti-pessac.org » complétée en https://asti-pessac.org",
        ),
        ReportLine(
            3,
            "c",
            "réparé",
            "adresse",
            "adresse « 8 rue X - 33000 Bordeaux » : code postal et commune retirés (8 rue X)",
        ),
    ]
    assert len({line.kind for line in lines}) == 2


# --- Freshness is never invented --------------------------------------------------------------------------


def test_a_place_whose_source_had_no_date_says_so_on_its_page_and_in_the_api(tmp_path, client):
    path = write_csv(
        tmp_path,
        ["id", "nom", "adresse", "code_postal", "commune", "horaires"],
        [["1", "EPN", "1 rue", "03100", "Montluçon", "Sur rendez-vous le mardi"]],
    )
    report = run_import(path)
    place = Place.objects.get()
    assert place.updated_on is None
    assert any(line.column == "date_maj" and "date inconnue" in line.message for line in report.lines)
    html = client.get(place.get_absolute_url()).content.decode()
    assert "date de mise à jour inconnue" in html
    assert "Sur rendez-vous." in html  # the hours' precision, shown beside them
    body = client.get(f"/api/v1/places/{place.pk}/").json()
    assert body["date_maj_connue"] is False and body["horaires_precisions"]
    assert body["date_maj"] == place.updated_at.date().isoformat()  # the standard requires one: ours, said so
