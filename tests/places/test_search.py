from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import QueryDict
from django.urls import reverse

from places.search.engine import Results, find
from places.search.parameters import SearchForm
from places.vocabularies import Frais, Service, Vocabulary
from tests.places.factories import PlaceFactory, StopFactory

PARIS = ZoneInfo("Europe/Paris")


class Found:
    """A query string read as the results page reads it, and what it finds."""

    def __init__(self, query: str, **kwargs):
        self.form = SearchForm(QueryDict(query), **kwargs)
        assert self.form.is_valid(), self.form.errors
        self.results: Results = find(self.form.search())

    def places(self):
        return self.results[0 : len(self.results)]

    def facet_counts(self):
        return self.results.facet_counts()


def search(query: str, **kwargs) -> Found:
    return Found(query, **kwargs)


def names(found: Found) -> list[str]:
    return [place.name for place in found.places()]


@pytest.fixture
def around_montlucon():
    """Montluçon (46.34, 2.60) and its neighbours at known distances."""
    return {
        "centre": PlaceFactory(name="Médiathèque de Montluçon", latitude=46.3406, longitude=2.6030),
        "domerat": PlaceFactory(name="EPN de Domérat", latitude=46.3600, longitude=2.5350),  # ≈ 5.6 km
        "commentry": PlaceFactory(name="CCAS de Commentry", latitude=46.2886, longitude=2.7411),  # ≈ 12 km
        "vichy": PlaceFactory(name="France Services de Vichy", latitude=46.1277, longitude=3.4260),  # ≈ 67 km
    }


def test_a_commune_typed_without_accents_finds_its_places_nearest_first(around_montlucon):
    found = search("ou=montlucon")
    assert found.form.centre_commune.code == "03185"
    assert names(found) == ["Médiathèque de Montluçon", "EPN de Domérat", "CCAS de Commentry"]
    assert [round(p.distance_km) for p in found.places()] == [0, 6, 12]


def test_a_postcode_works_as_well_as_a_name(around_montlucon):
    assert names(search("ou=03100"))[0] == "Médiathèque de Montluçon"


def test_the_radius_can_be_widened(around_montlucon):
    assert "France Services de Vichy" not in names(search("ou=Montluçon&rayon=20"))
    assert names(search("ou=Montluçon&rayon=100"))[-1] == "France Services de Vichy"


def test_a_point_from_the_browser_sorts_by_distance_from_it():
    PlaceFactory(name="Près", latitude=45.7640, longitude=4.8357)
    PlaceFactory(name="Loin", latitude=45.80, longitude=4.90)
    assert names(search("lat=45.764&lon=4.8357&rayon=10")) == ["Près", "Loin"]


def test_filters_combine_or_within_a_filter_and_and_across_filters(around_montlucon):
    around_montlucon["centre"].set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    around_montlucon["centre"].set_tags(Vocabulary.FRAIS, [Frais.GRATUIT])
    around_montlucon["domerat"].set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET])
    around_montlucon["domerat"].set_tags(Vocabulary.FRAIS, [Frais.PAYANT])

    assert names(
        search("ou=Montluçon&services=demarches-administratives&services=acces-internet-materiel")
    ) == [
        "Médiathèque de Montluçon",
        "EPN de Domérat",
    ]
    assert names(search("ou=Montluçon&services=acces-internet-materiel&frais=gratuit")) == []


def test_each_filter_value_counts_the_results_it_would_give(around_montlucon):
    around_montlucon["centre"].set_tags(Vocabulary.SERVICES, [Service.DEMARCHES, Service.ACCES_INTERNET])
    around_montlucon["domerat"].set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET])
    around_montlucon["commentry"].set_tags(Vocabulary.SERVICES, [Service.LOISIRS])
    around_montlucon["vichy"].set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])  # beyond the radius

    counts = search("ou=Montluçon&services=demarches-administratives").facet_counts()[Vocabulary.SERVICES]

    # Choosing "accès internet" too (OR) would give 2 places; "démarches" alone gives 1 (Vichy is too far).
    assert counts == {Service.DEMARCHES: 1, Service.ACCES_INTERNET: 2, Service.LOISIRS: 1}


def test_text_search_ignores_accents_and_case(around_montlucon):
    assert names(search("ou=Montluçon&q=MEDIATHEQUE")) == ["Médiathèque de Montluçon"]


def test_open_now_and_open_on_saturday():
    PlaceFactory(name="Semaine", opening_hours="Mo-Fr 09:00-12:00")
    PlaceFactory(name="Samedi matin", opening_hours="Sa 09:00-12:00")
    PlaceFactory(name="Sans horaires", opening_hours="")
    wednesday_10h = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
    assert names(search("ou=Montluçon&ouvert=on", now=wednesday_10h)) == ["Semaine"]
    assert names(search("ou=Montluçon&samedi=on")) == ["Samedi matin"]


def test_a_bus_is_found_at_the_distance_of_its_nearest_stop():
    stop = StopFactory(latitude=46.3410, longitude=2.6040, place__latitude=45.0, place__longitude=1.0)
    found = search("ou=Montluçon&rayon=5").places()
    assert found == [stop.place]
    assert found[0].distance_km < 0.5


def test_homonyms_are_offered_when_a_name_is_ambiguous():
    form = search("ou=Saint-Martin").form
    assert form.centre is not None
    assert len(form.alternatives) >= 5
    assert len({commune.departement_id for commune in form.alternatives}) >= 5


@pytest.mark.parametrize("query", ["ou=Saint-Martin&autour=54480", "ou=Saint-Martin&commune=54480"])
def test_a_chosen_commune_code_beats_the_written_name(query):
    """`autour`, or `commune` in the links of the site before it (commune alone is a territory)."""
    form = search(query).form
    assert form.centre_commune.code == "54480"
    assert form.search().commune == ""


def test_an_unknown_place_gets_a_clear_message():
    form = SearchForm(QueryDict("ou=Atlantide-sur-Mer"))
    assert not form.is_valid()
    assert "Nous ne trouvons pas « Atlantide-sur-Mer »" in form.errors["ou"][0]


@pytest.mark.parametrize(
    "query", ["rayon=abc", "lat=999&lon=2", "bbox=1,2,3", "services=inconnu", "bbox=50,3,40,4"]
)
def test_bad_parameters_give_a_form_error_not_a_crash(client, query):
    form = SearchForm(QueryDict(query))
    assert not form.is_valid()
    assert client.get(f"{reverse('places:list')}?{query}").status_code == 200


def test_search_in_a_map_area_keeps_only_places_inside_it(around_montlucon):
    assert names(search("bbox=46.33,2.52,46.37,2.62")) == [
        "EPN de Domérat",
        "Médiathèque de Montluçon",
    ]


def test_every_result_url_reproduces_the_search(client, around_montlucon):
    around_montlucon["domerat"].set_tags(Vocabulary.SERVICES, [Service.ACCES_INTERNET])
    url = f"{reverse('places:list')}?ou=montlucon&services=acces-internet-materiel"
    first, again = client.get(url).content.decode(), client.get(url).content.decode()
    assert "EPN de Domérat" in first and "Médiathèque de Montluçon" not in first
    assert first == again
    assert "1 lieu à moins de 20 km" in first
