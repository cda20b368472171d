"""The communes gazetteer: finding communes from what people type and what files say, and loading it.

The test database holds the real gazetteer (tests/conftest.py loads it once per session).
"""

import filecmp
import gzip
import subprocess
import sys

import pytest
from django.conf import settings

from places import gazetteer
from places.gazetteer_loader import DATA_DIR, load_gazetteer
from places.models import Commune, CommunePostcode, Departement, Epci, Region

# --- Finding communes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["Saint-Étienne", "saint etienne", "ST ETIENNE", "St-Etienne", "42000", "42218"]
)
def test_every_way_of_writing_saint_etienne_finds_it_first(query):
    assert gazetteer.resolve(query)[0].code == "42218"


def test_both_mont_dore_are_found_and_kept_apart():
    found = {c.code: c for c in gazetteer.resolve("Mont-Dore")}

    assert found["63236"].departement.name == "Puy-de-Dôme"
    assert found["98817"].departement.name == "Nouvelle-Calédonie"
    assert found["63236"].latitude > 45 and found["98817"].latitude < -20


def test_a_name_with_its_postcode_finds_only_that_commune():
    # 98809 is also the INSEE code of L'Île-des-Pins: the name settles it.
    assert [c.code for c in gazetteer.resolve("le mont dore 98809")] == ["98817"]
    assert [c.code for c in gazetteer.resolve("98809 Le Mont-Dore")] == ["98817"]


def test_a_five_digit_code_is_read_as_a_postcode_first_then_as_an_insee_code():
    assert [c.code for c in gazetteer.resolve("98809")] == ["98817", "98809"]


def test_a_postcode_shared_by_several_communes_returns_them_all():
    served = set(CommunePostcode.objects.filter(postcode="51300").values_list("commune_id", flat=True))

    found = gazetteer.by_postcode("51300")

    assert len(served) > 40
    assert {c.code for c in found} == served
    # The search box lists them first (51300 is also an INSEE code, whose commune comes after).
    assert {c.code for c in gazetteer.resolve("51300", limit=100)[: len(served)]} == served


def test_saint_martin_homonyms_come_back_distinct_with_their_departements():
    found = gazetteer.resolve("Saint-Martin")
    homonyms = [c for c in found if c.name == "Saint-Martin"]

    assert len(homonyms) >= 5
    assert len({c.departement_id for c in homonyms}) == len(homonyms)
    assert {"32", "54", "65", "67", "978"} <= {c.departement_id for c in homonyms}
    # The exact name comes before Saint-Martin-d'Hères and the like.
    assert found[: len(homonyms)] == homonyms


def test_every_homonym_is_returned_even_beyond_the_limit():
    assert len(gazetteer.resolve("Sainte-Colombe", limit=3)) >= 12


def test_a_homonym_and_its_postcode_give_the_overseas_one():
    assert [c.code for c in gazetteer.resolve("Saint-Martin 97150")] == ["97801"]


@pytest.mark.parametrize(
    "query, code",
    [("Les Abymes", "97101"), ("Saint-Denis 97400", "97411"), ("Nouméa", "98818"), ("98800", "98818")],
)
def test_overseas_communes_are_found_with_coordinates(query, code):
    commune = gazetteer.resolve(query)[0]

    assert commune.code == code
    assert commune.latitude is not None and commune.latitude < 20


@pytest.mark.parametrize(
    "query, code",
    [
        ("PARIS 10", "75110"),
        ("Paris 10e", "75110"),
        ("paris 10ème arrondissement", "75110"),
        ("Paris 1er", "75101"),
        ("Lyon 3e arrondissement", "69383"),
        ("MARSEILLE 13", "13213"),
    ],
)
def test_a_city_and_a_number_find_the_arrondissement(query, code):
    assert gazetteer.resolve(query)[0].code == code


def test_a_name_written_without_its_ligature_is_found():
    assert "51410" in {c.code for c in gazetteer.resolve("Oeuilly")}


def test_a_search_takes_a_handful_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        gazetteer.resolve("Saint-Martin 97150")
    with django_assert_max_num_queries(2):
        gazetteer.resolve("saint")


def test_autocomplete_finds_saint_etienne_from_its_first_letters():
    assert gazetteer.autocomplete("saint-et")[0].code == "42218"
    assert gazetteer.autocomplete("St Et")[0].code == "42218"


def test_autocomplete_on_digits_finds_communes_by_postcode():
    found = gazetteer.autocomplete("421", limit=100)

    assert len(found) > 20
    for commune in found:
        assert any(row.postcode.startswith("421") for row in commune.postcode_rows.all()), commune
    assert gazetteer.autocomplete("420")[0].code == "42218"


def test_an_arrondissement_code_gives_the_arrondissement_and_its_city():
    arrondissement = gazetteer.by_insee("75110")

    assert arrondissement.kind == Commune.Kind.ARRONDISSEMENT
    assert arrondissement.parent.code == "75056"


def test_a_delegated_commune_code_gives_the_delegated_commune_and_its_commune():
    # Conques (12076) is part of Conques-en-Rouergue (12218) since 2025.
    conques = gazetteer.by_insee("12076")

    assert conques.kind == Commune.Kind.DELEGUEE
    assert conques.parent.name == "Conques-en-Rouergue"
    assert conques.latitude is not None


# --- Matching what import files say ------------------------------------------------------------------


def test_match_replaces_an_insee_code_that_contradicts_the_postcode_and_says_why():
    result = gazetteer.match("Mont-Dore", "98809", "63236")

    assert result.commune.code == "98817"
    assert any("63236" in note and "98817" in note for note in result.corrections)


def test_match_reads_the_mont_dore_rows_of_the_new_caledonia_file():
    # As written in the real file: the postcode is Nouméa's and the INSEE code the Puy-de-Dôme homonym's.
    result = gazetteer.match("Mont-Dore", "98800", "63236")

    assert result.commune.code == "98817"
    assert result.postcode == "98809"
    assert len(result.corrections) == 2


def test_match_accepts_a_consistent_record_without_comment():
    result = gazetteer.match("Saint-Étienne", "42000", "42218")

    assert result.commune.code == "42218"
    assert result.corrections == []


def test_match_reads_an_arrondissement_written_as_in_the_conseillers_numeriques_file():
    assert gazetteer.match("PARIS 10", "75010").commune.code == "75110"


def test_match_leaves_a_homonym_without_postcode_unresolved_and_lists_the_candidates():
    result = gazetteer.match("Saint-Martin", "")

    assert result.commune is None
    assert len(result.candidates) >= 5
    assert result.corrections


def test_match_gives_the_postcode_of_a_commune_found_by_its_insee_code():
    result = gazetteer.match("Bourg-en-Bresse", "", "1053")  # a spreadsheet dropped the leading zero

    assert result.commune.code == "01053"
    assert result.postcode == "01000"


# --- The data ------------------------------------------------------------------------------------------


def test_every_current_commune_has_coordinates():
    current = Commune.objects.current()

    assert current.count() == 34969  # commune-actuelle in COG 2025
    assert not current.filter(latitude__isnull=True).exists()
    assert current.filter(coordinates_source=Commune.CoordinatesSource.COMMUNE).count() >= 34860


def test_paris_sits_among_its_arrondissements():
    paris = Commune.objects.get(code="75056")

    assert paris.coordinates_source == Commune.CoordinatesSource.ARRONDISSEMENTS
    assert 48.8 < paris.latitude < 48.9 and 2.3 < paris.longitude < 2.4


def test_a_commune_is_rural_from_its_density_level():
    assert Commune.objects.get(code="12076").is_rural is True  # Conques, level 7
    assert Commune.objects.get(code="75056").is_rural is False  # Paris, level 1
    assert Commune.objects.get(code="98818").is_rural is None  # Nouméa: not in INSEE's grid


def test_departements_and_regions_have_a_centre_and_a_population():
    assert not Departement.objects.filter(latitude__isnull=True).exists()
    assert not Region.objects.filter(latitude__isnull=True).exists()
    assert Departement.objects.get(code="42").population > 700_000


# --- Loading -------------------------------------------------------------------------------------------


def _snapshot():
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Region, Departement, Epci, Commune, CommunePostcode)
    ]


def test_loading_the_gazetteer_again_changes_nothing():
    before = _snapshot()

    report = load_gazetteer()

    assert not report.changed
    assert all(c.created == c.updated == c.deleted == 0 for c in report.counts.values())
    assert report.counts["Commune"].unchanged == Commune.objects.count()
    assert _snapshot() == before


def test_loading_the_gazetteer_repairs_what_was_changed_by_hand():
    Commune.objects.filter(code="42218").update(name="Saint-Étienne (modifiée)", latitude=0)
    CommunePostcode.objects.filter(postcode="42000").delete()
    Commune.objects.create(code="99999", name="Commune inventée", search_name="commune inventee")

    report = load_gazetteer()

    assert report.counts["Commune"].updated == 1
    assert report.counts["Commune"].deleted == 1
    assert report.counts["CommunePostcode"].created == 1
    assert gazetteer.resolve("42000")[0].name == "Saint-Étienne"
    assert not Commune.objects.filter(code="99999").exists()


def test_the_committed_gazetteer_files_are_what_the_build_script_makes(tmp_path):
    shared = settings.SHARED_DIR
    if not (shared / "data" / "gazetteer").is_dir():
        pytest.skip(f"{shared}/data/gazetteer is absent (the project was cloned without ../shared)")
    script = settings.BASE_DIR / "scripts" / "build_gazetteer.py"
    for out in ("first", "second"):
        subprocess.run(
            [sys.executable, script, "--shared", shared, "--out", tmp_path / out],
            check=True,
            capture_output=True,
        )

    names = sorted(path.name for path in DATA_DIR.iterdir())
    # Same bytes on a rerun (gzip header included)…
    assert filecmp.cmpfiles(tmp_path / "first", tmp_path / "second", names, shallow=False)[0] == names
    # …and the same content as the committed files (compared decompressed: zlib builds may differ).
    for name in names:
        built, committed = (tmp_path / "first" / name).read_bytes(), (DATA_DIR / name).read_bytes()
        if name.endswith(".gz"):
            built, committed = gzip.decompress(built), gzip.decompress(committed)
        assert built == committed, f"{name} is stale: run scripts/build_gazetteer.py"


def test_the_in_memory_index_answers_exactly_as_the_database():
    """Importers resolve through gazetteer.in_memory(): every real record must resolve the same way."""
    import json
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "places" / "data" / "real"
    written = {
        (r.get("commune", ""), str(r.get("code_postal", "")), r.get("code_insee", ""))
        for path in real.glob("*.json")
        for r in json.loads(path.read_text())
    }
    written |= {
        ("Mont-Dore", "98809", "63236"),
        ("PARIS 10", "75010", ""),
        ("Saint-Martin", "", ""),
        ("", "13001", ""),
    }

    def outcome(found):
        return (
            found.commune and found.commune.code,
            found.corrections,
            found.postcode,
            [c.code for c in found.candidates],
        )

    from_database = {key: outcome(gazetteer.match(*key)) for key in written}
    with gazetteer.in_memory():
        from_memory = {key: outcome(gazetteer.match(*key)) for key in written}
    assert from_memory == from_database
