import time
from pathlib import Path

from django.core.management.base import BaseCommand

from places.gazetteer_loader import DATA_DIR, load_gazetteer


class Command(BaseCommand):
    help = (
        "Load the communes gazetteer (COG 2025: régions, départements, EPCI, communes with coordinates, density "
        "level and postcodes) from places/data/gazetteer/ into the database. Safe to rerun: only differences are "
        "written, in one transaction, and the counts per model say what changed. Rebuild the files with "
        "scripts/build_gazetteer.py (see docs/data.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"Default: {DATA_DIR}")

    def handle(self, *args, data_dir, **options):
        started = time.perf_counter()
        report = load_gazetteer(data_dir)
        for line in report.lines():
            self.stdout.write(line)
        outcome = "Gazetteer loaded" if report.changed else "Gazetteer already up to date, nothing changed"
        self.stdout.write(self.style.SUCCESS(f"{outcome} ({time.perf_counter() - started:.1f} s)."))
