"""The site's languages: French, plus every language that has a compiled catalogue in locale/.

Settings read `available(LOCALE_DIR)` so that a translator adds a language with files only
(docs/translation.md): `locale/<code>/LC_MESSAGES/django.po`, compiled to `django.mo`, and the next start
offers it in the header's switch, to browsers asking for it, and with `?lang=<code>`. Nothing in the code
names English. This module imports nothing of Django's but its table of language names, so that settings may
use it.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO

SOURCE_LANGUAGE = "fr"  # the language the interface is written in: msgids are French


def available(locale_dir: Path) -> list[tuple[str, str]]:
    """(code, the language's name in itself) for French and each compiled catalogue, French first."""
    codes = sorted(
        code
        for path in Path(locale_dir).glob("*/LC_MESSAGES/django.mo")
        if (code := path.parent.parent.name.replace("_", "-").lower()) != SOURCE_LANGUAGE and known(code)
    )
    return [(code, local_name(code)) for code in [SOURCE_LANGUAGE, *codes]]


def known(code: str) -> bool:
    """Django knows the language (its name, its direction) or its base language ("fa-af", Dari, is "fa"): other
    codes are left out rather than break the header's switch."""
    return code in LANG_INFO or code.split("-")[0] in LANG_INFO


def local_name(code: str) -> str:
    """ "English", "Français", "العربيّة": how a language names itself (its code when Django does not know it)."""
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
    name = info.get("name_local", code)
    return name[:1].upper() + name[1:]
