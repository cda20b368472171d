"""The design system's CSS and JS the pages load (inclusion/design_system.py): built from django-dsfr, complete."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from inclusion import design_system

PROJECT = Path(settings.BASE_DIR)
# Where fr- classes are written: templates, our scripts, and Python code that sets classes on widgets.
SOURCES = ["templates", "static/places", "static/accounts", "places", "accounts", "programmes", "inclusion"]
CLASS = re.compile(r"(?<![\w-])fr-[a-z0-9_-]*[a-z0-9]")
# fr- names without a style of their own in DSFR 1.14 (the whole system gave them none either): django-dsfr's
# configuration model's name; classes DSFR does not define; fr-input--error, styled only inside the search bar
# component (elsewhere the error shows through fr-input-group--error).
NOT_STYLED = {
    "fr-site-config",
    "fr-header__body",
    "fr-col-auto",
    "fr-input--lg",
    "fr-select--error",
    "fr-input--error",
}


def used_classes() -> dict[str, str]:
    """{fr- class: a file that uses it}."""
    used = {}
    for folder in SOURCES:
        for path in sorted((PROJECT / folder).rglob("*")):
            if (
                path.suffix in {".html", ".py", ".js", ".txt"}
                and path.is_file()
                and "design_system" not in path.name
            ):
                for name in CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")):
                    used.setdefault(name, str(path.relative_to(PROJECT)))
    return used


def test_the_committed_files_are_what_the_build_writes():
    for name, content in design_system.built_files().items():
        committed = (design_system.OUTPUT_DIR / name).read_text(encoding="utf-8")
        assert committed == content, (
            f"static/design-system/{name} is out of date: run .venv/bin/python scripts/build_design_system.py"
        )


def test_every_class_the_site_uses_has_its_style_in_the_css_it_loads():
    css = (design_system.OUTPUT_DIR / "dsfr.css").read_text(encoding="utf-8")
    missing = {
        name: where
        for name, where in used_classes().items()
        if name not in NOT_STYLED and not re.search(rf"\.{re.escape(name)}(?![\w-])", css)
    }
    assert not missing, (
        "fr- classes without their style (add the component or icon to inclusion/design_system.py, then run "
        f"scripts/build_design_system.py): {missing}"
    )


def test_components_and_icons_the_site_does_not_show_are_left_out():
    css = (design_system.OUTPUT_DIR / "dsfr.css").read_text(encoding="utf-8")
    assert not re.search(r"\.fr-accordion(?![\w-])", css)
    assert not re.search(r"\.fr-icon-bus-line(?![\w-])", css)
    assert re.search(r"\.fr-icon-search-line(?![\w-])", css)


def test_every_url_of_the_css_names_a_file_of_django_dsfr():
    css = (design_system.OUTPUT_DIR / "dsfr.css").read_text(encoding="utf-8")
    urls = set(re.findall(r"url\((\.\./[^)\"']+)\)", css))
    assert any(url.endswith("Marianne-Regular.woff2") for url in urls)
    missing = [url for url in urls if not (design_system.STATIC / url.removeprefix("../")).is_file()]
    assert not missing


def test_pages_load_the_bundle_and_not_the_whole_design_system(db):
    html = Client().get("/").content.decode()
    assert "design-system/dsfr.css" in html
    assert 'type="module" src="/static/design-system/dsfr.js"' in html
    assert "dsfr/dist/dsfr/dsfr.min.css" not in html
    assert "utility/utility.min.css" not in html
    assert "dsfr.module.min.js" not in html
