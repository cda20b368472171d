"""Reading the published places from the database as the search index holds them (places/search/index.py):
rows as the driver gives them, in chunks, matched to places in bulk."""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from places.models import Commune, Place, PlaceTag, WeeklyOpening
from places.text import normalize
from places.vocabularies import CHOICES_OF

# One column of the tag matrix per (vocabulary, value) of the standard, in the standard's order.
COLUMNS = [(vocabulary, value) for vocabulary, choices in CHOICES_OF.items() for value in choices.values]
COLUMN_OF = {pair: position for position, pair in enumerate(COLUMNS)}

MANY_PLACES = 20_000  # from this many places on, tags are read a value at a time (_read_tags)
ID_BATCH = 5000  # place ids per `IN (…)` (SQLite accepts 32,766 parameters: stay well below)
FETCH_ROWS = 10_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _chunks(queryset, ids: list[int] | None = None, field: str = "pk") -> Iterator[list[tuple]]:
    """The rows of a values_list() queryset, as the driver gives them (without Django's conversion of each
    value: 5 times faster for 100,000 rows), FETCH_ROWS at a time so that memory stays flat; for every place
    (ids None) or for these places only, ID_BATCH ids a query."""
    batches = [None] if ids is None else [ids[i : i + ID_BATCH] for i in range(0, len(ids), ID_BATCH)]
    for batch in batches:
        sql, params = (
            queryset if batch is None else queryset.filter(**{f"{field}__in": batch})
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(FETCH_ROWS):
                yield rows


def rows_of(queryset) -> list[tuple]:
    return [row for rows in _chunks(queryset) for row in rows]


def _stamped(places):
    """`updated_at` as the database writes it in text: compared as it is, without parsing a date per row."""
    return places.annotate(stamp=Cast("updated_at", TextField()))


def micros(moment: datetime) -> int:
    """Microseconds since the epoch (SQLite gives naive UTC datetimes, PostgreSQL aware ones)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def positions(sorted_ids: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `ids` sits in `sorted_ids`, and whether it is there at all."""
    if not len(sorted_ids):
        return np.zeros(len(ids), np.int64), np.zeros(len(ids), bool)
    at = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return at, sorted_ids[at] == ids


class Territories:
    """Each commune's département, région, EPCI and root (the commune an arrondissement or a delegated commune
    is part of), as arrays indexed like `codes`; the last position stands for "no commune". An arrondissement
    or a delegated commune belongs to its commune's EPCI.

    Read once per process: the gazetteer changes once a year (`load_gazetteer`, a command run in a process of
    its own); `forget(territories=True)` reads it again.
    """

    def __init__(self):
        rows = rows_of(
            Commune.objects.order_by("code").values_list(
                "code", "departement_id", "region_id", "parent_id", "epci_id", "parent__epci_id"
            )
        )
        self.codes = [code for code, *_ in rows]
        self.index = {code: position for position, code in enumerate(self.codes)}
        self.none = len(self.codes)
        self.departements = {code: i for i, code in enumerate(sorted({row[1] for row in rows if row[1]}))}
        self.regions = {code: i for i, code in enumerate(sorted({row[2] for row in rows if row[2]}))}
        self.departement_of = np.array([self.departements.get(row[1], -1) for row in rows] + [-1], np.int32)
        self.region_of = np.array([self.regions.get(row[2], -1) for row in rows] + [-1], np.int32)
        self.epcis = {code: i for i, code in enumerate(sorted({row[4] or row[5] for row in rows} - {None}))}
        self.epci_of = np.array([self.epcis.get(row[4] or row[5], -1) for row in rows] + [-1], np.int32)
        root = [self.index.get(row[3], position) for position, row in enumerate(rows)]
        self.root_of = np.array(root + [self.none], np.int32)

    def position(self, code: str | None) -> int:
        return self.index.get(code, self.none) if code else self.none


@dataclass
class Loaded:
    """Published places read from the database, sorted by id, before they become slots."""

    ids: np.ndarray
    stamps: np.ndarray
    updated: np.ndarray  # microseconds since the epoch
    latitude: np.ndarray
    longitude: np.ndarray
    communes: np.ndarray
    structures: np.ndarray
    names: list[str]
    sources: list[str]
    origins: list[str]
    texts: list[str]  # normalised name, presentations and commune (Place.search_text)
    tags: np.ndarray  # bool, a row per place, a column per COLUMNS entry
    openings: np.ndarray  # (row, weekday, opens, closes)


def read_stamps() -> tuple[np.ndarray, np.ndarray]:
    """(id, stamp of updated_at) of every published place, sorted by id: what a refresh compares."""
    rows = rows_of(_stamped(Place.objects.published().canonical()).order_by("pk").values_list("pk", "stamp"))
    ids = np.fromiter((pk for pk, _ in rows), np.int64, len(rows))
    stamps = np.fromiter((hash(stamp) for _, stamp in rows), np.int64, len(rows))
    return ids, stamps


def read_places(territories: Territories, ids: list[int] | None = None) -> Loaded:
    """The published places with these ids (every one when None), as the index holds them."""
    fields = (
        "pk", "stamp", "updated_at", "latitude", "longitude", "name", "search_text", "commune_id", "structure_id",
        "source", "origin",
    )  # fmt: skip
    queryset = _stamped(Place.objects.published().canonical()).order_by("pk").values_list(*fields)
    parts: list[dict] = []
    names, sources, origins, texts = [], [], [], []
    for rows in _chunks(queryset, None if ids is None else sorted(ids)):
        count = len(rows)

        def column(position, dtype, missing, rows=rows, count=count):
            return np.fromiter(
                (missing if row[position] is None else row[position] for row in rows), dtype, count
            )

        parts.append(
            {
                "ids": column(0, np.int64, -1),
                "stamps": np.fromiter((hash(row[1]) for row in rows), np.int64, count),
                "updated": np.fromiter((micros(row[2]) for row in rows), np.int64, count),
                "latitude": column(3, np.float64, math.nan),
                "longitude": column(4, np.float64, math.nan),
                "communes": np.fromiter((territories.position(row[7]) for row in rows), np.int32, count),
                "structures": column(8, np.int64, -1),
            }
        )
        names += [normalize(row[5]) for row in rows]
        texts += [row[6] for row in rows]
        sources += [row[9].strip().lower() for row in rows]
        origins += [row[10] for row in rows]
    empty = {"ids": np.int64, "stamps": np.int64, "updated": np.int64, "latitude": np.float64,
             "longitude": np.float64, "communes": np.int32, "structures": np.int64}  # fmt: skip
    arrays = {
        name: np.concatenate([part[name] for part in parts] or [np.zeros(0, dtype)])
        for name, dtype in empty.items()
    }
    loaded = Loaded(
        **arrays,
        names=names,
        sources=sources,
        origins=origins,
        texts=texts,
        tags=np.zeros((len(names), len(COLUMNS)), bool),
        openings=np.zeros((0, 4), np.int32),
    )
    _read_tags(loaded)
    _read_openings(loaded, ids)
    return loaded


def _read_tags(loaded: Loaded) -> None:
    """Fill loaded.tags. Many places: the whole table, one (vocabulary, value) at a time — 149 queries of bare
    ids, matched to rows in bulk, cost a third of one query of 1.2 million (id, vocabulary, value) rows. A few
    places: their own tags, in one query."""
    if len(loaded.ids) >= MANY_PLACES:
        for column, (vocabulary, value) in enumerate(COLUMNS):
            rows = rows_of(
                PlaceTag.objects.filter(vocabulary=vocabulary, value=value).values_list("place_id")
            )
            at, found = positions(loaded.ids, np.fromiter((pk for (pk,) in rows), np.int64, len(rows)))
            loaded.tags[at[found], column] = True
        return
    row_of = {pk: row for row, pk in enumerate(loaded.ids.tolist())}
    tags = PlaceTag.objects.order_by().values_list("place_id", "vocabulary", "value")
    for place_id, vocabulary, value in (
        row for rows in _chunks(tags, list(row_of), "place_id") for row in rows
    ):
        column = COLUMN_OF.get((vocabulary, value))
        if column is not None:  # a value outside the standard cannot be searched for
            loaded.tags[row_of[place_id], column] = True


def _read_openings(loaded: Loaded, ids: list[int] | None) -> None:
    """(row, weekday, opens, closes) of the loaded places' usual week, from the WeeklyOpening rows written with
    their hours (reading 600,000 rows costs a tenth of parsing 100,000 OSM rules again)."""
    openings = WeeklyOpening.objects.order_by().values_list("place_id", "weekday", "opens", "closes")
    tables = []
    for rows in _chunks(openings, None if ids is None else loaded.ids.tolist(), "place_id"):
        table = np.array(rows, np.int64).reshape(-1, 4)
        at, found = positions(loaded.ids, table[:, 0])
        table[:, 0] = at
        tables.append(table[found].astype(np.int32))
    loaded.openings = np.concatenate(tables) if tables else np.zeros((0, 4), np.int32)
