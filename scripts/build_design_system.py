"""Build static/design-system/dsfr.css and dsfr.js: the parts of django-dsfr's design system the site uses.

    .venv/bin/python scripts/build_design_system.py

Run it after changing the lists of inclusion/design_system.py or upgrading django-dsfr; commit the output.
tests/inclusion/test_design_system.py fails when the committed files differ from what this writes.
Django is not needed (no settings): the script only reads django-dsfr's files and writes ours.
"""

import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from inclusion import design_system  # noqa: E402


def main() -> None:
    design_system.OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, content in design_system.built_files().items():
        path = design_system.OUTPUT_DIR / name
        path.write_text(content, encoding="utf-8")
        print(f"{path.relative_to(PROJECT_DIR)}: {len(content.encode()):,} bytes")


if __name__ == "__main__":
    main()
