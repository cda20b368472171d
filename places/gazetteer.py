"""Find communes from what people and files write: a name, a postcode, an INSEE code, or a name with a code.

The one module that turns such text into Commune rows, for the search box, the autocomplete and the importers.
Names match whatever the case, accents, hyphens, apostrophes, "St"/"Ste" and leading article
(places.text.commune_key); every lookup is an indexed equality or range on Commune.search_name, Commune.code or
CommunePostcode.postcode, and each function makes a handful of queries at most.

A 5-digit code is tried both ways, postcode first: 98809 is the postcode of Le Mont-Dore (Nouvelle-Calédonie)
and the INSEE code of L'Île-des-Pins. Homonyms are all returned, each with its département (`with_territories`).
"""

import bisect
import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from places import geo
from places.models import Commune, CommunePostcode
from places.text import commune_key, normalize

# A place lies this close to the centre of its commune at most: the largest communes (Arles, Val-Cenis) reach
# about 25 km from centre to edge, most stay under 10. Further, coordinates and the written commune disagree.
PLAUSIBLE_KM = 20

# After places.text.normalize: lower case, so Corsica's "2A004" reads "2a004".
_CODE = re.compile(r"^(?:\d{5}|2[ab]\d{3})$")
# "PARIS 10", "Paris 10e", "Paris 10ème", "Lyon 3e arrondissement", "Marseille 1er arrdt" (after normalize).
_ARRONDISSEMENT = re.compile(
    r"^(?P<city>[a-z][a-z ]*?) (?P<number>\d{1,2}) ?(?:er|e|eme|ieme|em)?(?: (?:arr|arrt|arrdt|arrondissement))?$"
)
_CEDEX = re.compile(r"\bcedex(?: \d+)?\b")


# --- Where lookups are served from -------------------------------------------------------------------------


class _DatabaseLookups:
    """Indexed queries: the default, right for a page or an API call that resolves a few names."""

    def by_code(self, code: str) -> Commune | None:
        return Commune.objects.with_territories().filter(code=code).first()

    def by_postcode(self, postcode: str) -> list[Commune]:
        return list(Commune.objects.with_postcode(postcode).with_territories())

    def named(self, key: str, kind: str | None = None) -> list[Commune]:
        communes = Commune.objects.filter(search_name=key).with_territories().by_size()
        return list(communes.filter(kind=kind) if kind else communes)

    def departements_of_postcode_prefix(self, prefix: str) -> set[str]:
        return set(Commune.objects.with_postcode_prefix(prefix).values_list("departement_id", flat=True))

    def own_postcodes(self, commune: Commune) -> list[str]:
        # prefetch_related_objects caches the rows on the instance: asking twice costs one query.
        prefetch_related_objects([commune], "postcode_rows")
        return sorted(row.postcode for row in commune.postcode_rows.all())

    def around(self, latitude: float, longitude: float) -> list[Commune]:
        """Today's communes whose centre is within PLAUSIBLE_KM of a point (a box on the coordinates)."""
        box = geo.bbox_around(latitude, longitude, PLAUSIBLE_KM)
        communes = (
            Commune.objects.current()
            .with_territories()
            .filter(
                latitude__gte=box.south,
                latitude__lte=box.north,
                longitude__gte=box.west,
                longitude__lte=box.east,
            )
        )
        return list(communes)


class CommuneIndex:
    """The whole gazetteer in memory (two queries, about a second): for importers resolving thousands of rows,
    where one query per lookup would dominate the import time."""

    def __init__(self):
        self._current = None  # (latitude, longitude, code) of today's communes, sorted: made when first asked
        communes = list(Commune.objects.with_territories().by_size())
        self._by_code = {commune.code: commune for commune in communes}
        self._by_key = defaultdict(list)
        for commune in communes:  # already bigger first, as _DatabaseLookups.named orders them
            self._by_key[commune.search_name].append(commune)
        self._postcodes = defaultdict(list)
        self._by_postcode = defaultdict(list)
        for postcode, code in CommunePostcode.objects.order_by("postcode").values_list(
            "postcode", "commune_id"
        ):
            self._postcodes[code].append(postcode)
            self._by_postcode[postcode].append(self._by_code[code])

    def by_code(self, code: str) -> Commune | None:
        return self._by_code.get(code)

    def by_postcode(self, postcode: str) -> list[Commune]:
        return list(self._by_postcode.get(postcode, []))

    def named(self, key: str, kind: str | None = None) -> list[Commune]:
        return [c for c in self._by_key.get(key, []) if kind is None or c.kind == kind]

    def departements_of_postcode_prefix(self, prefix: str) -> set[str]:
        return {
            commune.departement_id
            for postcode, communes in self._by_postcode.items()
            if postcode.startswith(prefix)
            for commune in communes
        }

    def own_postcodes(self, commune: Commune) -> list[str]:
        return list(self._postcodes.get(commune.code, []))

    def around(self, latitude: float, longitude: float) -> list[Commune]:
        box = geo.bbox_around(latitude, longitude, PLAUSIBLE_KM)
        if self._current is None:
            self._current = sorted(
                (c.latitude, c.longitude, c.code)
                for c in self._by_code.values()
                if c.kind == Commune.Kind.COMMUNE and c.latitude is not None
            )
        start = bisect.bisect_left(self._current, (box.south,))
        found = []
        for commune_latitude, commune_longitude, code in self._current[start:]:
            if commune_latitude > box.north:
                break
            if box.west <= commune_longitude <= box.east:
                found.append(self._by_code[code])
        return found


_DATABASE = _DatabaseLookups()
_lookups: ContextVar = ContextVar("gazetteer_lookups", default=_DATABASE)  # noqa: B039 (stateless)


@contextmanager
def in_memory():
    """Serve every lookup of this module from a CommuneIndex within the block (bulk imports)."""
    token = _lookups.set(CommuneIndex())
    try:
        yield
    finally:
        _lookups.reset(token)


# --- Public functions --------------------------------------------------------------------------------------


def resolve(query: str, limit: int = 10) -> list[Commune]:
    """Communes for a search: a name, a postcode, an INSEE code, "Saint-Martin 97150" or "97150 Saint-Martin".

    Postcode matches before INSEE code matches, exact names before names starting with the query, then bigger
    communes first. Every commune named exactly like the query is returned, even beyond `limit`.
    """
    name, code = _split(query)
    if code and name:
        return _by_name_and_code(name, code, limit)
    if code:
        return _by_code(code)[:limit]
    if name:
        return _by_name(name, limit)
    return []


def autocomplete(prefix: str, limit: int = 10) -> list[Commune]:
    """Communes whose name (or, for digits, one of whose postcodes) starts with `prefix`: one query."""
    text = normalize(prefix)
    if not text:
        return []
    if text.replace(" ", "").isdigit():  # "42 0" as well as "420"
        communes = (
            Commune.objects.with_postcode_prefix(text.replace(" ", "")[:5]).with_territories().by_size()
        )
        return list(communes[:limit])
    # A name being typed: "paris 1" already reaches "paris 1er arrondissement" by prefix.
    communes = Commune.objects.name_starts_with(text).with_territories().exact_first(text)
    return list(communes[:limit])


def by_insee(code: str) -> Commune | None:
    """The commune, arrondissement, delegated or associated commune with this INSEE code (see its `parent`)."""
    code = _clean_code(code)
    if not code:
        return None
    return _lookups.get().by_code(code)


def by_postcode(postcode: str) -> list[Commune]:
    """The communes served by a postcode: an arrondissement before its city, then bigger communes first."""
    postcode = _clean_code(postcode)
    if not postcode.isdigit():
        return []
    communes = _lookups.get().by_postcode(postcode)
    return sorted(
        communes, key=lambda c: (c.kind != Commune.Kind.ARRONDISSEMENT, -(c.population or 0), c.name, c.code)
    )


@dataclass
class Match:
    """What an importer learns about a written commune: the commune (or None) and why it differs, if it does."""

    commune: Commune | None
    corrections: list[str] = field(default_factory=list)  # in French, for the import report
    # The commune's postcode that fits: the given one when the commune has it, else the commune's first one.
    postcode: str = ""
    candidates: list[Commune] = field(default_factory=list)  # when the text fits several communes equally

    @property
    def current(self) -> Commune | None:
        """The commune of today's map: the city of an arrondissement, the parent of a delegated commune."""
        if self.commune is None or self.commune.parent_id is None:
            return self.commune
        return self.commune.parent


def match(
    commune_name: str,
    postcode: str,
    insee_code: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Match:
    """The commune a record means, from every clue it gives: written name, postcode, INSEE code, coordinates.

    The INSEE code wins when it agrees with the postcode or the name, within the postcode's territory. When it
    contradicts them (63236, Mont-Dore in Puy-de-Dôme, given with the postcode 98809 of Le Mont-Dore in
    Nouvelle-Calédonie), the commune found by name and postcode replaces it. Coordinates then check the result:
    a commune whose centre is further than PLAUSIBLE_KM gives way to the nearest centre among the postcode's
    communes, else to the nearest commune ("Châtain" 23700 is Arfeuille-Châtain, not Chatain in the Vienne, and
    a commune merged since the file was written is found where its places are). A delegated or associated
    commune is stored as the commune it belongs to today. `corrections` says which clue was overridden.
    """
    found = _match_clues(commune_name, postcode, insee_code)
    if latitude is not None and longitude is not None:
        found = _check_coordinates(
            found, commune_name, _clean_code(postcode), insee_code, latitude, longitude
        )
    current = found.current
    if (
        current is not None
        and current.pk != found.commune.pk
        and found.commune.kind != Commune.Kind.ARRONDISSEMENT
    ):
        note = f"{found.commune.get_kind_display()} {found.commune.name} : rattachée à {current.name} ({current.code})"
        return _result(current, _clean_code(postcode), [*found.corrections, note])
    return found


def _check_coordinates(
    found: Match, written: str, postcode: str, insee: str | None, latitude: float, longitude: float
) -> Match:
    """The commune of the written clues if its centre is near the coordinates, or if the postcode (or the INSEE
    code) confirms it — then the coordinates are what is doubtful; else the nearest centre among the postcode's
    communes, else the nearest commune. Far from every commune, the written clues stay."""
    commune = found.current
    if commune is not None and _km(commune, latitude, longitude) <= PLAUSIBLE_KM:
        return found
    confirmed = commune is not None and (
        postcode in _postcodes(commune) if postcode else bool(insee) and commune.pk == _clean_code(insee)
    )
    if confirmed:
        far = f"coordonnées à {_km(commune, latitude, longitude):.0f} km du centre de {commune.name} : à vérifier"
        return Match(found.commune, [*found.corrections, far], postcode=found.postcode)
    coded = [c for c in by_postcode(postcode) if c.kind == Commune.Kind.COMMUNE] if postcode.isdigit() else []
    named = [c for c in coded if _contains_name(c, written)]
    nearest, how = _nearest(named, latitude, longitude), "commune du code postal qui porte ce nom"
    if nearest is None:
        nearest, how = (
            _nearest(coded, latitude, longitude),
            "commune du code postal la plus proche des coordonnées",
        )
    if nearest is None:
        nearest, how = (
            _nearest(_lookups.get().around(latitude, longitude), latitude, longitude),
            ("commune la plus proche des coordonnées"),
        )
    if nearest is None:
        if commune is not None:
            far = f"coordonnées à {_km(commune, latitude, longitude):.0f} km du centre de {commune.name} : à vérifier"
            return Match(found.commune, [*found.corrections, far], postcode=found.postcode)
        return found
    distance = _km(nearest, latitude, longitude)
    if commune is not None:
        why = f"commune {commune.name} ({commune.code}) à {_km(commune, latitude, longitude):.0f} km des coordonnées"
    else:
        why = f"commune « {written} » introuvable"
    note = f"{why} : {nearest.name} ({nearest.code}), {how} ({distance:.1f} km)"
    return _result(nearest, postcode, [note])


def _nearest(communes: list[Commune], latitude: float, longitude: float) -> Commune | None:
    """The commune whose centre is nearest the point, if one is within PLAUSIBLE_KM."""
    located = [c for c in communes if c.latitude is not None]
    best = min(located, key=lambda c: _km(c, latitude, longitude), default=None)
    return best if best is not None and _km(best, latitude, longitude) <= PLAUSIBLE_KM else None


def _km(commune: Commune, latitude: float, longitude: float) -> float:
    if commune.latitude is None:
        return float("inf")
    return geo.haversine_km(commune.latitude, commune.longitude, latitude, longitude)


def _match_clues(commune_name: str, postcode: str, insee_code: str | None) -> Match:
    """The commune the written clues mean: name, postcode and INSEE code (see `match`)."""
    name = _CEDEX.sub(" ", normalize(commune_name or "")).strip()
    postcode = _clean_code(postcode)
    postcode = postcode if postcode.isdigit() else ""
    insee = _clean_code(insee_code or "")
    corrections = []
    given = by_insee(insee) if insee else None
    if insee and given is None:
        corrections.append(
            f"code INSEE {insee} inconnu du COG 2025 : commune cherchée par son nom et son code postal"
        )
    if given is not None:
        found = _match_written(name, postcode)
        if _agrees(given, name, postcode, found):
            return _result(given, postcode, corrections + _postcode_notes(postcode, [given]))
        if found.commune is not None and found.commune.pk != given.pk:
            corrections.append(
                f"code INSEE {insee} ({_describe(given)}) incompatible avec « {commune_name} » {postcode} : "
                f"remplacé par {found.commune.code} ({_describe(found.commune)})"
            )
            return _result(found.commune, postcode, corrections + found.corrections)
        corrections.append(
            f"code INSEE {insee} ({_describe(given)}) incohérent avec le code postal {postcode}"
        )
        return _result(given, postcode, corrections)
    found = _match_written(name, postcode)
    found.corrections[:0] = corrections
    return found


# --- Parsing ----------------------------------------------------------------------------------------------


def _split(query: str) -> tuple[str, str]:
    """(name, code): the first word that looks like a postcode or INSEE code, and the other words."""
    words = normalize(query or "").split()
    codes = [word for word in words if _CODE.match(word)]
    code = codes[0] if codes else ""
    return " ".join(word for word in words if word != code), code.upper()


def _clean_code(code: str) -> str:
    # Spreadsheets drop the leading zero of Ain's "01053": a 4-digit code gets it back.
    code = (code or "").strip().upper()
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


def _arrondissement_key(name: str) -> str | None:
    found = _ARRONDISSEMENT.match(normalize(name))
    if not found:
        return None
    number = int(found["number"])
    return f"{commune_key(found['city'])} {number}{'er' if number == 1 else 'e'} arrondissement"


# --- Lookups ------------------------------------------------------------------------------------------


def _named(name: str) -> list[Commune]:
    """Every commune named exactly `name` (an arrondissement for "Paris 10"), bigger first."""
    arrondissement = _arrondissement_key(name)
    if arrondissement:
        found = _lookups.get().named(arrondissement, kind=Commune.Kind.ARRONDISSEMENT)
        if found:
            return found
    return _lookups.get().named(commune_key(name))


def _by_name(name: str, limit: int) -> list[Commune]:
    exact = _named(name)
    if len(exact) >= limit:
        return exact
    key = commune_key(name)
    starting = Commune.objects.name_starts_with(name).exclude(search_name=key).with_territories().by_size()
    return _unique(exact + list(starting[: limit - len(exact)]))


def _by_code(code: str) -> list[Commune]:
    """Postcode matches first, then the commune with that INSEE code."""
    return _unique([*by_postcode(code), by_insee(code)])


def _by_name_and_code(name: str, code: str, limit: int) -> list[Commune]:
    coded = _by_code(code)
    named = _named(name)
    # "Paris 75010" also brings the 10th arrondissement, first as the most precise.
    agreeing = _agreeing(named, coded) + [c for c in coded if c.parent_id in {n.pk for n in named}]
    agreeing = agreeing or [c for c in coded if _starts_with_name(c, name)]
    if agreeing:
        parents = {c.parent_id for c in agreeing}
        return sorted(_unique(agreeing), key=lambda c: c.pk in parents)[:limit]
    # The name and the code disagree: the name within the code's territory, else each on its own.
    territory = _departements(code, coded)
    local = [c for c in named if c.departement_id in territory]
    return _unique(local or named + coded)[:limit]


def _agreeing(named: list[Commune], coded: list[Commune]) -> list[Commune]:
    """The named communes that have the code, themselves or through their parent (delegated communes)."""
    codes = {c.pk for c in coded}
    return [c for c in named if c.pk in codes or c.parent_id in codes]


def _contains_name(commune: Commune, name: str) -> bool:
    """ "Châtain" in Arfeuille-Châtain, "La Rochette" in Valgelon-La Rochette: communes merged into a new one
    often keep the old name in the new name."""
    key = commune_key(name)
    return bool(key) and re.search(rf"(?:^| ){re.escape(key)}(?: |$)", commune.search_name) is not None


def _starts_with_name(commune: Commune, name: str) -> bool:
    # "Conques 12320" for Conques-en-Rouergue: the written name is the start of the official one.
    key = commune_key(name)
    return bool(key) and commune.search_name.startswith(key + " ")


def _departements(postcode: str, communes: list[Commune]) -> set[str]:
    """The départements a code points to: those of its communes, else those of postcodes sharing its prefix."""
    if communes:
        return {c.departement_id for c in communes}
    # Unknown (CEDEX) postcodes: overseas ones are read on 3 digits (971, 988…), the others on 2.
    prefix = postcode[:3] if postcode[:2] in ("97", "98") else postcode[:2]
    return _lookups.get().departements_of_postcode_prefix(prefix)


def _match_written(name: str, postcode: str) -> Match:
    """Match on the written name and postcode only (no INSEE code, or a wrong one)."""
    coded = by_postcode(postcode) if postcode else []
    named = _named(name) if name else []
    if name and postcode:
        agreeing = _agreeing(named, coded) or [c for c in coded if _starts_with_name(c, name)]
        if agreeing:
            return _pick(agreeing, postcode, [])
        local = [c for c in named if c.departement_id in _departements(postcode, coded)]
        if local:
            return _pick(local, postcode, _postcode_notes(postcode, local, coded))
        containing = [c for c in coded if _contains_name(c, name)]
        if containing and _one_city(containing):
            commune = _most_precise(containing)
            note = f"commune « {name} » : {commune.name} ({commune.code}), commune du code postal {postcode} qui porte ce nom"
            return _result(commune, postcode, [note])
        if _one_city(coded):
            note = f"commune « {name} » introuvable au code postal {postcode} : {coded[0].name} d'après le code postal"
            return _result(_most_precise(coded), postcode, [note])
        if len(named) == 1:
            note = f"code postal {postcode} : pas celui de {named[0].name} ({named[0].departement_id})"
            return _result(named[0], postcode, [note])
        if coded:
            note = f"commune « {name} » introuvable parmi les {len(coded)} communes du code postal {postcode}"
            return Match(None, [note], candidates=coded)
        if named:
            return _pick(named, postcode, [f"code postal {postcode} inconnu"])
        return Match(None, [f"commune « {name} » introuvable, code postal {postcode} inconnu"])
    if name:
        return _pick(named, postcode, []) if named else Match(None, [f"commune « {name} » introuvable"])
    if _one_city(coded):
        return _result(_most_precise(coded), postcode, [])
    return Match(None, ["plusieurs communes pour ce code postal"] if coded else [], candidates=coded)


def _pick(communes: list[Commune], postcode: str, corrections: list[str]) -> Match:
    if _one_city(communes):
        return _result(_most_precise(communes), postcode, corrections)
    where = ", ".join(f"{c.name} ({c.departement_id})" for c in communes)
    return Match(None, [*corrections, f"commune ambiguë : {where}"], candidates=communes)


def _one_city(communes: list[Commune]) -> bool:
    # Paris and its 10th arrondissement share 75010: that is one place, not an ambiguity.
    codes = {c.pk for c in communes}
    return len({c.parent_id if c.parent_id in codes else c.pk for c in communes}) == 1


def _most_precise(communes: list[Commune]) -> Commune:
    parents = {c.parent_id for c in communes}
    return next(c for c in communes if c.pk not in parents)


def _agrees(given: Commune, name: str, postcode: str, found: Match) -> bool:
    """Does the commune of the INSEE code fit the written postcode and name?"""
    if found.commune is not None and found.commune.pk in (given.pk, given.parent_id):
        return True
    postcodes = _postcodes(given)
    if not postcode or postcode in postcodes:
        return True
    named = not name or commune_key(name) in {given.search_name, given.parent and given.parent.search_name}
    # Same name, other postcode: fine within its département (CEDEX), not across the world.
    return named and given.departement_id in _departements(postcode, by_postcode(postcode))


def _postcode_notes(postcode: str, communes: list[Commune], coded: list[Commune] | None = None) -> list[str]:
    """A note when the postcode is another commune's (98800 is Nouméa's, not Lifou's): the importer keeps it."""
    if not postcode or len(communes) != 1 or postcode in _postcodes(communes[0]):
        return []
    coded = by_postcode(postcode) if coded is None else coded
    if not coded:
        return []  # an unknown postcode, often a CEDEX one: nothing to say
    others = ", ".join(c.name for c in coded)
    own = ", ".join(_postcodes(communes[0])) or "aucun"
    return [f"code postal {postcode} : celui de {others}, pas de {communes[0].name} ({own})"]


def _postcodes(commune: Commune) -> list[str]:
    """The commune's postcodes; a delegated commune has none of its own and uses its parent's."""
    own = _lookups.get().own_postcodes(commune)
    if own or commune.parent is None:
        return own
    return _postcodes(commune.parent)


def _result(commune: Commune, postcode: str, corrections: list[str]) -> Match:
    postcodes = _postcodes(commune)
    fitting = postcode if postcode in postcodes else (postcodes[0] if postcodes else "")
    return Match(commune, corrections, postcode=fitting)


def _describe(commune: Commune) -> str:
    departement = commune.departement.name if commune.departement else commune.departement_id
    return f"{commune.name}, {departement}"


def _unique(communes: list[Commune | None]) -> list[Commune]:
    """Without None and repeats, in the same order."""
    unique = {}
    for commune in communes:
        if commune is not None:
            unique.setdefault(commune.pk, commune)
    return list(unique.values())
