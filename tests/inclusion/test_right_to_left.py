"""A right-to-left language needs no code: its catalogue in locale/ is enough, and pages are written right to left.

The layout itself is checked in a browser: tests/browser/test_languages.py.
"""

import re

import pytest

from tests.inclusion.pseudo_arabic import arabic_letters, use_pseudo_arabic


@pytest.fixture
def arabic(settings, tmp_path):
    use_pseudo_arabic(settings, tmp_path)


def test_pseudo_arabic_keeps_placeholders_and_tags():
    text = arabic_letters("Bonjour %(name)s, <strong>%d</strong> lieux à l'écran")
    assert text.startswith("بونجوور %(name)s, <strong>%d</strong> ")
    kept = re.sub(r"%\(name\)s|%d|</?strong>", "", text)
    assert not re.search(r"[A-Za-zÀ-ÿ]", kept)


def test_a_catalogue_added_to_locale_is_offered_and_written_right_to_left(client, arabic, settings):
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "ar", "en"]
    response = client.get("/", {"lang": "ar"})
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert arabic_letters("Se faire aider avec le numérique, près de chez soi") in html
    # The switch names each other language in itself.
    assert ">Français</a>" in html and ">English</a>" in html and ">العربيّة</a>" not in html
    assert response["Content-Language"] == "ar"


def test_left_to_right_languages_stay_left_to_right_beside_it(client, arabic):
    assert '<html lang="en" dir="ltr"' in client.get("/", {"lang": "en"}).content.decode()
    assert '<html lang="fr" dir="ltr"' in client.get("/").content.decode()
