"""Where a search is centred: a point and a label from what someone typed in the search box.

The offline gazetteer is the default: a commune name, a postcode or an INSEE code is placed without any network
call. The national address API (places.providers.ban) is asked only when GEOCODER_BAN_ENABLED is on, and only for
what the gazetteer cannot place well: a query that looks like a street address, or one it does not know at all.
When the API fails or is unsure, the gazetteer places the commune the query names, so the search still works.
"""

import re
from dataclasses import dataclass
from typing import Literal

from django.conf import settings

from places import gazetteer
from places.models import Commune
from places.providers import ban
from places.text import commune_key, normalize

# Below this score the API matched only a word or two of the query: the commune is a better answer than its guess.
MIN_SCORE = 0.4

# After places.text.normalize: "12 rue…", "12bis rue…", "3 b avenue…". A postcode has 5 digits and never matches.
_HOUSE_NUMBER = re.compile(r"^\d{1,4}(?:bis|ter|quater|[a-z])?\s+[a-z]")
# Words that start the name of a street or a place within a commune (and their usual abbreviations).
_STREET_WORDS = frozenset({
    "rue", "avenue", "av", "boulevard", "bd", "place", "pl", "chemin", "allee", "allees", "impasse", "imp",
    "route", "rte", "quai", "cours", "square", "passage", "voie", "sentier", "ruelle", "esplanade", "promenade",
    "faubourg", "lotissement", "residence", "hameau", "lieudit", "parvis", "montee", "traverse", "chaussee",
})  # fmt: skip
# A name after these words names the street, not the commune: "rue de Paris" is not in Paris.
_BEFORE_STREET_NAMES = _STREET_WORDS | {
    "a", "au", "aux", "d", "de", "des", "du", "en", "l", "la", "le", "les",
}  # fmt: skip


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    label: str  # in French, for display: "Montluçon (03)", "12 Rue de la République, Montluçon"
    precision: Literal["address", "commune"]
    source: Literal["ban", "gazetteer"]
    commune: Commune | None = None  # known whenever the gazetteer has the commune's INSEE code
    # Other communes the text could mean (homonyms, then names starting with it), for "Vous cherchiez peut-être".
    others: tuple[Commune, ...] = ()


def locate(query: str) -> Location | None:
    """The point a search is centred on, or None when neither the gazetteer nor the address API knows the query."""
    text = " ".join((query or "").split())
    if not normalize(text):
        return None
    is_address = _looks_like_address(text)
    use_ban = settings.GEOCODER_BAN_ENABLED
    if use_ban and is_address:
        return _from_ban(text) or _from_gazetteer(text, is_address)
    return _from_gazetteer(text, is_address) or (_from_ban(text) if use_ban else None)


def _looks_like_address(text: str) -> bool:
    words = normalize(text)
    if _HOUSE_NUMBER.match(words):
        return True
    # About sixty communes have such a word in their name (Rue, Cours, La Chaussée-d'Ivry…): alone, it is one of them.
    return not _STREET_WORDS.isdisjoint(words.split()) and not Commune.objects.named(text).exists()


def _from_ban(text: str) -> Location | None:
    try:
        addresses = ban.search(text)
    except ban.GeocoderUnavailable:
        return None  # the provider logged it; the gazetteer answers instead
    confident = [address for address in addresses if address.score >= MIN_SCORE]
    if not confident:
        return None
    best = max(confident, key=lambda address: address.score)
    commune = gazetteer.by_insee(best.citycode)
    if best.kind == "municipality":
        label = commune.label if commune else best.label
        return Location(best.latitude, best.longitude, label, "commune", "ban", commune)
    label = f"{best.name}, {best.city}" if best.city else best.label
    return Location(best.latitude, best.longitude, label, "address", "ban", commune)


def _from_gazetteer(text: str, is_address: bool) -> Location | None:
    found = gazetteer.resolve(text, limit=8)
    # Only an address is read as ending with its commune: "Les Grands Bois" is a lieu-dit, not in Bois (17).
    commune = found[0] if found else (_commune_at_end(text) if is_address else None)
    if commune is None or commune.latitude is None:
        return None
    others = tuple(found[1:]) if not is_address else ()
    return Location(
        commune.latitude, commune.longitude, commune.label, "commune", "gazetteer", commune, others
    )


def _commune_at_end(text: str) -> Commune | None:
    """The commune that ends an address without a postcode: "12 rue de la République, Montluçon".

    Only a whole commune name counts, the longest one, and never the name of the street itself. One query.
    """
    words = normalize(text).split()
    endings = {
        commune_key(" ".join(words[start:])): len(words) - start
        for start in range(max(1, len(words) - 8), len(words))  # no commune name is longer than 8 words
        if words[start - 1] not in _BEFORE_STREET_NAMES
    }
    communes = Commune.objects.filter(search_name__in=endings).with_territories()
    return max(communes, key=lambda c: (endings[c.search_name], c.population or 0), default=None)
