"""A pseudo-Arabic catalogue, made in a test's temporary directory: the right-to-left smoke test's language.

Every message of the English catalogue is written again with Arabic letters (one per Latin letter, so that lengths
stay those of real text), placeholders and HTML tags kept as they are. The directory gets a copy of locale/ plus
`ar/`, as a translator would add it (docs/translation.md); settings read it with `languages.available`.
"""

import re
import shutil
import unicodedata
from pathlib import Path

import polib
from django.conf import settings

LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابكديفغهيجكلمنوبقرستوفوكيز", strict=True))
# Kept whole: %(name)s, %s, %d, %%, HTML tags and entities.
KEPT = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sdr%]|<[^>]+>|&\w+;")
# Arabic has six plural forms (as in Django's own catalogue): the singular for one, the plural for the others.
PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)


def arabic_letters(text: str) -> str:
    def convert(part: str) -> str:
        plain = unicodedata.normalize("NFKD", part)
        return "".join(LETTERS.get(char.lower(), char) for char in plain if not unicodedata.combining(char))

    pieces, position = [], 0
    for kept in KEPT.finditer(text):
        pieces += [convert(text[position : kept.start()]), kept.group()]
        position = kept.end()
    return "".join([*pieces, convert(text[position:])])


def write_locale(directory: Path) -> Path:
    """A copy of locale/ with a compiled pseudo-Arabic `ar` catalogue; returns the locale directory."""
    locale = directory / "locale"
    shutil.copytree(Path(settings.BASE_DIR) / "locale", locale)
    source = polib.pofile(str(locale / "en/LC_MESSAGES/django.po"))
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "ar",
        "Plural-Forms": PLURAL_FORMS,
    }
    for entry in source:
        if entry.msgid_plural:
            one, other = arabic_letters(entry.msgid), arabic_letters(entry.msgid_plural)
            forms = {index: one if index == 1 else other for index in range(6)}
            catalogue.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural=forms,
                )
            )
        else:
            catalogue.append(
                polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=arabic_letters(entry.msgid))
            )
    (locale / "ar/LC_MESSAGES").mkdir(parents=True)
    catalogue.save_as_mofile(str(locale / "ar/LC_MESSAGES/django.mo"))
    return locale


def use_pseudo_arabic(settings, directory: Path) -> None:
    """The site with the pseudo-Arabic catalogue, found as a translator's would be (`settings`: pytest-django's
    fixture, which Django's translation caches follow)."""
    from inclusion import languages

    locale = write_locale(directory)
    settings.LOCALE_PATHS = [locale]
    settings.LANGUAGES = languages.available(locale)
