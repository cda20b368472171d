import io
import math
import random
import re
from collections import Counter

import pytest
from django.core.management import call_command
from localflavor.fr.forms import FRRNAField, FRSIRETField

from demo import names as synthetic_names
from demo import profiles as synthetic_profiles
from demo.synthetic import ORIGIN, generate_places
from places import hours
from places.models import Commune, CommunePostcode, Place, PlaceTag, Stop, Structure, WeeklyOpening
from places.models.places import PHONE_PATTERN
from places.vocabularies import Dispositif, FormationLabel, Itinerance, Service, Vocabulary
from programmes.models import Programme, Support

# The real gazetteer is in the test database (tests/conftest.py): places land in real communes.
COUNT = 300


def dump() -> dict:
    """Every synthetic row, keyed by origin ids instead of primary keys, without automatic timestamps."""
    structure_ids = dict(Structure.objects.values_list("pk", "origin_id"))
    place_ids = dict(Place.objects.values_list("pk", "origin_id"))
    programme_slugs = dict(Programme.objects.values_list("pk", "slug"))
    automatic = {"id", "created_at", "updated_at"}

    def rows(queryset, **foreign_keys):
        # Foreign keys are replaced by the origin id of the row they point at.
        left_out = automatic | set(foreign_keys)
        return sorted(
            (
                tuple(sorted((k, v) for k, v in row.items() if k not in left_out))
                + tuple(ids.get(row[column]) for column, ids in foreign_keys.items())
                for row in queryset.values()
            ),
            key=repr,
        )

    hub_regions = Structure.hub_regions.through.objects.filter(structure__origin=ORIGIN)
    openings = WeeklyOpening.objects.filter(place__origin=ORIGIN)
    return {
        "places": rows(Place.objects.filter(origin=ORIGIN), structure_id=structure_ids),
        "tags": sorted(
            PlaceTag.objects.filter(place__origin=ORIGIN).values_list(
                "place__origin_id", "vocabulary", "value"
            )
        ),
        "stops": rows(Stop.objects.filter(place__origin=ORIGIN), place_id=place_ids),
        "openings": sorted(openings.values_list("place__origin_id", "weekday", "opens", "closes")),
        "structures": rows(
            Structure.objects.filter(origin=ORIGIN), parent_id=structure_ids, hub_id=structure_ids
        ),
        "hub_regions": sorted(hub_regions.values_list("structure__origin_id", "region_id")),
        "supports": rows(
            Support.objects.filter(origin=ORIGIN),
            place_id=place_ids,
            structure_id=structure_ids,
            programme_id=programme_slugs,
        ),
    }


@pytest.fixture
def dataset():
    return generate_places(count=COUNT, seed=7)


def tags_by_place(vocabulary: str) -> dict[int, set[str]]:
    values: dict[int, set[str]] = {}
    for place_id, value in PlaceTag.objects.filter(vocabulary=vocabulary).values_list("place_id", "value"):
        values.setdefault(place_id, set()).add(value)
    return values


def test_the_same_count_and_seed_give_the_same_dataset_again():
    generate_places(count=COUNT, seed=7)
    first = dump()
    generate_places(count=COUNT, seed=7)  # replaces the first run, new primary keys

    assert dump() == first
    assert len(first["places"]) == COUNT


def test_another_seed_gives_another_dataset():
    generate_places(count=COUNT, seed=7)
    first = dump()
    generate_places(count=COUNT, seed=8)

    second = dump()
    assert second["places"] != first["places"]
    assert second["tags"] != first["tags"]


def test_the_counts_reported_are_exactly_the_rows_written(dataset):
    assert Place.objects.filter(origin=ORIGIN).count() == dataset.places == COUNT
    assert Stop.objects.filter(place__origin=ORIGIN).count() == dataset.stops
    assert Structure.objects.filter(origin=ORIGIN).count() == dataset.structures
    assert Support.objects.filter(origin=ORIGIN).count() == dataset.supports
    assert PlaceTag.objects.filter(place__origin=ORIGIN).count() == dataset.tags


def test_every_place_stop_and_structure_passes_model_validation(dataset):
    # Validators cover the standard's formats: phone, postcode, pivot, URLs, opening hours, lengths.
    for place in Place.objects.filter(origin=ORIGIN):
        place.full_clean()
    for stop in Stop.objects.filter(place__origin=ORIGIN):
        stop.full_clean()
    for structure in Structure.objects.filter(origin=ORIGIN):
        structure.full_clean()


@pytest.mark.parametrize(
    "template",
    [
        template
        for name, value in vars(synthetic_profiles).items()
        if name.startswith("HOURS_")
        for template in value
    ],
)
def test_every_opening_hours_template_is_valid_osm_syntax(template):
    hours.validate_opening_hours(template)


def test_every_opening_hours_written_is_valid_and_most_places_have_some(dataset):
    place_hours = list(Place.objects.filter(origin=ORIGIN).values_list("opening_hours", flat=True))
    stop_hours = list(Stop.objects.filter(place__origin=ORIGIN).values_list("opening_hours", flat=True))

    assert all(hours.is_valid(expression) for expression in place_hours + stop_hours)
    assert sum(1 for expression in place_hours if expression) > 0.8 * COUNT
    assert all(stop_hours)


def test_weekly_openings_are_the_indexed_form_of_each_places_hours(dataset):
    places = Place.objects.filter(origin=ORIGIN).prefetch_related("openings")

    assert dataset.openings == WeeklyOpening.objects.filter(place__origin=ORIGIN).count() > COUNT
    for place in places:
        written = sorted((o.weekday, o.opens, o.closes) for o in place.openings.all())
        assert written == sorted(hours.weekly_intervals(place.opening_hours))
    saturday = {place.pk for place in places if "Sa " in place.opening_hours}
    assert saturday <= set(places.filter(openings__weekday=5).values_list("pk", flat=True))


def test_every_pivot_and_siret_is_a_valid_siret_and_every_association_has_an_rna(dataset):
    pivots = [p for p in Place.objects.filter(origin=ORIGIN).values_list("pivot", flat=True) if p]
    sirets = [s for s in Structure.objects.filter(origin=ORIGIN).values_list("siret", flat=True) if s]

    assert len(pivots) > 0.5 * COUNT
    for number in pivots + sirets:
        assert FRSIRETField().clean(number) == number
    for rna in Structure.objects.filter(origin=ORIGIN, kind=Structure.Kind.ASSOCIATION).values_list(
        "rna", flat=True
    ):
        assert FRRNAField().clean(rna) == rna


def test_public_bodies_and_companies_have_a_siret():
    generate_places(count=COUNT, seed=7)
    without = Structure.objects.filter(origin=ORIGIN, siret="").exclude(kind=Structure.Kind.ASSOCIATION)
    assert not without.exists()


def test_every_phone_matches_the_standards_pattern(dataset):
    phones = [p for p in Place.objects.filter(origin=ORIGIN).values_list("phone", flat=True) if p]
    phones += [p for p in Structure.objects.filter(origin=ORIGIN).values_list("phone", flat=True) if p]

    assert phones
    assert all(re.fullmatch(PHONE_PATTERN, phone) for phone in phones)


@pytest.mark.parametrize(
    "departement,region,prefix",
    [("75", "11", "+33"), ("971", "01", "+590590"), ("974", "04", "+262262"), ("976", "06", "+262269"),
     ("972", "02", "+596596"), ("973", "03", "+594594"), ("988", "", "+6872"), ("987", "", "+68940")],
)  # fmt: skip
def test_phone_numbers_carry_the_prefix_of_their_departement(departement, region, prefix):
    rng = random.Random(1)
    numbers = [synthetic_names.phone(rng, departement, region) for _ in range(50)]

    assert all(number.startswith(prefix) for number in numbers)
    assert all(re.fullmatch(PHONE_PATTERN, number) for number in numbers)


def test_places_are_in_their_commune_near_its_centre_with_one_of_its_postcodes(dataset):
    places = Place.objects.filter(origin=ORIGIN).select_related("commune")
    postcodes = set(CommunePostcode.objects.values_list("commune_id", "postcode"))

    for place in places:
        assert place.commune.kind == Commune.Kind.COMMUNE
        assert place.commune_name == place.commune.name
        assert (place.commune_id, place.postcode) in postcodes
        assert distance_km(place, place.commune) < 0.2 + 0.003 * math.sqrt(place.commune.population)


def test_bigger_communes_get_more_places():
    generate_places(count=500, seed=3)
    per_commune = dict.fromkeys(["75056", "13055"], 0)  # Paris and Marseille
    for code in Place.objects.filter(origin=ORIGIN, commune_id__in=per_commune).values_list(
        "commune_id", flat=True
    ):
        per_commune[code] += 1

    # Paris holds about 3 % of the population, Marseille 1.3 %.
    assert 5 <= per_commune["75056"] <= 30
    assert per_commune["75056"] > per_commune["13055"]


def test_itinerant_places_have_three_to_eight_stops_with_coordinates_in_their_departement():
    generate_places(count=500, seed=3)
    itinerant = Place.objects.filter(origin=ORIGIN, tags__vocabulary=Vocabulary.ITINERANCE).filter(
        tags__value=Itinerance.ITINERANT
    )

    assert 2 <= itinerant.count() <= 20  # about 1.5 %
    for place in itinerant.select_related("commune").prefetch_related("stops__commune"):
        stops = list(place.stops.all())
        assert 3 <= len(stops) <= 8
        assert [stop.position for stop in stops] == list(range(len(stops)))
        for stop in stops:
            assert stop.latitude is not None and stop.longitude is not None
            assert stop.commune.departement_id == place.commune.departement_id
            assert stop.opening_hours
        assert "Bus" in place.name or "itinérante" in place.name
    assert not Stop.objects.filter(place__origin=ORIGIN).exclude(place__in=itinerant).exists()


def test_every_kind_of_structure_runs_places_in_a_few_hundred_of_them(dataset):
    kinds = set(Structure.objects.filter(origin=ORIGIN).values_list("kind", flat=True))
    running = set(Place.objects.filter(origin=ORIGIN).values_list("structure__kind", flat=True))

    assert kinds == set(Structure.Kind.values)
    assert not Place.objects.filter(origin=ORIGIN, structure__isnull=True).exists()
    assert len(running) >= len(Structure.Kind.values) - 2


def test_structures_run_several_places_and_a_ccas_belongs_to_its_commune(dataset):
    places_per_structure = Counter(Place.objects.filter(origin=ORIGIN).values_list("structure_id", flat=True))
    assert len(places_per_structure) < 0.95 * COUNT  # a few hundred places are spread over France
    assert max(places_per_structure.values()) >= 4  # a Département, a La Poste network…
    ccas = Structure.objects.filter(origin=ORIGIN, name__startswith="CCAS ")
    assert ccas.exists()
    for structure in ccas.select_related("parent"):
        assert structure.parent.kind == Structure.Kind.COMMUNE
        assert structure.parent.commune_id == structure.commune_id


def test_hubs_coordinate_regions_and_have_member_structures(dataset):
    hubs = Structure.objects.filter(origin=ORIGIN, is_hub=True)

    assert 12 <= hubs.count() <= 18  # one per région, overseas ones grouped by basin
    for hub in hubs.prefetch_related("hub_regions"):
        assert hub.hub_regions.exists()
    assert Structure.objects.filter(origin=ORIGIN, hub__in=hubs).count() > 0.1 * dataset.structures
    assert (
        Support.objects.filter(structure__in=hubs, programme__slug="hubs-numeriques").count() == hubs.count()
    )


def test_supports_link_places_to_the_programmes_of_their_dispositifs_and_labels(dataset):
    dispositifs = tags_by_place(Vocabulary.DISPOSITIFS)
    labels = tags_by_place(Vocabulary.FORMATIONS_LABELS)
    itinerant = {
        pk for pk, values in tags_by_place(Vocabulary.ITINERANCE).items() if Itinerance.ITINERANT in values
    }
    programmes: dict[int, set[str]] = {}
    for place_id, slug in Support.objects.filter(place__origin=ORIGIN).values_list(
        "place_id", "programme__slug"
    ):
        programmes.setdefault(place_id, set()).add(slug)

    for place_id in Place.objects.filter(origin=ORIGIN).values_list("pk", flat=True):
        expected = set()
        if place_id in itinerant:
            expected.add("bus-france-services")
        elif Dispositif.FRANCE_SERVICES in dispositifs.get(place_id, ()):
            expected.add("france-services")
        if Dispositif.CONSEILLERS_NUMERIQUES in dispositifs.get(place_id, ()):
            expected.add("conseillers-numeriques")
        if Dispositif.AIDANTS_CONNECT in dispositifs.get(place_id, ()):
            expected.add("aidants-connect")
        if FormationLabel.FABRIQUES in labels.get(place_id, ()):
            expected.add("fabriques-de-territoire")
        assert programmes.get(place_id, set()) - {"fabriques-numeriques-de-territoire"} == expected


def test_france_services_places_are_labelled_and_carry_procedures(dataset):
    france_services = Place.objects.filter(origin=ORIGIN).tagged(
        Vocabulary.DISPOSITIFS, [Dispositif.FRANCE_SERVICES]
    )

    assert france_services.count() > 0.05 * COUNT
    for place in france_services.with_tags():
        assert Service.DEMARCHES in place.services
        programmes = dict(place.supports.values_list("programme__slug", "status"))
        assert programmes.get("france-services", programmes.get("bus-france-services")) == "labelled"


def test_conseillers_and_fabriques_supports_carry_their_figures(dataset):
    conseillers = Support.objects.filter(origin=ORIGIN, programme__slug="conseillers-numeriques")
    fabriques = Support.objects.filter(origin=ORIGIN, programme__slug="fabriques-de-territoire")

    assert conseillers.exists() and fabriques.exists()
    for support in conseillers:
        assert support.status == Support.Status.FUNDED
        assert 1 <= support.conseillers_count <= 3
        assert support.place_id and support.structure_id
    for support in fabriques:
        assert support.status in (Support.Status.LAUREATE, Support.Status.FUNDED)
        assert 75_000 <= support.amount_eur <= 150_000
        assert support.wave in ("2019", "2020", "2021")


def test_places_carry_what_the_standard_asks_for(dataset):
    places = list(Place.objects.filter(origin=ORIGIN).with_tags())

    for place in places:
        assert place.typologie and place.services and place.frais
        assert place.modalites_acces and place.modalites_accompagnement
        assert place.name and place.address and len(place.summary) <= 280
        assert place.search_text == place.build_search_text()
        assert isinstance(place.emails, list) and isinstance(place.websites, list)
        assert place.origin_id.startswith(f"{ORIGIN}-7-")
    assert 0.8 * COUNT < sum(place.status == Place.Status.PUBLISHED for place in places) < COUNT
    assert len({place.updated_on.year for place in places}) >= 3


def test_rerunning_replaces_synthetic_data_without_touching_other_origins():
    generate_places(count=50, seed=1)
    synthetic_structure = Structure.objects.filter(origin=ORIGIN).first()
    synthetic_place = Place.objects.filter(origin=ORIGIN).first()
    kept_structure = Structure.objects.create(name="Association locale", origin="import", origin_id="a1")
    kept = Place.objects.create(
        origin="import",
        origin_id="1",
        name="EPN de Montluçon",
        commune_name="Montluçon",
        postcode="03100",
        address="1 rue de la République",
        structure=synthetic_structure,
        duplicate_of=synthetic_place,
    )
    kept.set_tags(Vocabulary.SERVICES, [Service.DEMARCHES])
    Support.objects.create(programme=Programme.objects.get(slug="aidants-connect"), place=kept)

    generate_places(count=60, seed=2)

    kept.refresh_from_db()
    assert kept.structure is None and kept.duplicate_of is None
    assert kept.services == [Service.DEMARCHES]
    assert kept.supports.count() == 1
    assert Structure.objects.filter(pk=kept_structure.pk).exists()
    assert Place.objects.filter(origin=ORIGIN).count() == 60
    assert not Place.objects.filter(origin=ORIGIN, origin_id__startswith=f"{ORIGIN}-1-").exists()


def test_the_command_prints_a_summary_of_what_it_wrote():
    out = io.StringIO()

    call_command("generate_places", count=40, seed=5, stdout=out)

    assert Place.objects.filter(origin=ORIGIN).count() == 40
    assert re.search(
        r"40 places \(\d+ stops, \d+ tags, \d+ openings\), \d+ structures, \d+ supports in [\d.]+ s",
        out.getvalue(),
    )


def distance_km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))
