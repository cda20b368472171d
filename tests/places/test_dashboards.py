"""A territory's figures (places/dashboards.py): places per 10,000 inhabitants against its région and France,
what they offer with a link to each search, how fresh they are, each table as CSV."""

import csv
import io
from datetime import date

import time_machine
from django.urls import reverse

from places import coverage
from places.models import Commune, Epci
from places.vocabularies import Dispositif, Service, Vocabulary
from tests.places.factories import PlaceFactory


def populations(**by_code):
    Commune.objects.update(population=0)
    for code, population in by_code.items():
        Commune.objects.filter(pk=code).update(population=population)


@time_machine.travel(date(2026, 12, 1))
def test_a_departements_figures_against_its_region_and_france(client):
    populations(
        **{"03185": 40_000, "03190": 10_000, "16015": 50_000}
    )  # Montluçon, Moulins (03); Angoulême (16)
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]}, updated_on=date(2026, 10, 1))
    PlaceFactory(
        tags={Vocabulary.SERVICES: [Service.DEMARCHES], Vocabulary.DISPOSITIFS: [Dispositif.FRANCE_SERVICES]},
        updated_on=date(2024, 1, 1),
    )
    PlaceFactory(commune_id="16015", postcode="16000", latitude=45.65, longitude=0.15, updated_on=None)

    response = client.get(reverse("places:territory", args=["departement", "03"]))

    here, region, france = response.context["densities"]
    assert (here.places, here.population, here.per_10k) == (2, 50_000, 0.4)
    assert (region.places, region.population) == (
        2,
        50_000,
    )  # Auvergne-Rhône-Alpes: only Allier has people here
    assert (france.places, france.population, france.per_10k) == (3, 100_000, 0.3)
    figures = {table.slug: table for table in response.context["figures"]}
    services = {bar.label: bar for bar in figures["services"].bars}
    assert services["Aide aux démarches administratives"].count == 2
    assert (
        services["Aide aux démarches administratives"].url
        == "/lieux/?departement=03&services=demarches-administratives"
    )
    assert {bar.label: bar.count for bar in figures["fraicheur"].bars} == {
        "moins de 6 mois": 1,
        "de 6 à 12 mois": 0,
        "de 12 à 18 mois": 0,
        "plus de 18 mois": 1,
        "date inconnue": 0,
    }
    page = response.content.decode()
    assert "Lieux pour 10 000 habitants" in page and "<svg" in page and "?tableau=services" in page


def test_each_table_downloads_as_csv_and_an_unknown_one_is_not_found(client):
    PlaceFactory(tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    url = reverse("places:territory", args=["commune", "03185"])

    response = client.get(url, {"tableau": "services"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["Service", "lieux", "part des lieux (%)"]
    assert rows[1] == ["Aide aux démarches administratives", "1", "100.0"]
    assert client.get(url, {"tableau": "inconnu"}).status_code == 404


def test_supports_and_coverage_of_a_departement(client):
    from programmes.models import Programme, Support
    from tests.places.factories import StructureFactory

    populations(**{"03185": 30_000, "03190": 10_000})
    programme = Programme.objects.create(
        slug="fabriques-de-territoire", name="Fabriques de territoire", kind="ami"
    )
    Support.objects.create(programme=programme, place=PlaceFactory(), amount_eur=75_000)
    Support.objects.create(
        programme=programme, structure=StructureFactory(commune_id="03190"), amount_eur=25_000
    )
    Support.objects.create(programme=programme, structure=StructureFactory(commune_id="16015"), amount_eur=1)
    coverage.store(coverage.KINDS["tous"], [("03185", 2.0, None), ("03190", 15.0, None)])

    response = client.get(reverse("places:territory", args=["departement", "03"]))

    (row,) = response.context["supports"]
    assert (row.programme, row.supports, row.amount_eur) == ("Fabriques de territoire", 2, 100_000)
    assert row.url == "/lieux/?departement=03&programme=fabriques-de-territoire"
    assert [round(percent) for _km, _people, percent in response.context["coverage"].rows] == [75, 75, 100]


MONTLUCON_COMMUNAUTE = "200071082"  # CA Montluçon Communauté: Montluçon (03185) and its neighbours


def test_an_epcis_page_counts_the_places_of_its_communes_against_its_region_and_france(client):
    populations(**{"03185": 35_000, "03190": 20_000, "16015": 45_000})
    PlaceFactory(name="Espace numérique de Montluçon", tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    PlaceFactory(
        name="Médiathèque de Moulins", commune_id="03190", postcode="03000", latitude=46.56, longitude=3.33
    )
    coverage.store(coverage.KINDS["tous"], [("03185", 1.0, None), ("03190", 40.0, None)])

    response = client.get(reverse("places:territory", args=["epci", MONTLUCON_COMMUNAUTE]))

    page = response.content.decode()
    assert [place.name for place in response.context["page_obj"]] == ["Espace numérique de Montluçon"]
    here, region, france = response.context["densities"]
    assert (here.label, here.places, here.population) == ("CA Montluçon Communauté", 1, 35_000)
    assert (region.label, region.places, region.population) == ("Auvergne-Rhône-Alpes", 2, 55_000)
    assert (france.places, france.population) == (2, 100_000)
    assert response.context["above"].code == "03"  # the breadcrumb goes through Allier
    assert [(commune.code, count) for commune, count in response.context["parts"]] == [("03185", 1)]
    assert [round(percent) for _km, _people, percent in response.context["coverage"].rows] == [100, 100, 100]
    services = {table.slug: table for table in response.context["figures"]}["services"]
    assert services.bars[0].url == f"/lieux/?epci={MONTLUCON_COMMUNAUTE}&services=demarches-administratives"
    assert 'href="/territoires/departement/03/"' in page


def test_a_departements_page_lists_every_epci_and_a_communes_page_leads_to_its_own(client):
    PlaceFactory()  # Montluçon
    PlaceFactory(commune_id="03190", postcode="03000", latitude=46.56, longitude=3.33)
    PlaceFactory(commune_id="03190", postcode="03000", latitude=46.56, longitude=3.33)

    departement = client.get(reverse("places:territory", args=["departement", "03"]))
    commune = client.get(reverse("places:territory", args=["commune", "03185"]))

    epcis = {epci.code: count for epci, count in departement.context["epcis"]}
    allier = set(Epci.objects.filter(communes__departement="03").values_list("code", flat=True))
    assert set(epcis) == allier and len(allier) > 5  # those without any place are listed too
    assert (epcis[MONTLUCON_COMMUNAUTE], epcis["200071140"]) == (1, 2)  # Moulins Communauté
    assert sum(epcis.values()) == 3
    assert f'href="/territoires/epci/{MONTLUCON_COMMUNAUTE}/"' in commune.content.decode()


def test_an_unknown_epci_is_not_found(client):
    assert client.get(reverse("places:territory", args=["epci", "999999999"])).status_code == 404
