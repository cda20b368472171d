"""Text normalisation shared by the gazetteer and text search.

Both sides of a comparison go through `normalize`, so the database never needs accent-insensitive collations
(which differ between SQLite and PostgreSQL).
"""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Ligatures have no Unicode decomposition: without this, "Œuilly" would lose its first letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# Abbreviations that people type for the words communes are named with.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LEADING_ARTICLES = ("l ", "le ", "la ", "les ")


def _base_letters() -> dict[int, str]:
    """Latin letters with diacritics (U+00C0–U+024F) mapped to their base letters, once."""
    table = {}
    for code in range(0x00C0, 0x0250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(char for char in decomposed if not unicodedata.combining(char))
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


# str.translate runs in C: text search normalises long descriptions of 100,000 places on import.
# Typographic punctuation of French text becomes spaces (normalize turns punctuation into spaces anyway).
_PUNCTUATION = {ord(char): " " for char in "’‘“”«»—–…\u00a0\u202f\u2009·•"}
_PLAIN = {**_base_letters(), **_LIGATURES, **_PUNCTUATION}


def strip_accents(text: str) -> str:
    plain = text.translate(_PLAIN)
    if plain.isascii():
        return plain
    # Rarer marks (combining characters, other scripts' letters): the slow, general way.
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation (hyphens, apostrophes…) as single spaces, St/Ste spelt out.

    >>> normalize("ST-ÉTIENNE")
    'saint etienne'
    """
    words = _NON_ALNUM.sub(" ", strip_accents(text).lower()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def commune_key(name: str) -> str:
    """The normalised name without its leading article, so "Le Mont-Dore" and "Mont-Dore" meet."""
    key = normalize(name)
    for article in _LEADING_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


def has_nul(text: str) -> bool:
    """PostgreSQL refuses NUL in text: an id or a code that holds one cannot exist, and must not reach the
    database (the API's lookups, the search's codes; territory pages refuse it in their URL pattern)."""
    return "\x00" in text
