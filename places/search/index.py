"""The search index: every published place in memory as columns (NumPy arrays), one row — a *slot* — per place.

A search around Paris looks at 12,000 places in its bounding box. Checked in SQL, each costs a correlated
subquery per filter and a LIKE, and the filter counts do it all again (p95 ≈ 250 ms at 100,000 places). Here it
is a handful of vectorised passes over arrays, counts included (docs/architecture.md, "Search").

What a slot holds, and what dates it (a refresh reads a place again when its `updated_at` changed):
- the place's row: coordinates, name, search text, commune, structure, source, origin, `updated_at`;
- its tags, as one row of a boolean matrix with a column per value of each vocabulary: every write of tags
  dates the place (`Place.set_tags`, the importer);
- its opening intervals of a usual week (WeeklyOpening, written with the place's hours);
- the words of its search text, in a word → slots index.
Stops are read whole at each refresh (they are few, and editing one does not always date its place); the places
a programme supports are read when first asked for, once per snapshot.

A Snapshot never changes once built, so a request reads one consistent picture even while another thread
refreshes. `current()` gives a fresh one: when the data version moved since the snapshot was made, it reads every
published place's (id, updated_at), reads again only the places that changed (appended as new slots; their old
slots die) and forgets those that left. Everything is read from scratch only at the first search of a process,
or when more than a quarter of the slots are dead.
"""

import itertools
import threading
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import connection

from places import geo, versioning
from places.models import Stop
from places.search.reading import (
    COLUMN_OF,
    COLUMNS,
    Loaded,
    Territories,
    positions,
    read_places,
    read_stamps,
    rows_of,
)
from places.vocabularies import Vocabulary

REBUILD_WHEN_DEAD = 0.25  # share of dead slots past which a refresh reads everything again


# --- Snapshots -----------------------------------------------------------------------------------------------


class Categories:
    """Distinct strings (sources, origins) numbered in order of appearance; a new set is made to add some."""

    def __init__(self, numbers: dict[str, int] | None = None):
        self.numbers = numbers or {}

    def numbered(self, values: list[str]) -> tuple["Categories", np.ndarray]:
        numbers = dict(self.numbers)
        codes = [numbers.setdefault(value, len(numbers)) for value in values]
        return Categories(numbers), np.array(codes, np.int32)

    def number(self, value: str) -> int:
        return self.numbers.get(value, -1)


@dataclass(frozen=True)
class Words:
    """Which slots each word of the search texts appears in: `numbers` {word: n}, `slots[n]` an array."""

    numbers: dict[str, int]
    slots: list[np.ndarray]

    def with_texts(self, texts: list[str], first_slot: int) -> "Words":
        """The words of these texts added, for the slots from `first_slot` on (a copy: older snapshots keep
        their own)."""
        numbers = defaultdict(itertools.count(len(self.numbers)).__next__, self.numbers)
        # Numbered as they are read, into C integers: 4.6 million words for 100,000 places in about a second,
        # without holding millions of strings at once.
        found, counts = array("i"), array("q")  # word numbers fit in 32 bits
        for text in texts:
            words = set(text.split())
            found.extend(map(numbers.__getitem__, words))
            counts.append(len(words))
        found = np.frombuffer(found, np.int32)
        slots = np.repeat(
            np.arange(first_slot, first_slot + len(texts), dtype=np.int32), np.array(counts, np.int64)
        )
        order = np.argsort(found, kind="stable")
        found, slots = found[order], slots[order]
        postings = self.slots + [np.zeros(0, np.int32)] * (len(numbers) - len(self.slots))
        if len(found):
            starts = np.flatnonzero(np.r_[True, found[1:] != found[:-1]])
            for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(found)], strict=True):
                number = found[start]
                postings[number] = np.concatenate([postings[number], slots[start:end]])
        return Words(dict(numbers), postings)


class Snapshot:
    """One consistent picture of the published places; never changed once built (see the module's docstring).

    Per slot: `ids`, `alive`, `stamps`, `updated`, `latitude`, `longitude`, `communes` (positions in
    `territories`), `structures`, `sources` and `origins` (numbers in `source_numbers`, `origin_numbers`),
    `tags` (bool matrix), `names` (normalised, for sorting). Then `words`, `openings` (slot, weekday, opens,
    closes) and the stops: `stop_slots`, `stop_latitude`, `stop_longitude`, `stop_communes`.
    """

    PER_SLOT = (
        "ids",
        "alive",
        "stamps",
        "updated",
        "latitude",
        "longitude",
        "communes",
        "structures",
        "sources",
        "origins",
        "tags",
    )

    def __init__(self, version, territories: Territories, *, names: list[str], words: Words, openings: np.ndarray,
                 source_numbers: Categories, origin_numbers: Categories, **per_slot: np.ndarray):  # fmt: skip
        self.version = version
        self.territories = territories
        self.names, self.words, self.openings = names, words, openings
        self.source_numbers, self.origin_numbers = source_numbers, origin_numbers
        for name in self.PER_SLOT:
            setattr(self, name, per_slot[name])
        self._read_stops()
        self._cache: dict = {}

    @classmethod
    def build(cls, version) -> "Snapshot":
        global _territories
        territories = _territories = _territories or Territories()
        empty = {name: np.zeros(0, np.int64) for name in cls.PER_SLOT}
        empty.update(
            alive=np.zeros(0, bool),
            latitude=np.zeros(0),
            longitude=np.zeros(0),
            tags=np.zeros((0, len(COLUMNS)), bool),
            names=[],
            words=Words({}, []),
            openings=np.zeros((0, 4), np.int32),
            source_numbers=Categories(),
            origin_numbers=Categories(),
        )
        return cls._appended(empty, read_places(territories), version, territories)

    def refreshed(self, version) -> "Snapshot":
        """This snapshot brought up to date with the database (see the module's docstring)."""
        ids, stamps = read_stamps()
        mine, slots = self.by_id
        at, found = positions(mine, ids)
        unchanged = found.copy()
        # Only where found: an empty snapshot (a directory that had no published place yet) has no slot to read.
        unchanged[found] = self.stamps[slots[at[found]]] == stamps[found]
        alive = np.zeros(len(self.ids), bool)
        alive[slots[at[unchanged]]] = True
        changed = ids[~unchanged]
        dead = len(self.ids) - np.count_nonzero(alive)
        if dead > REBUILD_WHEN_DEAD * (len(self.ids) + len(changed)):
            return Snapshot.build(version)
        arrays = self._arrays()
        arrays["alive"] = alive
        if not len(changed):
            return Snapshot(version, self.territories, **arrays)
        return self._appended(
            arrays, read_places(self.territories, changed.tolist()), version, self.territories
        )

    def _arrays(self) -> dict:
        arrays = {name: getattr(self, name) for name in self.PER_SLOT}
        arrays.update(names=self.names, words=self.words, openings=self.openings)
        arrays.update(source_numbers=self.source_numbers, origin_numbers=self.origin_numbers)
        return arrays

    @classmethod
    def _appended(cls, arrays: dict, loaded: Loaded, version, territories: Territories) -> "Snapshot":
        first = len(arrays["ids"])
        source_numbers, sources = arrays["source_numbers"].numbered(loaded.sources)
        origin_numbers, origins = arrays["origin_numbers"].numbered(loaded.origins)
        openings = loaded.openings.copy()
        openings[:, 0] += first
        new = {
            "ids": loaded.ids,
            "alive": np.ones(len(loaded.ids), bool),
            "stamps": loaded.stamps,
            "updated": loaded.updated,
            "latitude": loaded.latitude,
            "longitude": loaded.longitude,
            "communes": loaded.communes,
            "structures": loaded.structures,
            "sources": sources,
            "origins": origins,
            "tags": loaded.tags,
        }
        return cls(
            version,
            territories,
            names=arrays["names"] + loaded.names,
            words=arrays["words"].with_texts(loaded.texts, first),
            openings=np.concatenate([arrays["openings"], openings]),
            source_numbers=source_numbers,
            origin_numbers=origin_numbers,
            **{name: np.concatenate([arrays[name], new[name]]) for name in cls.PER_SLOT},
        )

    def _read_stops(self) -> None:
        rows = rows_of(
            Stop.objects.order_by("pk").values_list("place_id", "latitude", "longitude", "commune_id")
        )
        slots = self.slots_of(np.fromiter((row[0] for row in rows), np.int64, len(rows)))
        kept = slots >= 0
        self.stop_slots = slots[kept]
        self.stop_latitude = np.fromiter((row[1] for row in rows), np.float64, len(rows))[kept]
        self.stop_longitude = np.fromiter((row[2] for row in rows), np.float64, len(rows))[kept]
        communes = (self.territories.position(row[3]) for row in rows)
        self.stop_communes = np.fromiter(communes, np.int32, len(rows))[kept]

    # --- Reading ----------------------------------------------------------------------------------------

    @cached_property
    def by_id(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, slots) of the alive slots, sorted by id."""
        alive = np.flatnonzero(self.alive)
        order = np.argsort(self.ids[alive])
        return self.ids[alive][order], alive[order]

    def slots_of(self, place_ids: np.ndarray) -> np.ndarray:
        """The alive slot of each place id, -1 when the index does not hold it."""
        ids, slots = self.by_id
        at, found = positions(ids, place_ids)
        return np.where(found, slots[at] if len(slots) else -1, -1)

    def member(self, slots: np.ndarray) -> np.ndarray:
        """A mask over every slot, true for these: `member(slots)[others]` tells which of `others` are in
        `slots` in one pass (np.isin would sort both)."""
        mask = np.zeros(len(self.ids), bool)
        mask[slots] = True
        return mask

    @cached_property
    def has_stops(self) -> np.ndarray:
        """Mask of the slots whose place has stops (a bus)."""
        return self.member(self.stop_slots)

    @cached_property
    def _by_latitude(self) -> tuple[np.ndarray, np.ndarray]:
        located = np.flatnonzero(self.alive & ~np.isnan(self.latitude))
        order = np.argsort(self.latitude[located], kind="stable")
        return self.latitude[located][order], located[order]

    def located_in(self, bbox: geo.BBox) -> np.ndarray:
        """Alive slots whose own point is inside `bbox`: a binary search on latitude, then the longitudes."""
        latitudes, slots = self._by_latitude
        band = slots[
            np.searchsorted(latitudes, bbox.south, "left") : np.searchsorted(latitudes, bbox.north, "right")
        ]
        longitudes = self.longitude[band]
        return band[(longitudes >= bbox.west) & (longitudes <= bbox.east)]

    def stops_in(self, bbox: geo.BBox) -> np.ndarray:
        """Positions in the stop arrays of the stops inside `bbox`."""
        latitude, longitude = self.stop_latitude, self.stop_longitude
        return np.flatnonzero(
            (latitude >= bbox.south)
            & (latitude <= bbox.north)
            & (longitude >= bbox.west)
            & (longitude <= bbox.east)
        )

    @cached_property
    def name_rank(self) -> np.ndarray:
        """Each slot's place in alphabetical order (accents and case ignored), then by id."""
        names, ids = self.names, self.ids.tolist()
        order = sorted(np.flatnonzero(self.alive).tolist(), key=lambda slot: (names[slot], ids[slot]))
        rank = np.zeros(len(ids), np.int64)
        rank[order] = np.arange(len(order))
        return rank

    def tag_values(self, slots: np.ndarray) -> list[dict[str, list[str]]]:
        """Each slot's tags, {vocabulary: [values]} in the standard's order, read back from the tag matrix."""
        values: list[dict[str, list[str]]] = [{} for _ in range(len(slots))]
        rows, columns = np.nonzero(self.tags[slots])
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            vocabulary, value = COLUMNS[column]
            values[row].setdefault(vocabulary, []).append(value)
        return values

    def _cached(self, key, compute):
        # Two threads may compute the same value at once: both results are equal, either one is kept.
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def with_words(self, words: tuple[str, ...]) -> np.ndarray:
        """Mask of the slots whose text has, for each word, a word containing it ("numer" finds "numerique")."""

        def compute():
            mask = self.alive.copy()
            for word in words:
                found = np.zeros(len(self.ids), bool)
                for known, number in self.words.numbers.items():
                    if word in known:
                        found[self.words.slots[number]] = True
                mask &= found
            return mask

        return self._cached(("words", words), compute)

    def open_at(self, weekday: int, minute: int) -> np.ndarray:
        openings = self.openings
        now = (openings[:, 1] == weekday) & (openings[:, 2] <= minute) & (openings[:, 3] > minute)
        return self._mask(openings[now, 0])

    def open_on(self, weekday: int) -> np.ndarray:
        return self._mask(self.openings[self.openings[:, 1] == weekday, 0])

    def open_between(self, weekday: int, start: int, end: int) -> np.ndarray:
        """Mask of the slots open at some time between `start` and `end` (minutes) on this weekday."""
        openings = self.openings
        overlaps = (openings[:, 1] == weekday) & (openings[:, 2] < end) & (openings[:, 3] > start)
        return self._mask(openings[overlaps, 0])

    def _mask(self, slots: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(self.ids), bool)
        mask[slots] = True
        return mask & self.alive

    def in_territory(self, kind: str, code: str) -> np.ndarray:
        """Mask of the slots in a commune (its arrondissements included), a département or a région, by their
        own commune or by one of their stops."""
        territories = self.territories

        def inside(communes: np.ndarray) -> np.ndarray:
            if kind == "commune":
                position = territories.position(code)
                return (communes == position) | (territories.root_of[communes] == position)
            if kind == "departement":
                return territories.departement_of[communes] == territories.departements.get(code, -2)
            if kind == "epci":
                return territories.epci_of[communes] == territories.epcis.get(code, -2)
            return territories.region_of[communes] == territories.regions.get(code, -2)

        mask = inside(self.communes)
        mask[self.stop_slots[inside(self.stop_communes)]] = True
        return mask & self.alive

    def supported_by(self, programme: str) -> np.ndarray:
        """Mask of the slots a programme supports (directly or through their structure) or whose tags carry its
        dispositif or label; read from the database once per snapshot."""
        from programmes.models import Programme, Support

        def compute():
            found = (
                Programme.objects.filter(slug=programme)
                .values_list("pk", "dispositif", "formation_label")
                .first()
            )
            if found is None:
                return np.zeros(len(self.ids), bool)
            pk, dispositif, label = found
            supports = rows_of(
                Support.objects.filter(programme_id=pk).values_list("place_id", "structure_id")
            )
            mask = np.isin(self.ids, [place for place, _ in supports if place is not None])
            mask |= np.isin(
                self.structures, [structure for _, structure in supports if structure is not None]
            )
            for vocabulary, value in (
                (Vocabulary.DISPOSITIFS, dispositif),
                (Vocabulary.FORMATIONS_LABELS, label),
            ):
                if (vocabulary, value) in COLUMN_OF:
                    mask |= self.tags[:, COLUMN_OF[(vocabulary, value)]]
            return mask & self.alive

        return self._cached(("programme", programme), compute)


# --- The process's current snapshot --------------------------------------------------------------------------

_lock = threading.Lock()
_current: Snapshot | None = None
_territories: Territories | None = None


def _version():
    """What tells this process that the data changed. With a shared cache (Redis): the directory's data version.
    Without: this process's own writes, and an age limit (SEARCH_INDEX_MAX_AGE seconds) past which the index
    checks the database for other processes' writes anyway. A snapshot read inside a transaction saw its
    uncommitted writes, which a rollback undoes without a new version: outside, it is read again."""
    inside = connection.in_atomic_block
    if versioning.is_shared():
        return ("shared", versioning.current(), inside)
    return (
        "local",
        versioning.local_writes(),
        int(time.monotonic() // settings.SEARCH_INDEX_MAX_AGE),
        inside,
    )


def current() -> Snapshot:
    """A snapshot of the published places as they are now, built or refreshed when needed."""
    global _current
    version = _version()
    snapshot = _current
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:
        if _current is None:
            _current = Snapshot.build(version)
        elif _current.version != version:
            _current = _current.refreshed(version)
        return _current


def forget(*, territories: bool = False) -> None:
    """Drop this process's index (tests: each starts from its own database), and its communes if asked."""
    global _current, _territories
    with _lock:
        _current = None
        if territories:
            _territories = None
