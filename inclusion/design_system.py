"""The parts of the French State's design system (DSFR, bundled by django-dsfr) this site uses, in one CSS and one
JS file: static/design-system/dsfr.css and dsfr.js, written by scripts/build_design_system.py.

Why: django-dsfr's `{% dsfr_css %}` loads the whole system — every component and every icon (711 KB + 459 KB of
CSS, 131 KB gzipped) — and its legacy rules for Internet Explorer 11. The site uses 22 components and 19 icons.
One file each, rather than a file per component, because on a slow link every request costs a round trip before
its first byte (docs/performance.md, "Light on slow links").

- CSS: the core (reset, typography, grid, spacing, colours, fonts) and each component's `.main.min.css` (the rules
  of modern browsers; the `.legacy` ones are for Internet Explorer 11), and of each icon family's `.main.min.css`
  the rules of the icons the site shows.
  `url()`s are rewritten to point at django-dsfr's files, which collectstatic keeps serving (fonts, icons).
- JS: the core, the colour scheme (the page follows the system's light or dark mode, as before), and the
  components that have a script and that the site shows, each in a block of its own (every component file declares
  the same top-level `const`s). Browsers without ES modules keep django-dsfr's whole `nomodule` file: modern
  browsers never download it.

A component or an icon used in a template without being listed here has no style: tests/inclusion/
test_design_system.py checks every `fr-` class of the templates, scripts and Python code against the built CSS,
and that the committed files are what this module builds. To add one: add it below, then run
`.venv/bin/python scripts/build_design_system.py`.
"""

import re
from pathlib import Path, PurePosixPath

import dsfr

STATIC = Path(dsfr.__file__).resolve().parent / "static"
DIST = STATIC / "dsfr" / "dist"
# Static path of django-dsfr's dist folder, and of our files (static/design-system/).
DIST_STATIC = PurePosixPath("dsfr/dist")
OUTPUT_STATIC = PurePosixPath("design-system")
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "static" / str(OUTPUT_STATIC)

COMPONENTS = [
    "alert",
    "badge",
    "breadcrumb",
    "button",
    "callout",
    "card",
    "checkbox",
    "footer",
    "form",
    "header",
    "input",
    "link",
    "logo",
    "navigation",
    "notice",
    "pagination",
    "radio",
    "select",
    "skiplink",
    "stepper",
    "table",
    "tag",
]
# dist/utility/icons/icons-<family>/: the icons (fr-icon-<name>) the site shows, by family. Only their rules are
# kept: a family's file holds up to 200 icons (the 9 families: 151 KB, 11 KB gzipped; these icons: 3 KB).
ICONS = {
    "arrows": ["arrow-left-line", "arrow-right-line"],
    "business": ["mail-line", "printer-line"],
    "design": ["edit-line"],
    "device": ["phone-line"],
    "document": ["clipboard-line"],
    "editor": ["translate-2"],
    "map": ["map-pin-2-line", "road-map-line"],
    "system": ["add-line", "check-line", "download-line", "logout-box-r-line", "search-line", "warning-line"],
    "user": ["account-circle-line", "user-add-line", "user-setting-line"],
}
# Components of COMPONENTS that come with a script (dist/component/<name>/<name>.module.min.js).
SCRIPTED_COMPONENTS = ["breadcrumb", "button", "card", "checkbox", "header", "navigation", "table", "tag"]

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_CLASS = re.compile(r"\.fr-(?:icon|fi)-([a-z0-9-]+?)(?=[:,\s]|$)")
_URL = re.compile(r"url\((['\"]?)(?!data:|https?:|/)([^)'\"]+)\1\)")


def css_sources() -> list[Path]:
    return [
        DIST / "core" / "core.main.min.css",
        *(DIST / "component" / name / f"{name}.main.min.css" for name in COMPONENTS),
        *(
            DIST / "utility" / "icons" / f"icons-{family}" / f"icons-{family}.main.min.css"
            for family in ICONS
        ),
        # django-dsfr's own few rules (its forms' error lists), which {% dsfr_css %} loads as a file of its own.
        STATIC / "css" / "dsfr-django-overrides.css",
    ]


def js_sources() -> list[Path]:
    return [
        DIST / "core" / "core.module.min.js",
        DIST / "scheme" / "scheme.module.min.js",
        *(DIST / "component" / name / f"{name}.module.min.js" for name in SCRIPTED_COMPONENTS),
    ]


def _relative_to_output(source: Path, url: str) -> str:
    """A url() of a dist file, as seen from static/design-system/ (collectstatic's manifest rewrites it again)."""
    target = PurePosixPath(*source.parent.relative_to(DIST).parts) / url
    parts: list[str] = []
    for part in target.parts:  # ../ climbs out of the source's folder inside dist
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return f"../{DIST_STATIC}/{'/'.join(parts)}"


def build_css() -> str:
    chunks = [
        f"/* Built by scripts/build_design_system.py from django-dsfr {dsfr_version()}: inclusion/design_system.py."
        " DSFR: MIT licence, restricted use (see its terms and conditions). */"
    ]
    for source in css_sources():
        text = source.read_text(encoding="utf-8")
        if source.parent.parent.name == "icons":
            text = _only_icons(text, ICONS[source.parent.name.removeprefix("icons-")])
        text = _URL.sub(
            lambda match, source=source: f"url({_relative_to_output(source, match.group(2))})", text
        )
        chunks.append(f"/* {source.relative_to(STATIC)} */\n{text.strip()}")
    return "\n".join(chunks) + "\n"


def _only_icons(text: str, names: list[str]) -> str:
    """The rules of an icon family's file that draw one of these icons (each rule is one icon's)."""
    wanted = set(names)
    return "".join(
        rule.group(0) for rule in _RULE.finditer(text) if wanted & set(_ICON_CLASS.findall(rule.group(1)))
    )


def build_js() -> str:
    chunks = [
        f"/* Built by scripts/build_design_system.py from django-dsfr {dsfr_version()}: inclusion/design_system.py. */"
    ]
    for source in js_sources():
        # A block each: the component files all declare `const e = window.dsfr, …` at their top level.
        chunks.append(
            f"/* {source.relative_to(STATIC)} */\n{{\n{source.read_text(encoding='utf-8').strip()}\n}}"
        )
    return "\n".join(chunks) + "\n"


def built_files() -> dict[str, str]:
    """{file name in static/design-system/: content}."""
    return {"dsfr.css": build_css(), "dsfr.js": build_js()}


def dsfr_version() -> str:
    from importlib.metadata import version

    return version("django-dsfr")
