"""Every string of the interface has its English translation, and the compiled catalogue says the same.

The first test runs `make messages`' makemessages in a copy of the sources, so that a string added or changed
anywhere (template, form, message, email, API error) and not yet translated fails the suite, listed by name.
It needs GNU gettext's xgettext (Debian: gettext; .ci/run installs it) and skips without it.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from inclusion import languages

ROOT = Path(settings.BASE_DIR)
SOURCES = (
    "manage.py",
    "inclusion",
    "places",
    "programmes",
    "accounts",
    "demo",
    "templates",
    "static",
    "locale",
)


def makemessages_options() -> list[str]:
    """The options of the Makefile's `messages` target: the test checks what a translator's command makes."""
    match = re.search(r"^MESSAGES_OPTIONS = (.+)$", (ROOT / "Makefile").read_text(), re.M)
    return match.group(1).split()


def missing_translations(po: polib.POFile) -> list[str]:
    return [
        ("[fuzzy] " if "fuzzy" in entry.flags else "") + entry.msgid
        for entry in po
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]


def test_every_interface_string_has_an_english_translation(tmp_path):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext")
    copy = tmp_path / "src"
    copy.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *makemessages_options()],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "HOME": str(tmp_path)},
    )
    missing = missing_translations(polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po")))
    assert not missing, (
        f"{len(missing)} strings without an English translation: run `make messages`, translate them in "
        "locale/en/LC_MESSAGES/django.po, run `make messages` again (it compiles). First ones:\n"
        + "\n".join(missing[:40])
    )


def test_the_compiled_catalogue_matches_its_source():
    po = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(ROOT / "locale/en/LC_MESSAGES/django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    written = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in po.translated_entries()
        if entry.msgid
    }
    stale = sorted(key[1] for key, text in written.items() if compiled.get(key) != text)
    assert not stale, f"django.mo is older than django.po: run `make messages`. Differs: {stale[:10]}"
    assert not missing_translations(po), "locale/en/LC_MESSAGES/django.po has empty or fuzzy entries"


def test_every_catalogue_in_locale_is_a_language_of_the_site():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[0] == "fr"
    assert "en" in codes
    assert dict(settings.LANGUAGES)["en"] == "English"


def test_a_translator_adds_a_language_with_files_only(tmp_path):
    (tmp_path / "uk/LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "uk/LC_MESSAGES/django.mo").write_bytes(b"")
    (tmp_path / "fa_AF/LC_MESSAGES").mkdir(parents=True)  # Dari: Persian to Django
    (tmp_path / "fa_AF/LC_MESSAGES/django.mo").write_bytes(b"")
    (tmp_path / "de/LC_MESSAGES").mkdir(parents=True)  # begun, not compiled: not offered yet
    (tmp_path / "de/LC_MESSAGES/django.po").write_text("")
    (tmp_path / "xx/LC_MESSAGES").mkdir(parents=True)  # unknown to Django: left out, the header keeps working
    (tmp_path / "xx/LC_MESSAGES/django.mo").write_bytes(b"")
    assert languages.available(tmp_path) == [("fr", "Français"), ("fa-af", "فارسی"), ("uk", "Українська")]
