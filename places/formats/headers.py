"""Column headers of real files, matched the way their values are: case, accents, spaces, hyphens and
underscores aside, with the names earlier versions of the standard and common spreadsheets use.

`Adresse`, `ADRESSE`, `adresse` and `Téléphone` are the standard's `adresse` and `telephone`; `courriel` (v0)
is `courriels`; a header that is nothing known is left to the caller, with the closest known name to suggest.
"""

import difflib
import functools
import re

from places import standard
from places.formats import legacy
from places.text import strip_accents

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)  # called for every cell of a file: its headers are few
def key(header: str) -> str:
    """ "Code postal", "code_postal" and "CODE-POSTAL" all read "codepostal"."""
    return _NOT_LETTERS.sub("", strip_accents(str(header or "")).lower())


# Other names of the standard's columns, as earlier versions and spreadsheets write them.
_SYNONYMS = {
    "courriels": ["courriel", "email", "e-mail", "emails", "mail", "adresse mail", "adresse email"],
    "telephone": ["tel", "téléphone fixe", "numéro de téléphone", "phone"],
    "site_web": ["site internet", "sites web"],
    "code_postal": ["cp", "postcode", "code postal"],
    "code_insee": ["insee", "code commune insee"],
    "adresse": ["adresse postale"],
    "horaires": ["horaire", "horaires d'ouverture", "horaires ouverture", "opening hours", "opening_hours"],
    "latitude": ["lat"],
    "longitude": ["lon", "lng"],
    "presentation_resume": ["description courte", "résumé"],
    "presentation_detail": ["description", "présentation"],
    "date_maj": ["date de mise à jour", "mise à jour", "date mise a jour", "derniere mise a jour"],
    "nom": ["nom du lieu", "nom de la structure"],
}

# Every known header key → the column it is (standard columns, v0 renamed and split columns, synonyms).
COLUMN_OF: dict[str, str] = {
    **{key(column): column for column in standard.COLUMNS},
    **{key(old): new for old, new in legacy.RENAMED_COLUMNS.items()},
    **{key(column): column for column in (*legacy.SPLIT_COLUMNS, *legacy.DROPPED_COLUMNS)},
    **{key(synonym): column for column, synonyms in _SYNONYMS.items() for synonym in synonyms},
}
# The v1 name of each column a legacy name stands for wins when a file has both (courriel and courriels).
LEGACY_KEYS = {key(old) for old in legacy.RENAMED_COLUMNS} | {
    key(synonym) for synonyms in _SYNONYMS.values() for synonym in synonyms
}


def column(header: str) -> str | None:
    """The column of the standard (or v0 column the row reader knows) a header names, None if unknown."""
    return COLUMN_OF.get(key(header))


def closest(header: str) -> str | None:
    """The known column whose name is closest to an unknown header ("adrese" → adresse), if any is close."""
    found = difflib.get_close_matches(key(header), list(COLUMN_OF), n=1, cutoff=0.75)
    return COLUMN_OF[found[0]] if found else None
