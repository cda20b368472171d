from django.core.management.base import BaseCommand
from django.utils import timezone

from places import benchmarks


class Command(BaseCommand):
    help = (
        "Measure and print performance figures (no assertion): `bench import-export --count 100000` times "
        "export to CSV/GeoJSON and import of the synthetic dataset, with peak memory of each step; "
        "`bench search` times the citizen search, counts its queries and weighs the map and the page. "
        "Copy the figures to docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import-export", "search"])
        parser.add_argument("--count", type=int, default=100_000)

    def handle(self, *args, what, count, **options):
        self.stdout.write(f"# {what} — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.describe_database()}")
        self.stdout.write(f"# {benchmarks.machine()}")
        if what == "search":
            for line in benchmarks.search():
                self.stdout.write(f"- {line}")
            return
        figures = benchmarks.import_export(count)
        self.stdout.write("| step | seconds | peak memory (MB) | detail |\n|---|---:|---:|---|")
        for figure in figures:
            self.stdout.write(
                f"| {figure.step} | {figure.seconds:.1f} | {figure.peak_mb:.0f} | {figure.detail} |"
            )
