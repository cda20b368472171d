"""A deterministic, realistic national dataset of synthetic places, for demos and load tests.

`generate_places(count=…, seed=…)` replaces every row of origin "synthetic" (places with their tags, stops and
weekly openings, structures, supports) by a dataset drawn from `random.Random(seed)` alone: the same count and
seed give the same rows on any database. Places go to current communes in proportion to their population; what a place is
and who runs it come from demo/profiles.py, its words from demo/names.py.

Rows are written in batches (bulk_create, multi-row INSERTs for tags and openings), so model `save()` does not
run: `search_text` and the weekly openings are written here, and django-simple-history records no history for
synthetic rows (they are nobody's edits).
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connections, models, transaction

from demo import names as words
from demo import profiles
from places import versioning
from places.bulk import insert_rows
from places.hours import weekly_intervals
from places.models import (
    Commune,
    CommunePostcode,
    Departement,
    Epci,
    Place,
    PlaceTag,
    Region,
    Stop,
    Structure,
    WeeklyOpening,
)
from places.vocabularies import Dispositif, FormationLabel, Itinerance, ModaliteAcces, Vocabulary
from programmes.models import Programme, Support

ORIGIN = "synthetic"
# "Today" for the data, fixed so that a seed always gives the same dates; updated_on spreads over 3 years before.
REFERENCE_DATE = date(2025, 6, 30)
CHUNK = 2_000  # places built and written at a time: memory stays flat whatever the count
BUS_SHARE = 0.015
HUB_MEMBER_SHARE = 0.3
LOCAL_REUSE_SHARE = 0.35  # how often a place goes to an association or company already running one nearby
# Kinds of porteur the overseas collectivities (région codes of three digits) do not have.
ABSENT_FROM_OVERSEAS_COLLECTIVITIES = {
    Structure.Kind.DEPARTEMENT,
    Structure.Kind.REGION,
    Structure.Kind.LA_POSTE,
    Structure.Kind.MSA,
    Structure.Kind.OTHER_PUBLIC,
}


class GazetteerMissing(RuntimeError):
    pass


@dataclass
class Summary:
    places: int
    stops: int
    structures: int
    supports: int
    tags: int
    openings: int = 0  # WeeklyOpening rows, the indexed form of the hours
    replaced: int = 0  # synthetic places deleted first


STATUSES = words.Weighted(["published", "draft", "submitted", "archived"], [92, 3, 3, 2])
CONSEILLERS_COUNTS = words.Weighted([1, 2, 3], [6, 3, 1])
FABRIQUE_WAVES = words.Weighted(["2019", "2020", "2021"], [3, 4, 3])


def generate_places(*, count: int, seed: int, on_progress: Callable[[int], None] | None = None) -> Summary:
    """Replace the synthetic dataset by `count` places drawn from `seed`."""
    from programmes.catalogue import load_programmes

    load_programmes()  # supports point at the catalogue's programmes
    communes = Communes.load()
    with transaction.atomic():
        replaced = delete_synthetic()
        summary = Summary(places=0, stops=0, structures=0, supports=0, tags=0)
        if count:  # --count 0 only removes the synthetic dataset
            summary = Generator(seed=seed, communes=communes).run(count, on_progress or (lambda done: None))
        refresh_statistics([Place, PlaceTag, WeeklyOpening, Stop, Structure, Support])
    versioning.bump()
    summary.replaced = replaced
    return summary


def delete_synthetic() -> int:
    """Delete every synthetic row in a few set-based statements; returns how many places went.

    Rows of other origins are never deleted: what points at a synthetic row follows its foreign key's
    on_delete (a place of another origin loses its synthetic structure; supports and tags go).
    """
    deleted = _delete_with_relations(Place.objects.filter(origin=ORIGIN))
    _delete_with_relations(Structure.objects.filter(origin=ORIGIN))
    return deleted


def refresh_statistics(written: Sequence[type[models.Model]]) -> None:
    """ANALYZE the tables just rewritten, on PostgreSQL, before the transaction commits.

    PostgreSQL checks the run's foreign keys at COMMIT with plans made from the tables' statistics. Where
    autovacuum is off or has not caught up, statistics taken when a table was empty turn each of the two
    million checks into a sequential scan: hours instead of seconds. SQLite checks through the indexes.
    """
    connection = connections[Place.objects.db]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in written:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _delete_with_relations(queryset: models.QuerySet) -> int:
    """What Django's delete collector does, as one statement per relation instead of loading every row.

    The collector would fetch each row to send delete signals, and django-simple-history would write a
    history row for each deleted place: minutes for 100,000 places. `_raw_delete` is the collector's own
    fast path.
    """
    for relation in queryset.model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue  # only foreign keys pointing at this model (including many-to-many tables)
        if relation.on_delete is models.DO_NOTHING:  # history tables keep their copies
            continue
        pointing = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        # PROTECT guards evidence (reports, proposals, supports, tokens: inclusion/archiving.py) of real places;
        # pointing at synthetic rows, it is the demo's own and goes with them.
        if relation.on_delete in (models.CASCADE, models.PROTECT):
            _delete_with_relations(pointing)
        elif relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        else:
            raise RuntimeError(f"Cannot follow {relation.field} ({relation.on_delete.__name__}) by hand.")
    return queryset._raw_delete(queryset.db)


@dataclass
class Communes:
    """The current communes that can hold a place (coordinates, population, a postcode), in code order."""

    rows: list[tuple]  # (code, name, departement, region, epci, population, latitude, longitude)
    postcodes: list[list[str]]
    chooser: words.Weighted  # a commune's index, in proportion to its population
    by_departement: dict[str, list[int]]
    largest: dict[tuple[str, str], int]  # ("departement", "16") → its most populous commune: structures' seat
    names: dict[tuple[str, str], str]  # ("region", "75") → "Nouvelle-Aquitaine"

    @classmethod
    def load(cls) -> "Communes":
        postcodes: dict[str, list[str]] = {}
        pairs = CommunePostcode.objects.order_by("commune_id", "postcode").values_list(
            "commune_id", "postcode"
        )
        for code, postcode in pairs:
            postcodes.setdefault(code, []).append(postcode)
        columns = [
            "code",
            "name",
            "departement_id",
            "region_id",
            "epci_id",
            "population",
            "latitude",
            "longitude",
        ]
        current = Commune.objects.current().filter(latitude__isnull=False, population__gt=0).order_by("code")
        rows = [row for row in current.values_list(*columns) if row[0] in postcodes]
        if not rows:
            raise GazetteerMissing(
                "No commune with coordinates and a postcode: run `manage.py load_gazetteer`."
            )
        by_departement: dict[str, list[int]] = {}
        largest: dict[tuple[str, str], int] = {}
        for index, (_, _, departement, region, epci, population, *_) in enumerate(rows):
            by_departement.setdefault(departement, []).append(index)
            for key in (("departement", departement), ("region", region), ("epci", epci), ("national", "")):
                if key not in largest or rows[largest[key]][5] < population:
                    largest[key] = index
        names = {
            ("departement", code): name for code, name in Departement.objects.values_list("code", "name")
        }
        names |= {("region", code): name for code, name in Region.objects.values_list("code", "name")}
        names |= {("epci", code): name for code, name in Epci.objects.values_list("code", "name")}
        return cls(
            rows=rows,
            postcodes=[postcodes[row[0]] for row in rows],
            chooser=words.Weighted(range(len(rows)), [row[5] for row in rows]),
            by_departement=by_departement,
            largest=largest,
            names=names,
        )

    def size(self, index: int) -> int:
        """0 for a village, 1 for a town, 2 for a city."""
        population = self.rows[index][5]
        return 0 if population < profiles.SIZE_SMALL else 1 if population < profiles.SIZE_MEDIUM else 2


class Generator:
    """Draws the dataset. Every draw comes from one `random.Random(seed)`, in a fixed order."""

    def __init__(self, *, seed: int, communes: Communes):
        self.seed = seed
        self.rng = random.Random(seed)
        self.communes = communes
        self.programmes = {programme.slug: programme for programme in Programme.objects.all()}
        self.profiles = [
            words.Weighted(profiles.PROFILES, [p.weights[size] for p in profiles.PROFILES])
            for size in range(3)
        ]
        self.porteurs = {
            p.key: words.Weighted(list(p.porteurs), p.porteurs.values())
            for p in (*profiles.PROFILES, profiles.BUS)
        }
        # Structures in creation order, and what the generator keeps beside each one.
        self.structures: list[Structure] = []
        self.domains: list[str] = []
        self.regions: list[str] = []
        self.links: list[tuple[int | None, int | None]] = []  # (parent, hub) indexes
        self.structure_keys: dict[tuple[str, str], int] = {}
        self.local_pools: dict[tuple[str, str], list[int]] = {}
        self.hubs: dict[str, int] = {}  # région code → index of its hub
        self.hub_regions: dict[int, list[str]] = {}  # hub index → the régions it coordinates
        self.supports: list = []
        self.intervals: dict[str, list[tuple[int, int, int]]] = {}  # hours → weekly_intervals, parsed once
        self.summary = Summary(places=0, stops=0, structures=0, supports=0, tags=0)

    def run(self, count: int, on_progress: Callable[[int], None]) -> Summary:
        for key, porteur in profiles.PORTEURS.items():
            if porteur.scope == "national":  # heads of the networks (La Poste, MSA, CNAF…) exist in any case
                self._structure(key, commune=0)
        self._create_hubs()
        plans = [self._plan() for _ in range(count)]  # creates the structures the places need
        self._join_hubs()
        self._insert_structures()
        for start in range(0, count, CHUNK):
            chunk = plans[start : start + CHUNK]
            self._insert_places(start, chunk)
            on_progress(len(chunk))
        self.summary.places, self.summary.structures = count, len(self.structures)
        return self.summary

    def _plan(self) -> tuple[int, profiles.Profile, str, int]:
        """Where a place is, what it is, and who runs it: (commune, profile, porteur, structure)."""
        rng, commune = self.rng, self.communes.chooser.draw(self.rng)
        profile = (
            profiles.BUS if rng.random() < BUS_SHARE else self.profiles[self.communes.size(commune)].draw(rng)
        )
        porteur = self.porteurs[profile.key].draw(rng)
        region, epci = self.communes.rows[commune][3:5]
        if porteur in ("epci", "cias") and not epci:
            porteur = "commune" if porteur == "epci" else "ccas"  # a commune outside any EPCI
        if len(region) == 3 and profiles.PORTEURS[porteur].kind in ABSENT_FROM_OVERSEAS_COLLECTIVITIES:
            porteur = "commune"  # Nouvelle-Calédonie, Polynésie…: no Département, Région, MSA or CAF there
        return commune, profile, porteur, self._structure(porteur, commune)

    # --- Structures ---

    def _structure(self, key: str, commune: int) -> int:
        """The structure of porteur `key` for a place in `commune`, created on first use."""
        porteur = profiles.PORTEURS[key]
        code, _, departement, region, epci, *_ = self.communes.rows[commune]
        if porteur.scope == "local":
            pool = self.local_pools.setdefault((key, departement), [])
            if not pool or self.rng.random() >= LOCAL_REUSE_SHARE:
                pool.append(self._new_structure(porteur.kind, porteur.names, commune))
                return pool[-1]
            return self.rng.choice(pool)
        scope = "commune" if porteur.scope == "epci" and not epci else porteur.scope
        territory = {"commune": code, "epci": epci, "departement": departement, "region": region}
        scope_key = (key, territory.get(scope, ""))
        if scope_key not in self.structure_keys:
            seat = commune if scope == "commune" else self.communes.largest[(scope, scope_key[1])]
            parent = self._structure(porteur.parent, commune) if porteur.parent else None
            self.structure_keys[scope_key] = self._new_structure(
                porteur.kind, porteur.names, None if scope == "national" else seat, parent
            )
        return self.structure_keys[scope_key]

    def _new_structure(
        self, kind: str, names: Sequence[str], seat: int | None, parent: int | None = None
    ) -> int:
        """A structure seated in commune `seat` (None: a national head office), named from `names`."""
        rng = self.rng
        name = rng.choice(names).format_map(self._fields(seat if seat is not None else 0))
        siret, rna = self._identifiers(kind)
        domain = f"{words.slug(name)}.example"
        self.structures.append(
            Structure(
                name=name,
                kind=kind,
                siret=siret,
                rna=rna,
                commune_id=self.communes.rows[seat][0] if seat is not None else None,
                address=words.address(rng) if seat is not None else "",
                email=f"contact@{domain}",
                phone=self._phone(seat) if seat is not None else "",
                website=f"https://{domain}",
                parent=self.structures[parent] if parent is not None else None,
                origin=ORIGIN,
                origin_id=f"{ORIGIN}-{self.seed}-s{len(self.structures):06d}",
            )
        )
        self.domains.append(domain)
        self.regions.append(self.communes.rows[seat][3] if seat is not None else "")
        self.links.append((parent, None))
        return len(self.structures) - 1

    def _identifiers(self, kind: str) -> tuple[str, str]:
        """(SIRET, RNA): public bodies and companies have a SIRET; every association an RNA, most a SIRET."""
        rng = self.rng
        if kind != Structure.Kind.ASSOCIATION:
            prefix = words.SIREN_PREFIXES.get(kind) or str(rng.randint(3, 9))
            return words.siret(rng, words.siren(rng, prefix)), ""
        rna = f"W{rng.randrange(10**9):09d}"
        return (words.siret(rng, words.siren(rng, str(rng.randint(3, 8)))) if rng.random() < 0.6 else ""), rna

    def _create_hubs(self) -> None:
        """One hub numérique per région (or per group of régions), seated in its largest commune."""
        present = sorted({row[3] for row in self.communes.rows if row[3]})
        for region in present:
            if region in self.hubs:
                continue
            group = next((codes for codes in profiles.HUB_GROUPS if region in codes), (region,))
            name = (
                profiles.HUB_GROUPS.get(group)
                or f"Hub numérique {self.communes.names.get(('region', region), region)}"
            )
            kind = Structure.Kind.ASSOCIATION if self.rng.random() < 0.7 else Structure.Kind.OTHER_PUBLIC
            index = self._new_structure(kind, [name], self.communes.largest[("region", region)])
            self.structures[index].is_hub = True
            self.hub_regions[index] = [code for code in group if code in present]
            self.hubs |= dict.fromkeys(self.hub_regions[index], index)

    def _join_hubs(self) -> None:
        for index, structure in enumerate(self.structures):
            region = self.regions[index]
            if index not in self.hub_regions and region in self.hubs and self.rng.random() < HUB_MEMBER_SHARE:
                self.links[index] = (self.links[index][0], self.hubs[region])
                structure.hub = self.structures[self.hubs[region]]

    def _insert_structures(self) -> None:
        # A structure can only point at a saved one: write hubs and parents before their members and children.
        depths: list[int] = []
        for parent, hub in self.links:
            depths.append(1 + max((depths[i] for i in (parent, hub) if i is not None), default=-1))
        for depth in sorted(set(depths)):
            level = [s for s, d in zip(self.structures, depths, strict=True) if d == depth]
            Structure.objects.bulk_create(level, batch_size=1_000)
        HubRegion = Structure.hub_regions.through
        HubRegion.objects.bulk_create(
            HubRegion(structure_id=self.structures[index].pk, region_id=code)
            for index, regions in self.hub_regions.items()
            for code in regions
        )
        for index in self.hub_regions:
            wave = "2019" if self.rng.random() < 0.7 else "2020"
            self._support("hubs-numeriques", "laureate", {"structure": self.structures[index]}, wave=wave)

    # --- Places ---

    def _insert_places(self, start: int, plans: list[tuple[int, profiles.Profile, str, int]]) -> None:
        drafts = [self._place(start + offset, *plan) for offset, plan in enumerate(plans)]
        Place.objects.bulk_create([place for place, _, _ in drafts], batch_size=1_000)
        tags, openings, stops = [], [], []
        for (place, place_tags, place_stops), plan in zip(drafts, plans, strict=True):
            tags += [(place.pk, vocabulary, value) for vocabulary, value in place_tags]
            openings += [(place.pk, *interval) for interval in self._intervals(place.opening_hours)]
            for stop in place_stops:
                stop.place_id = place.pk
            stops += place_stops
            self._place_supports(place, self.structures[plan[3]], {value for _, value in place_tags})
        insert_rows(PlaceTag, ["place", "vocabulary", "value"], tags)
        insert_rows(WeeklyOpening, ["place", "weekday", "opens", "closes"], openings)
        Stop.objects.bulk_create(stops, batch_size=1_000)
        Support.objects.bulk_create(self.supports, batch_size=1_000)
        self.summary.tags += len(tags)
        self.summary.openings += len(openings)
        self.summary.stops += len(stops)
        self.summary.supports += len(self.supports)
        self.supports = []

    def _place(
        self, index: int, commune: int, profile: profiles.Profile, porteur_key: str, structure_index: int
    ):
        """An unsaved place, its (vocabulary, value) tags and its unsaved stops."""
        rng = self.rng
        row = self.communes.rows[commune]
        code, commune_name, departement, region, _, population, latitude, longitude = row
        structure, porteur = self.structures[structure_index], profiles.PORTEURS[porteur_key]
        bus = profile.itinerant
        in_city = self.communes.size(commune) == 2 and profile.city_names and rng.random() < 0.8
        templates = porteur.place_names or (profile.city_names if in_city else profile.names)
        name = rng.choice(templates).format_map(self._fields(commune, structure.name, porteur.short))

        offer = profile.draw_offer(rng, porteur, departement, region)
        tags = [(vocabulary, value) for vocabulary, values in offer.items() for value in values]

        stops = self._stops(commune) if bus else []
        hours = words.bus_hours(stops) if bus else rng.choice(profile.hours) if rng.random() < 0.92 else ""
        domain, local_part = self.domains[structure_index], words.slug(profile.key)
        hub = self.hubs.get(region)
        latitude, longitude = words.jitter(rng, latitude, longitude, population)
        place = Place(
            origin=ORIGIN,
            origin_id=f"{ORIGIN}-{self.seed}-{index:06d}",
            status=STATUSES.draw(rng),
            structure_id=structure.pk,
            pivot=words.siret(rng, structure.siret[:9]) if structure.siret and rng.random() < 0.85 else "",
            name=name,
            commune_name=commune_name,
            postcode=rng.choice(self.communes.postcodes[commune]),
            commune_id=code,
            address=words.address(rng),
            address_complement=rng.choice(words.ADDRESS_COMPLEMENTS) if rng.random() < 0.15 else "",
            latitude=latitude,
            longitude=longitude,
            phone=self._phone(commune) if rng.random() < 0.85 else "",
            emails=[f"{local_part}@{domain}", f"accueil@{domain}"][: 2 if rng.random() < 0.1 else 1]
            if rng.random() < 0.7
            else [],
            websites=[f"https://{domain}" + (f"/{local_part}" if rng.random() < 0.5 else "")]
            if rng.random() < 0.6
            else [],
            opening_hours=hours,
            summary=words.summarize(profile.summary, offer[Vocabulary.SERVICES]),
            description=words.describe(rng, name, commune_name, offer),
            source=self.structures[hub].name if hub is not None and rng.random() < 0.4 else "",
            parent_structure_name=structure.name if rng.random() < 0.5 else "",
            updated_on=REFERENCE_DATE - timedelta(days=int(3 * 365 * rng.random() ** 1.5)),
            other_labels=[rng.choice(profiles.OTHER_LABELS)] if rng.random() < 0.1 else [],
            booking_url=f"https://{domain}/rendez-vous"
            if ModaliteAcces.RDV_EN_LIGNE in offer[Vocabulary.MODALITES_ACCES]
            else "",
        )
        place.search_text = place.build_search_text()
        return place, tags, stops

    def _stops(self, commune: int) -> list[Stop]:
        """3 to 8 half-day stops in the nearest communes of the bus's département, each in its own slot."""
        rng, rows = self.rng, self.communes.rows
        departement, latitude, longitude = rows[commune][2], rows[commune][6], rows[commune][7]
        nearest = sorted(
            self.communes.by_departement[departement],
            key=lambda i: (rows[i][6] - latitude) ** 2 + ((rows[i][7] - longitude) * 0.7) ** 2,
        )[:12]
        count = rng.randint(3, 8)
        # A département with fewer communes than stops (Paris) gets several stops in one commune.
        chosen = rng.sample(nearest, min(count, len(nearest)))
        chosen += [rng.choice(nearest) for _ in range(count - len(chosen))]
        slots = sorted(rng.sample(range(2 * len(profiles.STOP_DAYS)), count))  # (day, morning or afternoon)
        stops = []
        for position, (slot, stop_commune) in enumerate(zip(slots, chosen, strict=True)):
            code, name, _, _, _, population, stop_latitude, stop_longitude = rows[stop_commune]
            times = rng.choice(profiles.STOP_AFTERNOONS if slot % 2 else profiles.STOP_MORNINGS)
            stop_latitude, stop_longitude = words.jitter(
                rng, stop_latitude, stop_longitude, population, base=80.0
            )
            stops.append(
                Stop(
                    position=position,
                    name=name,
                    address=rng.choice(words.STOP_PLACES),
                    postcode=rng.choice(self.communes.postcodes[stop_commune]),
                    commune_name=name,
                    commune_id=code,
                    latitude=stop_latitude,
                    longitude=stop_longitude,
                    opening_hours=f"{profiles.STOP_DAYS[slot // 2]} {times}; PH off",
                    note=rng.choice(words.STOP_NOTES) if rng.random() < 0.3 else "",
                )
            )
        return stops

    def _intervals(self, expression: str) -> list[tuple[int, int, int]]:
        """What places.services.refresh_openings would write, parsed once per distinct hours string."""
        if expression not in self.intervals:
            self.intervals[expression] = weekly_intervals(expression)
        return self.intervals[expression]

    def _fields(self, commune: int, structure: str = "", short: str = "") -> dict[str, str]:
        """What name templates may use: {commune}, {de_commune}, {person}, {structure}…"""
        rng, names = self.rng, self.communes.names
        _, name, departement, region, epci, *_ = self.communes.rows[commune]
        departement_name = names.get(("departement", departement), departement)
        return {
            "commune": name,
            "de_commune": words.de(name),
            "departement": departement_name,
            "de_departement": words.de(departement_name),
            "region": names.get(("region", region), region),
            "epci": names.get(("epci", epci)) or name,
            "person": rng.choice(words.PERSONS),
            "quartier": rng.choice(words.QUARTIERS),
            "lieu": rng.choice(words.LIEUX),
            "association": rng.choice(words.ASSOCIATIONS),
            "company": rng.choice(words.COMPANIES),
            "structure": structure,
            "short": short,
        }

    def _phone(self, commune: int) -> str:
        return words.phone(self.rng, *self.communes.rows[commune][2:4])

    # --- Supports ---

    def _place_supports(self, place: Place, structure: Structure, values: set[str]) -> None:
        """The programmes behind a place's dispositifs and labels, as supports to it and its structure."""
        rng, on = self.rng, {"place": place, "structure": structure}
        if Itinerance.ITINERANT in values:
            starts = words.random_date(rng, date(2021, 1, 15), date(2023, 12, 31))
            self._support("bus-france-services", "labelled", on, starts_on=starts, wave="2021")
        elif Dispositif.FRANCE_SERVICES in values:
            starts = words.random_date(rng, date(2020, 1, 1), date(2024, 12, 31))
            self._support("france-services", "labelled", on, starts_on=starts)
        if Dispositif.CONSEILLERS_NUMERIQUES in values:
            starts = words.random_date(rng, date(2021, 3, 1), date(2022, 6, 28))
            contract = {"ends_on": starts.replace(year=starts.year + 2), "wave": str(starts.year)}
            count = CONSEILLERS_COUNTS.draw(rng)
            self._support(
                "conseillers-numeriques", "funded", on, starts_on=starts, conseillers_count=count, **contract
            )
        if Dispositif.AIDANTS_CONNECT in values:
            starts = words.random_date(rng, date(2021, 1, 1), date(2024, 12, 31))
            self._support("aidants-connect", "labelled", on, starts_on=starts)
        if FormationLabel.FABRIQUES in values:
            wave = FABRIQUE_WAVES.draw(rng)
            starts = words.random_date(rng, date(int(wave), 9, 1), date(int(wave), 12, 28))
            status = "funded" if rng.random() < 0.7 else "laureate"
            period = {"starts_on": starts, "ends_on": starts.replace(year=starts.year + 3), "wave": wave}
            self._support(
                "fabriques-de-territoire",
                status,
                on,
                amount_eur=75_000 + 5_000 * rng.randint(0, 15),
                **period,
            )
            if wave == "2019" and rng.random() < 0.25:  # one of the 30 "fabriques numériques" of 2019
                self._support(
                    "fabriques-numeriques-de-territoire", "funded", on, amount_eur=100_000, **period
                )

    def _support(self, programme: str, status: str, on: dict, **fields) -> None:
        """A support of `programme` to `on` (a place and its structure, or a structure alone)."""
        self.supports.append(
            Support(programme=self.programmes[programme], status=status, origin=ORIGIN, **on, **fields)
        )
