"""The programme pages and their API: the catalogue as a tree, progress against targets and breakdowns computed
from the data, checked on France Services' own figures (11 État, 154 associations, 131 La Poste, 19 MSA,
544 collectivités; the source calls them 856 places, but they add up to 859)."""

import pytest

from places.models import Commune, Place, PlaceTag, Structure
from places.vocabularies import Dispositif, FormationLabel, Vocabulary
from programmes.catalogue import load_programmes
from programmes.models import Programme, Support
from tests.places.factories import PlaceFactory, StructureFactory

K = Structure.Kind
# Collectivités as several kinds: communes, intercommunalités, départements and CCAS all count as one group.
PORTEURS = [(K.ETAT, 11), (K.ASSOCIATION, 154), (K.LA_POSTE, 131), (K.MSA, 19)]
COLLECTIVITES = [(K.COMMUNE, 300), (K.EPCI, 200), (K.DEPARTEMENT, 24), (K.CCAS_CIAS, 20)]
MONTLUCON, PARIS = "03185", "75056"


@pytest.fixture
def france_services():
    """859 published France Services (the porteurs the source gives); the collectivités' ones in Montluçon (Allier), the others in Paris."""
    load_programmes()
    communes = {code: Commune.objects.get(code=code) for code in (MONTLUCON, PARIS)}
    structures = Structure.objects.bulk_create(
        [
            Structure(name=f"{kind} {n}", kind=kind)
            for kind, count in PORTEURS + COLLECTIVITES
            for n in range(count)
        ]
    )
    places = Place.objects.bulk_create(
        [
            Place(
                origin="test",
                origin_id=f"fs-{n}",
                status=Place.Status.PUBLISHED,
                name=f"France Services {n:03d}",
                structure=structure,
                commune=communes[
                    PARIS if structure.kind in {K.ETAT, K.ASSOCIATION, K.LA_POSTE, K.MSA} else MONTLUCON
                ],
                commune_name="",
            )
            for n, structure in enumerate(structures)
        ]
    )
    PlaceTag.objects.bulk_create(
        [
            PlaceTag(place=place, vocabulary=Vocabulary.DISPOSITIFS, value=Dispositif.FRANCE_SERVICES)
            for place in places
        ]
    )
    # Not counted: a draft, a place without the label, an archived one.
    PlaceFactory(status=Place.Status.DRAFT, tags={"dispositifs": [Dispositif.FRANCE_SERVICES]})
    PlaceFactory(status=Place.Status.ARCHIVED, tags={"dispositifs": [Dispositif.FRANCE_SERVICES]})
    PlaceFactory()
    return Programme.objects.get(slug="france-services")


EXPECTED = {"etat": 11, "associations": 154, "la-poste": 131, "msa": 19, "collectivites": 544, "autres": 0}


def rows_of(table) -> dict[str, int]:
    return {row["code"]: row["nombre"] for row in table}


def test_the_page_and_the_api_report_france_services_porteurs(
    client, france_services, django_assert_max_num_queries
):
    # One query per breakdown, whatever the number of places (11 today, 2 of them DSFR's settings).
    with django_assert_max_num_queries(12):
        response = client.get("/programmes/france-services/")
    assert response.status_code == 200
    porteurs = next(b for b in response.context["breakdowns"] if b.key == "porteurs")
    assert {row.code: row.count for row in porteurs.rows} == EXPECTED
    # The source's porteurs add up to 859, three more than its own total of 856: the page shows what the data
    # holds against the target, over 100 % rather than hidden.
    assert response.context["total"] == 859
    html = response.content.decode()
    assert "859 sur 856" in html  # the target "856 lieux labellisés"
    assert "<caption>Par nature de porteur</caption>" in html
    assert 'style="' not in html
    assert 'href="/lieux/?programme=france-services"' in html

    with django_assert_max_num_queries(10):
        data = client.get("/api/v1/programmes/france-services/").json()
    breakdowns = {b["cle"]: b["lignes"] for b in data["repartitions"]}
    assert rows_of(breakdowns["porteurs"]) == EXPECTED
    assert rows_of(breakdowns["departements"]) == {"03": 544, "75": 315}
    assert rows_of(breakdowns["regions"]) == {"84": 544, "11": 315}
    assert sum(rows_of(breakdowns["densite"]).values()) == 859
    assert data["lieux_comptes"] == 859
    places = next(t for t in data["avancement"] if t["mesure"] == "places")
    assert (places["atteint"], places["valeur"], places["pourcentage"]) == (859, 856, 100)
    travel = next(t for t in data["avancement"] if t["mesure"] == "minutes")
    assert travel["atteint"] is None


def test_progress_counts_supports_in_achieved_statuses_and_the_label():
    load_programmes()
    fabriques = Programme.objects.get(slug="fabriques-de-territoire")
    labelled = PlaceFactory(tags={"formations_labels": [FormationLabel.FABRIQUES]})
    supported = PlaceFactory()
    through_structure = PlaceFactory(structure=StructureFactory())
    candidate = PlaceFactory()
    Support.objects.create(programme=fabriques, place=supported, status=Support.Status.LABELLED)
    Support.objects.create(
        programme=fabriques, structure=through_structure.structure, status=Support.Status.FUNDED
    )
    Support.objects.create(programme=fabriques, place=candidate, status=Support.Status.CANDIDATE)
    archived = Support.objects.create(programme=fabriques, place=candidate, status=Support.Status.LABELLED)
    archived.archived_at = archived.created_at
    archived.save()

    from programmes.progress import places_of

    assert set(places_of(fabriques)) == {labelled, supported, through_structure}
    from django.test import Client

    html = Client().get("/programmes/fabriques-de-territoire/").content.decode()
    assert "3 sur 300" in html
    assert "non mesuré" in html  # 150 in QPV: no QPV data in the directory


def test_the_list_is_a_tree(client):
    load_programmes()
    response = client.get("/programmes/")
    html = response.content.decode()
    relance = html.index(">Plan France Relance<")
    inclusion = (
        html.index(">France Relance — inclusion numérique<")
        if ">France Relance — inclusion numérique<" in html
        else None
    )
    child = Programme.objects.get(slug="france-relance-inclusion-numerique")
    assert child.parent.slug == "plan-france-relance"
    position = html.index(f">{child.name}<")
    assert relance < position
    # The child sits in a list nested inside its parent's item.
    between = html[relance:position]
    assert "<ul>" in between and "</li>" not in between.split("<ul>")[0]
    assert inclusion is None or inclusion == position
    assert "100 000 000 000 €" in html.replace("\u202f", " ").replace("\xa0", " ")


def test_an_unknown_programme_is_404(client):
    assert client.get("/programmes/nothing-here/").status_code == 404
    assert client.get("/api/v1/programmes/nothing-here/").status_code == 404
