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


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
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
