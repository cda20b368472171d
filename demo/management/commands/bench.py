import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import (
    api_benchmark,
    benchmarks,
    coverage_benchmark,
    search_benchmark,
    soak_benchmark,
    weights_benchmark,
)


class Command(BaseCommand):
    help = (
        "Measure and print performance figures (no assertion on time; a page that does not answer 200 is an "
        "error): `bench search` times the search in-process at 100,000 places, SQLite and PostgreSQL side by "
        "side (p95 of a page with its total and of the filter counts, Paris, Lyon and Marseille apart, queries "
        "of a page, the map, the page weight); `bench api` loads the API's search under gunicorn with wrk; "
        "`bench import-export --count 100000` times export and import with peak memory of each step; `bench soak` "
        "runs a steady open-loop mix of pages, map, API pulls, writes and error reports for --minutes at --rate "
        "against gunicorn on PostgreSQL and Redis, prints latencies per kind and the workers' memory, and fails "
        "if any answer was unexpected; `bench coverage` times `compute_coverage` (every commune against 100,000 "
        "places, per kind: compute and store) and the département coverage page (queries, median); `bench weights` "
        "loads each page type in headless Chromium (a running server with --url, else gunicorn with production "
        "settings) and prints the bytes transferred per page and the time to the first result card on a slow-3G "
        "link. search, "
        "api and coverage fill /tmp/bench-api.sqlite3 and the PostgreSQL database "
        "`bench` first if needed (--database-url URL for one only; soak: PostgreSQL `bench` by default). Copy "
        "the figures to docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import-export", "search", "api", "soak", "coverage", "weights"])
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument(
            "--database-url",
            action="append",
            help="search, api: the database(s) to fill and measure (default: /tmp/bench-api.sqlite3, then "
            "PostgreSQL `bench`)",
        )
        parser.add_argument("--duration", type=int, default=30, help="api: seconds of each wrk run")
        parser.add_argument("--connections", type=int, default=16, help="api: wrk's open connections")
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="search, coverage: measure this process's database, print JSON",
        )
        parser.add_argument("--minutes", type=float, default=10, help="soak: minutes of measured load")
        parser.add_argument("--rate", type=float, default=40, help="soak: requests a second, held open-loop")
        parser.add_argument(
            "--redis-url", default=soak_benchmark.REDIS_URL, help="soak: the Redis cache (flushed)"
        )
        parser.add_argument("--url", help="weights: measure this running server (e.g. http://127.0.0.1:8000)")

    def handle(self, *args, what, count, database_url, duration, connections, in_process, **options):
        if what == "soak":
            return self._soak(database_url, **options)
        if what == "weights":
            return self._weights(database_url, options["url"])
        databases = database_url or [api_benchmark.SQLITE_URL, api_benchmark.POSTGRES_URL]
        log = lambda line: self.stdout.write(f"# {line}")  # noqa: E731
        try:
            if what == "search" and in_process:
                self.stdout.write(json.dumps(search_benchmark.measure()))
            elif what == "coverage" and in_process:
                self.stdout.write(json.dumps(coverage_benchmark.measure()))
            elif what == "coverage":
                self.stdout.write(f"# coverage — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
                for line in coverage_benchmark.table(coverage_benchmark.run(databases, log)):
                    self.stdout.write(line)
            elif what == "search":
                self.stdout.write(f"# search — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
                for line in search_benchmark.table(search_benchmark.run(databases, log)):
                    self.stdout.write(line)
            elif what == "api":
                self.stdout.write(f"# api — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
                for line in api_benchmark.table(api_benchmark.run(databases, duration, connections, log=log)):
                    self.stdout.write(line)
            else:
                self._import_export(count)
        except (RuntimeError, search_benchmark.PageFailed) as error:
            raise CommandError(str(error)) from error

    def _soak(self, database_url, *, minutes, rate, redis_url, **options):
        database = (database_url or [api_benchmark.POSTGRES_URL])[0]
        if not database.startswith("postgres"):
            raise CommandError("bench soak measures PostgreSQL (--database-url postgres://…).")
        self.stdout.write(f"# soak — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
        try:
            lines, problems = soak_benchmark.run(
                database, redis_url, minutes, rate, log=lambda line: self.stdout.write(f"# {line}")
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
        if problems:
            raise CommandError("bench soak FAILED:\n" + "\n".join(problems))
        self.stdout.write("# soak: every answer was the expected one")

    def _weights(self, database_url, url):
        log = lambda line: self.stdout.write(f"# {line}")  # noqa: E731
        self.stdout.write(f"# weights — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.machine()}")
        try:
            weights, slow = weights_benchmark.run(url, (database_url or [None])[0], log)
        except RuntimeError as error:  # PageFailed too: a page that did not answer 200
            raise CommandError(str(error)) from error
        for line in weights_benchmark.table(weights, slow):
            self.stdout.write(line)
        broken = [f"{w.name}: {file}" for w in weights + [w for _, w in slow] for file in w.broken]
        if broken:
            raise CommandError(
                "bench weights: files of the site that did not answer 200:\n" + "\n".join(broken)
            )

    def _import_export(self, count):
        self.stdout.write(
            f"# import-export — {timezone.now():%Y-%m-%d %H:%M} — {benchmarks.describe_database()}"
        )
        self.stdout.write(f"# {benchmarks.machine()}")
        figures = benchmarks.import_export(count)
        self.stdout.write("| step | seconds | peak memory (MB) | detail |\n|---|---:|---:|---|")
        for figure in figures:
            self.stdout.write(
                f"| {figure.step} | {figure.seconds:.1f} | {figure.peak_mb:.0f} | {figure.detail} |"
            )
