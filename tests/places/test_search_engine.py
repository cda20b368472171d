"""The search engine against a plain reading of what each criterion means, place by place (the oracle below), on
a synthetic directory with buses, tags, hours, structures and supports — and again after every kind of write."""

import random
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from places import geo
from places.hours import PARIS
from places.models import Commune, Place, Stop
from places.search import index
from places.search.criteria import Centre, Search
from places.search.engine import find
from places.text import normalize
from places.vocabularies import CHOICES_OF, Service, Vocabulary
from programmes.models import Programme, Support
from tests.places.factories import PlaceFactory, StopFactory


@pytest.fixture
def directory():
    call_command("load_programmes", verbosity=0)
    call_command("generate_places", count=400, seed=3, verbosity=0)
    return list(Place.objects.published().canonical())


class Oracle:
    """What a search should find, read from the models one place at a time."""

    def __init__(self):
        places = (
            Place.objects.published()
            .canonical()
            .select_related("commune")
            .prefetch_related("tags", "stops__commune", "openings")
        )
        self.places = list(places)

    def matches(self, place: Place, search: Search, values=None) -> bool:
        values = dict(search.values) if values is None else values
        points = ([(place.latitude, place.longitude)] if place.latitude is not None else []) + [
            (stop.latitude, stop.longitude) for stop in place.stops.all()
        ]
        if search.radius_applies:
            centre = search.centre
            if not any(
                geo.haversine_km(centre.latitude, centre.longitude, *p) <= search.radius_km for p in points
            ):
                return False
        if search.bbox and not any(search.bbox.contains(*p) for p in points):
            return False
        communes = [place.commune, *(stop.commune for stop in place.stops.all())]
        communes = [commune for commune in communes if commune is not None]
        if search.commune and not any(search.commune in (c.code, c.parent_id) for c in communes):
            return False
        if search.departement and not any(c.departement_id == search.departement for c in communes):
            return False
        if search.region and not any(c.region_id == search.region for c in communes):
            return False
        if not all(word in place.search_text for word in normalize(search.text).split()):
            return False
        tags = {(tag.vocabulary, tag.value) for tag in place.tags.all()}
        if not all(
            any((vocabulary, value) in tags for value in chosen) for vocabulary, chosen in values.items()
        ):
            return False
        openings = [(o.weekday, o.opens, o.closes) for o in place.openings.all()]
        if search.open_now is not None:
            moment = search.moment.astimezone(PARIS)
            minute = moment.hour * 60 + moment.minute
            open_now = any(
                day == moment.weekday() and opens <= minute < closes for day, opens, closes in openings
            )
            if open_now != search.open_now:
                return False
        if search.open_on is not None and not any(day == search.open_on for day, _, _ in openings):
            return False
        if search.open_within and not any(
            day == weekday and opens < end and closes > start
            for weekday, start, end in search.open_within
            for day, opens, closes in openings
        ):
            return False
        if search.updated_since and place.updated_at < search.updated_since:
            return False
        if search.source and place.source.strip().lower() != search.source.strip().lower():
            return False
        if search.origin and place.origin != search.origin:
            return False
        if search.structure is not None and place.structure_id != search.structure:
            return False
        return not search.programme or self.supported(place, search.programme, tags)

    @staticmethod
    def supported(place: Place, slug: str, tags) -> bool:
        programme = Programme.objects.get(slug=slug)
        supports = Support.objects.filter(programme=programme)
        return (
            supports.filter(place=place).exists()
            or (place.structure_id is not None and supports.filter(structure_id=place.structure_id).exists())
            or (Vocabulary.DISPOSITIFS, programme.dispositif) in tags
            or (Vocabulary.FORMATIONS_LABELS, programme.formation_label) in tags
        )

    def distance(self, place: Place, centre: Centre) -> float:
        points = ([(place.latitude, place.longitude)] if place.latitude is not None else []) + [
            (stop.latitude, stop.longitude) for stop in place.stops.all()
        ]
        return min(
            (geo.haversine_km(centre.latitude, centre.longitude, *p) for p in points), default=float("inf")
        )

    def find(self, search: Search) -> list[int]:
        found = [place for place in self.places if self.matches(place, search)]
        if search.ordering == "distance":
            found.sort(key=lambda place: (self.distance(place, search.centre), place.pk))
        elif search.ordering == "name":
            found.sort(key=lambda place: (normalize(place.name), place.pk))
        else:
            found.sort(key=lambda place: place.pk)
        return [place.pk for place in found]


def random_searches(places: list[Place], count: int, seed: int) -> list[Search]:
    """Searches built from the directory's own places, so that most of them find something."""
    rng = random.Random(seed)
    located = [place for place in places if place.latitude is not None]
    buses = list(Stop.objects.filter(place__in=places))
    programmes = list(Programme.objects.values_list("slug", flat=True))
    searches = []
    for _ in range(count):
        criteria = {}
        anchor = rng.choice(located)
        if rng.random() < 0.2 and buses:
            stop = rng.choice(buses)
            criteria["centre"] = Centre(stop.latitude, stop.longitude)
        elif rng.random() < 0.7:
            criteria["centre"] = Centre(anchor.latitude + rng.uniform(-0.1, 0.1), anchor.longitude)
        criteria["radius_km"] = rng.choice([2, 5, 20, 50, 100])
        if rng.random() < 0.15:
            criteria["bbox"] = geo.bbox_around(anchor.latitude, anchor.longitude, rng.choice([10, 80]))
        if rng.random() < 0.4:
            words = normalize(anchor.name).split()
            criteria["text"] = rng.choice(words)[: rng.randint(3, 8)]
        values = {}
        for vocabulary in rng.sample(list(CHOICES_OF), rng.randint(0, 3)):
            values[vocabulary] = rng.sample(list(CHOICES_OF[vocabulary].values), rng.randint(1, 2))
        criteria["values"] = values
        if rng.random() < 0.1:
            criteria["departement"] = anchor.commune.departement_id
        if rng.random() < 0.05:
            criteria["commune"] = anchor.commune_id
        if rng.random() < 0.05:
            criteria["region"] = anchor.commune.region_id
        if rng.random() < 0.15:
            criteria["open_now"] = rng.random() < 0.7
            criteria["moment"] = datetime(2026, 12, rng.randint(7, 13), rng.randint(7, 19), 30, tzinfo=PARIS)
        if rng.random() < 0.1:
            criteria["open_on"] = rng.randint(0, 6)
        if rng.random() < 0.05:
            criteria["source"] = anchor.source.upper()
        if rng.random() < 0.05:
            criteria["structure"] = anchor.structure_id
        if rng.random() < 0.1 and programmes:
            criteria["programme"] = rng.choice(programmes)
        if rng.random() < 0.1:
            criteria["order"] = rng.choice(["id", "name"])
        if rng.random() < 0.1:
            criteria["open_within"] = tuple(
                (rng.randint(0, 6), start, start + rng.choice([60, 240, 360]))
                for start in rng.sample([480, 720, 840], rng.randint(1, 2))
            )
        searches.append(Search(**criteria))
    return searches


def test_the_engine_finds_what_each_criterion_means_in_the_order_asked(directory):
    oracle = Oracle()
    for search in [Search(), *random_searches(directory, 150, seed=1)]:
        expected = oracle.find(search)
        results = find(search)
        assert results.ids().tolist() == expected, search
        assert len(results) == len(expected), search


def test_each_filter_count_is_the_total_that_choosing_the_value_gives(directory):
    for search in random_searches(directory, 25, seed=2):
        counts = find(search).facet_counts()
        for vocabulary, choices in CHOICES_OF.items():
            for value in choices.values:
                ticked = find(search.with_values(vocabulary, [value]))
                assert counts.get(vocabulary, {}).get(value, 0) == len(ticked), (search, vocabulary, value)


def test_a_page_brings_its_places_with_their_distance_tags_and_stops(directory):
    stop = Stop.objects.filter(place__in=directory).first()
    search = Search(centre=Centre(stop.latitude, stop.longitude), radius_km=30)
    page = find(search)[0:20]
    assert page[0].pk == stop.place_id
    assert page[0].distance_km == pytest.approx(0, abs=1e-6)
    assert [s.pk for s in page[0].stop_list] == list(
        stop.place.stops.order_by("position", "pk").values_list("pk", flat=True)
    )
    distances = [place.distance_km for place in page]
    assert distances == sorted(distances)
    assert all(isinstance(place.tag_values, dict) for place in page)


def test_every_kind_of_write_is_seen_by_the_next_search(directory):
    oracle_searches = random_searches(directory, 30, seed=4)
    find(Search()).ids()  # the index is built before the writes

    place = directory[0]
    place.name = "Maison des écritures numériques"
    place.latitude, place.longitude = 48.11, -1.68  # moved to Rennes
    place.save()
    directory[1].set_tags(Vocabulary.SERVICES, [Service.LOISIRS])  # tags only
    directory[2].status = Place.Status.ARCHIVED
    directory[2].save()
    directory[3].delete()
    directory[4].duplicate_of = directory[5]
    directory[4].save()
    StopFactory(place=directory[6], latitude=43.60, longitude=1.44)  # a new stop in Toulouse
    Support.objects.create(programme=Programme.objects.first(), place=directory[7])
    new = PlaceFactory(name="Tiers-lieu des Écritures", latitude=48.12, longitude=-1.67)

    rennes = Search(centre=Centre(48.11, -1.68), radius_km=5)
    assert {place.pk, new.pk} <= set(find(rennes).ids().tolist())
    assert find(Search(text="ecritures")).ids().tolist() == sorted(
        [place.pk, new.pk], key=lambda pk: Place.objects.get(pk=pk).name
    )
    assert directory[6].pk in find(Search(centre=Centre(43.60, 1.44), radius_km=1)).ids().tolist()
    oracle = Oracle()
    for search in [Search(), rennes, *oracle_searches]:
        assert find(search).ids().tolist() == oracle.find(search), search

    refreshed = find(Search()).snapshot
    index.forget()
    rebuilt = find(Search()).snapshot
    assert sorted(refreshed.ids[refreshed.alive].tolist()) == sorted(rebuilt.ids[rebuilt.alive].tolist())


def test_a_search_reads_the_index_again_only_after_a_write(django_assert_num_queries):
    PlaceFactory()
    find(Search()).ids()
    with django_assert_num_queries(0):
        assert len(find(Search(text="espace"))) == 1
    PlaceFactory()
    # The ids and dates of the published places, the new place, its tags, its openings, the stops.
    with django_assert_num_queries(5):
        assert len(find(Search(text="espace"))) == 2


def test_without_a_shared_cache_the_index_sees_other_processes_writes_after_its_age_limit(
    settings, monkeypatch
):
    settings.SEARCH_INDEX_MAX_AGE = 60
    clock = [960_000.0]  # the start of a minute
    monkeypatch.setattr(index.time, "monotonic", lambda: clock[0])
    PlaceFactory()
    PlaceFactory()
    assert len(find(Search())) == 2
    # What another process's write looks like from here: no signal, no version bumped in this process.
    Place.objects.filter(pk=Place.objects.first().pk).update(status=Place.Status.DRAFT)
    clock[0] += 59
    assert len(find(Search())) == 2
    clock[0] += 1
    assert len(find(Search())) == 1


def test_updated_since_and_the_clock_of_open_now_are_exact(directory):
    place = directory[0]
    since = place.updated_at
    assert place.pk in find(Search(updated_since=since)).ids().tolist()
    assert place.pk not in find(Search(updated_since=since + timedelta(microseconds=1))).ids().tolist()
    wednesday_10h = datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)
    open_now = find(Search(open_now=True, moment=wednesday_10h))
    closed_now = find(Search(open_now=False, moment=wednesday_10h))
    assert len(open_now) + len(closed_now) == len(find(Search()))
    assert timezone.now()


def test_a_territory_holds_its_arrondissements_and_the_buses_that_stop_there():
    lyon_2e = Commune.objects.get(code="69382")
    in_lyon = PlaceFactory(commune=lyon_2e, latitude=45.75, longitude=4.83)
    bus = PlaceFactory(latitude=46.34, longitude=2.60)  # based in Montluçon
    StopFactory(place=bus, commune=Commune.objects.get(code="69123"), latitude=45.76, longitude=4.84)
    PlaceFactory()  # Montluçon only

    assert set(find(Search(commune="69123")).ids().tolist()) == {in_lyon.pk, bus.pk}
    assert set(find(Search(departement="69")).ids().tolist()) == {in_lyon.pk, bus.pk}
    assert len(find(Search(departement="03"))) == 2
    assert replace(Search(commune="69123"), commune="") == Search()


def test_places_at_the_same_distance_come_in_the_order_they_were_added():
    first, second, third = (PlaceFactory() for _ in range(3))  # all at the centre of Montluçon
    search = Search(centre=Centre(46.3406, 2.6030))
    assert find(search).ids().tolist() == [first.pk, second.pk, third.pk]
    assert [place.pk for place in find(search)[1:3]] == [second.pk, third.pk]


def test_every_stored_tag_is_a_value_of_the_standard_so_the_index_gives_back_every_tag(directory):
    """Pages and downloads read a place's tags from the index's tag matrix: a stored value outside the
    standard would vanish from them. The importer (real files of every shape), the generator and the forms
    only store the standard's values."""
    from places.importer import PlaceImporter
    from places.models import PlaceTag
    from places.search.reading import COLUMN_OF
    from tests.places.test_export import REAL_FILES

    for path in REAL_FILES:
        PlaceImporter(origin=path.stem.split("_")[0]).run(path)
    stored = set(PlaceTag.objects.values_list("vocabulary", "value").distinct())
    assert len(stored) > 50
    assert stored <= set(COLUMN_OF)


def test_the_first_place_published_in_an_empty_directory_is_found():
    from places.search.criteria import Search
    from places.search.engine import find

    assert len(find(Search())) == 0  # the index is built while the directory is empty
    PlaceFactory(name="Premier lieu")  # then refreshed, not rebuilt: a snapshot without any slot

    assert [place.name for place in find(Search())[:5]] == ["Premier lieu"]


def test_an_epci_holds_the_places_of_its_communes_arrondissements_and_stops():
    paris_metropole = Commune.objects.get(code="75056").epci_id
    in_arrondissement = PlaceFactory(commune_id="75101", postcode="75001", latitude=48.86, longitude=2.34)
    bus = PlaceFactory(commune_id="03185")  # Montluçon, with a stop in Paris 20e
    StopFactory(place=bus, commune_id="75120", latitude=48.86, longitude=2.40)
    PlaceFactory(commune_id="03185")

    found = find(Search(epci=paris_metropole)).ids()

    assert sorted(found) == sorted([in_arrondissement.pk, bus.pk])
    assert len(find(Search(epci="000000000")).ids()) == 0
