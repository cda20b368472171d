"""What a search asks for: one immutable value, whoever asks (the site, the API, the map, a territory page, an
export). `parameters.py` reads it from a query string; `engine.find(search)` answers it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from places import geo

DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 200
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
SATURDAY = WEEKDAYS.index("samedi")
# The territories a search can be limited to, each a field of Search holding the territory's code.
TERRITORY_KINDS = ("commune", "departement", "region", "epci")

Order = Literal["distance", "name", "id"]


@dataclass(frozen=True)
class Centre:
    """Where a search is centred, and how the page names that point ("Montluçon (03)", "Autour de vous")."""

    latitude: float
    longitude: float
    label: str = ""


@dataclass(frozen=True)
class Search:
    """A search of the published places. Every criterion given must hold (AND); within one vocabulary, any of
    the chosen values will do (OR). An empty Search finds every published place.

    Where: around `centre` within `radius_km`, or inside `bbox` (a map area replaces the circle; the centre
    then only sorts), and/or inside a territory. A bus is where its stops are: it is found, placed and sorted
    by its nearest stop.
    """

    text: str = ""  # every word must appear in the name, presentations or commune (accents and case ignored)
    centre: Centre | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    bbox: geo.BBox | None = None
    commune: str = ""  # INSEE code; its arrondissements and delegated communes are in it
    departement: str = ""
    region: str = ""
    epci: str = ""  # SIREN of an EPCI à fiscalité propre: the places of its communes
    # {vocabulary: values} when built; kept as sorted pairs so that a Search can be compared and hashed.
    values: Mapping[str, Iterable[str]] | tuple[tuple[str, frozenset[str]], ...] = ()
    open_now: bool | None = None  # True: open at `moment`; False: closed then
    open_on: int | None = None  # open at some time on this weekday (0 = Monday) of a usual week
    # Open at some time in one of these windows of a usual week, (weekday, from, to) in minutes since midnight:
    # "on Tuesday or Thursday morning" (the orientation path asks when a person can go).
    open_within: tuple[tuple[int, int, int], ...] = ()
    moment: datetime | None = None  # the clock of `open_now`; now when None
    updated_since: datetime | None = None
    source: str = ""  # the standard's `source`, case ignored
    origin: str = ""  # where the record came from (the start of the published id)
    structure: int | None = None
    programme: str = ""  # slug: places supported by it, or carrying its dispositif or label
    order: Order | None = None  # None: by distance when there is a centre, else by name

    def __post_init__(self):
        pairs = self.values.items() if isinstance(self.values, Mapping) else self.values
        chosen = tuple(sorted((vocabulary, frozenset(values)) for vocabulary, values in pairs if values))
        object.__setattr__(self, "values", chosen)

    def chosen(self, vocabulary: str) -> frozenset[str]:
        return next((values for name, values in self.values if name == vocabulary), frozenset())

    def with_values(self, vocabulary: str, values: Iterable[str]) -> "Search":
        """The same search with another choice in one vocabulary (an empty one drops that filter)."""
        others = {name: chosen for name, chosen in self.values if name != vocabulary}
        return replace(self, values={**others, vocabulary: values})

    @property
    def radius_applies(self) -> bool:
        return self.centre is not None and self.bbox is None

    @property
    def ordering(self) -> Order:
        return self.order or ("distance" if self.centre else "name")
