"""Programme supports from a spreadsheet: the places' reading and report, idempotent, nothing half-written."""

import pytest
from django.core.management import CommandError, call_command

from programmes.models import Programme, Support
from programmes.supports_import import import_supports
from tests.places.factories import PlaceFactory, StructureFactory

HEADER = "Programme;SIRET porteur;Lieu;Statut;Montant (€);Date de début;Fin;Vague;Conseillers numériques\n"


@pytest.fixture
def world():
    programme = Programme.objects.create(
        slug="fabriques-de-territoire", name="Fabriques de territoire", kind="ami"
    )
    structure = StructureFactory(siret="21030185900018")
    place = PlaceFactory(origin="hub", origin_id="tiers-lieu-1")
    return programme, structure, place


def write(tmp_path, rows: str):
    path = tmp_path / "soutiens.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_rows_become_supports_with_their_repairs_and_the_same_file_again_changes_nothing(tmp_path, world):
    programme, structure, place = world
    path = write(
        tmp_path,
        "fabriques-de-territoire;210 301 859 00018;;Lauréat;75 000 €;01/09/2021;31/08/2024;Vague 1;\n"
        "Fabriques de territoire;;hub--tiers-lieu-1;labellisé;;2021-09-01;;Vague 1;2\n",
    )

    first = import_supports(path, origin="anct-2021")
    again = import_supports(path, origin="anct-2021")

    by_structure = Support.objects.get(structure=structure)
    assert (by_structure.status, by_structure.amount_eur, str(by_structure.starts_on)) == (
        "laureate",
        75000,
        "2021-09-01",
    )
    assert Support.objects.get(place=place).conseillers_count == 2
    assert (first.counts["created"], first.counts["repaired"]) == (2, 1)
    assert [line.column for line in first.lines if line.outcome == "réparé"] == ["montant"]
    assert (again.counts["created"], again.counts["unchanged"]) == (0, 2)
    assert Support.objects.count() == 2


def test_a_changed_row_updates_its_support(tmp_path, world):
    _programme, structure, _place = world
    import_supports(
        write(tmp_path, "fabriques-de-territoire;21030185900018;;lauréat;;;;V1;\n"), origin="anct"
    )

    report = import_supports(
        write(tmp_path, "fabriques-de-territoire;21030185900018;;financé;50000;;;V1;\n"), origin="anct"
    )

    assert report.counts["updated"] == 1
    assert Support.objects.get(structure=structure).status == "funded"


@pytest.mark.parametrize(
    "row, column",
    [
        ("inconnu;21030185900018;;lauréat;;;;;\n", "programme"),
        ("fabriques-de-territoire;99999999999999;;lauréat;;;;;\n", "siret"),
        ("fabriques-de-territoire;;hub--absent;lauréat;;;;;\n", "lieu"),
        ("fabriques-de-territoire;21030185900018;;peut-être;;;;;\n", "statut"),
        ("fabriques-de-territoire;21030185900018;;lauréat;beaucoup;;;;\n", "montant"),
        ("fabriques-de-territoire;21030185900018;;lauréat;;31/12/2024;01/01/2024;;\n", "fin"),
        ("fabriques-de-territoire;;;lauréat;;;;;\n", "siret"),
    ],
)
def test_a_bad_row_is_a_report_line_and_the_good_ones_still_import(tmp_path, world, row, column):
    path = write(tmp_path, row + "fabriques-de-territoire;21030185900018;;lauréat;;;;V2;\n")

    report = import_supports(path, origin="anct")

    (rejected,) = [line for line in report.lines if line.outcome == "rejeté"]
    assert (rejected.number, rejected.column) == (1, column)
    assert Support.objects.filter(wave="V2").count() == 1


def test_the_command_prints_the_summary_and_refuses_a_binary_file(tmp_path, world, capsys):
    good = write(tmp_path, "fabriques-de-territoire;21030185900018;;lauréat;;;;;\n")
    binary = tmp_path / "soutiens.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)

    call_command("import_supports", str(good), "--source", "anct")

    assert "1 créés" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_supports", str(binary), "--source", "anct")
    assert Support.objects.count() == 1
