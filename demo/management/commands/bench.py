from django.core.management.base import BaseCommand
from django.utils import timezone

from demo import benchmarks


class Command(BaseCommand):
    help = (
        "Measure and print performance figures (no assertion): `bench import-export --count 100000` times "
        "export to CSV/GeoJSON and import of the synthetic dataset, with peak memory of each step; "
        "`bench search` times the citizen search, counts its queries and weighs the map and the page; "
        "`bench api` loads the API's search under gunicorn with wrk (SQLite and PostgreSQL, or --database-url). "
        "Copy the figures to docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import-export", "search", "api"])
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument(
            "--database-url",
            action="append",
            help="api: the database(s) to fill and serve (default: /tmp/bench-api.sqlite3, then PostgreSQL `bench`)",
        )
        parser.add_argument("--duration", type=int, default=30, help="api: seconds of each wrk run")
        parser.add_argument("--connections", type=int, default=16, help="api: wrk's open connections")

    def handle(self, *args, what, count, database_url, duration, connections, **options):
        if what == "api":
            from demo import api_benchmark

            self.stdout.write(f"# api — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
            rows = api_benchmark.run(
                database_url or [api_benchmark.SQLITE_URL, api_benchmark.POSTGRES_URL],
                duration,
                connections,
                log=lambda line: self.stdout.write(f"# {line}"),
            )
            for line in api_benchmark.table(rows):
                self.stdout.write(line)
            return
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
