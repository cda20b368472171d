"""From the path's answers to the best places nearby, each with why it fits (through places.search).

The places must offer the need's services, be within the distance and, when the person said when they can
go, be open then (Search.open_within). Among those, the ones meeting more of the preferences (an accessible
welcome, Aidants Connect, a public they address) come first, then the nearest: preferences rank, they never
hide a place, since the data rarely says and a place nearby may still do.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from places import hours, vocabularies
from places.models import Place
from places.orientation.needs import PUBLIC_OF, AccessNeed, Need, Preference
from places.search.criteria import WEEKDAYS, Centre, Search
from places.search.engine import find
from places.search.parameters import RADIUS_CHOICES
from places.vocabularies import Vocabulary

SHOWN = 5  # a short list: a helper reads it with the person
POOL = 40  # the nearest places ranked by preferences, besides the nearest that meet some of each vocabulary
# Moments of the day, in minutes since midnight: a place open at some time in them fits.
MOMENTS = {"matin": (8 * 60, 12 * 60), "apres-midi": (12 * 60, 18 * 60)}


@dataclass(frozen=True)
class Orientation:
    """The path's answers, checked."""

    need: Need
    access: tuple[AccessNeed, ...] = ()
    public: str = ""
    centre: Centre | None = None
    radius_km: float = 20
    windows: tuple[tuple[int, int, int], ...] = ()

    def search(self) -> Search:
        """The places that fit at all: the need's services, within the distance, open when the person can go."""
        return Search(
            centre=self.centre,
            radius_km=self.radius_km,
            values={Vocabulary.SERVICES: self.need.services},
            open_within=self.windows,
        )

    @property
    def preferences(self) -> tuple[Preference, ...]:
        public = (PUBLIC_OF[self.public],) if self.public in PUBLIC_OF else ()
        return (*self.need.preferences, *(access.preference for access in self.access), *public)


@dataclass
class Match:
    place: Place
    reasons: list[str]
    cautions: list[str]
    met: int  # how many preferences the place meets


@dataclass
class Found:
    matches: list[Match]
    total: int  # places that fit at all
    wider_radius: int | None = None  # when none fit: the next distance where some do
    wider_total: int = 0
    without_time: int = 0  # when none fit: how many would, whatever the time


def best_places(orientation: Orientation) -> Found:
    search = orientation.search()
    results = find(search)
    total = len(results)
    if not total:
        return _none_found(orientation, search)
    preferences = orientation.preferences
    pool = {place.pk: place for place in results[:POOL]}
    if preferences:  # and the nearest meeting them (any value within a vocabulary), however far in the list
        everything = search
        for preference in preferences:
            everything = everything.with_values(
                preference.vocabulary, {*everything.chosen(preference.vocabulary), *preference.values}
            )
        pool.update({place.pk: place for place in find(everything)[:SHOWN]})
    matches = [assess(place, orientation) for place in pool.values()]
    matches.sort(key=lambda match: (-match.met, _distance(match.place), match.place.pk))
    return Found(matches[:SHOWN], total)


def _none_found(orientation: Orientation, search: Search) -> Found:
    """Nothing fits: say where something would, a distance further (and whether the time was what ruled out)."""
    found = Found([], 0)
    for radius in (r for r in RADIUS_CHOICES if r > orientation.radius_km):
        wider = len(find(replace(search, radius_km=radius)))
        if wider:
            found.wider_radius, found.wider_total = radius, wider
            break
    if search.open_within:
        found.without_time = len(find(replace(search, open_within=())))
    return found


def _distance(place: Place) -> float:
    distance = getattr(place, "distance_km", None)
    return distance if distance is not None else float("inf")


def assess(place: Place, orientation: Orientation) -> Match:
    """Why the place fits, what to check before going, and how many preferences it meets. The place comes
    with `tag_values` and `stop_list` (a search's page, or engine.attach_tags_and_stops)."""
    tags = place.tag_values
    offered = [
        vocabularies.shown_label_of(Vocabulary.SERVICES, service)  # with its translation beside it in English
        for service in orientation.need.services
        if service in tags.get(Vocabulary.SERVICES, ())
    ]
    reasons = [_("Propose : %(services)s") % {"services": ", ".join(offered)}]
    cautions = []
    met = 0
    for preference in orientation.preferences:
        if set(preference.values) & set(tags.get(preference.vocabulary, ())):
            met += 1
            reasons.append(str(preference.met))
        elif preference.unmet:
            cautions.append(str(preference.unmet))
    if orientation.windows:
        reasons.append(_("Ouvert : %(when)s") % {"when": when_open(place.opening_hours, orientation.windows)})
    elif not place.stop_list and not hours.weekly_intervals(place.opening_hours):
        cautions.append(_("Horaires non renseignés : appelez avant de venir."))
    if _booking_only(tags):
        cautions.append(_("Sur rendez-vous : appelez ou prenez rendez-vous avant de venir."))
    return Match(place, reasons, cautions, met)


def _booking_only(tags: dict) -> bool:
    """The place says how to come and walking in is not one of the ways."""
    ways = set(tags.get(Vocabulary.MODALITES_ACCES, ()))
    return bool(ways) and "se-presenter" not in ways


def when_open(expression: str, windows: tuple[tuple[int, int, int], ...]) -> str:
    """The asked windows the place is open in, in words: "mardi matin, jeudi après-midi"."""
    intervals = hours.weekly_intervals(expression)
    names = []
    for weekday, start, end in windows:
        if any(day == weekday and opens < end and closes > start for day, opens, closes in intervals):
            names.append(f"{WEEKDAYS[weekday]}{moment_words(start, end)}")
    return ", ".join(names)


def moment_words(start: int, end: int) -> str:
    if (start, end) == MOMENTS["matin"]:
        return " " + _("matin")
    if (start, end) == MOMENTS["apres-midi"]:
        return " " + _("après-midi")
    return ""
