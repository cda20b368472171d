"""`manage.py bench coverage`: coverage of every commune against 100,000 places, SQLite and PostgreSQL.

Prints figures, asserts nothing about time (they go to docs/performance.md); fails when the page it measures
does not answer 200. Each database is filled if needed (the same 100,000 synthetic places, seed 1, as `bench
search` and `bench api`), then measured in a child process with production settings:

- for each coverage kind: reading the help points and communes plus the NumPy search (compute), then the
  bulk write of the ~35,000 rows (store) — what `manage.py compute_coverage` does;
- the coverage page and the territory dashboard of a few départements, and two EPCI dashboards (a
  communauté d'agglomération and the Métropole du Grand Paris): SQL queries and median time of 5 requests.
"""

import json
import subprocess
import sys
import time

from django.conf import settings

from demo import api_benchmark

DEPARTEMENTS = ("03", "75", "13", "2A", "973")
EPCIS = ("200071082", "200054781")  # CA Montluçon Communauté, Métropole du Grand Paris
PAGES = [
    *(f"/territoires/departement/{code}/couverture/?type=france-services" for code in DEPARTEMENTS),
    *(f"/territoires/departement/{code}/" for code in DEPARTEMENTS),
    *(f"/territoires/epci/{code}/" for code in EPCIS),
]
RUNS = 5


def run(database_urls: list[str], log) -> list[dict]:
    results = []
    for database_url in database_urls:
        api_benchmark.prepare(database_url, log)
        log(f"measuring the coverage on {database_url}")
        env = api_benchmark._child_env(database_url, **api_benchmark.PRODUCTION_ENV)
        child = subprocess.run(
            [sys.executable, str(api_benchmark.MANAGE), "bench", "coverage", "--in-process"],
            env=env,
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            raise RuntimeError(f"bench coverage on {database_url} failed:\n{child.stderr[-3000:]}")
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return results


def measure() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from demo.benchmarks import describe_database
    from places import coverage
    from places.models import Place

    figures = {"database": describe_database(), "places": Place.objects.published().count(), "kinds": []}
    for kind in coverage.KINDS.values():
        start = time.perf_counter()
        points = len(coverage.help_points(kind)[0])
        rows = coverage.compute(kind)
        computed = time.perf_counter() - start
        coverage.store(kind, rows)
        stored = time.perf_counter() - start - computed
        figures["kinds"].append(
            {
                "kind": kind.slug,
                "points": points,
                "communes": len(rows),
                "compute_s": computed,
                "store_s": stored,
            }
        )
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    figures["pages"] = []
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}):
        client = Client(HTTP_HOST="localhost")
        client.get("/")  # warms the per-process caches, as on a running server
        for path in PAGES:
            timings, queries = [], []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                queries.append(len(captured.captured_queries))
                if response.status_code != 200 or b"fr-table" not in response.content:
                    raise RuntimeError(f"{path} answered {response.status_code} without its tables")
            # The first request fills the per-process caches (the search index's snapshot for dashboards).
            figures["pages"].append(
                {
                    "path": path,
                    "first_queries": queries[0],
                    "first_ms": timings[0],
                    "queries": queries[-1],
                    "median_ms": sorted(timings)[RUNS // 2],
                }
            )
    return figures


def table(results: list[dict]) -> list[str]:
    lines = [
        "| database | kind | help points | communes | compute (s) | store (s) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for result in results:
        for kind in result["kinds"]:
            lines.append(
                f"| {result['database']} | {kind['kind']} | {kind['points']} | {kind['communes']} | "
                f"{kind['compute_s']:.2f} | {kind['store_s']:.2f} |"
            )
    lines += [
        "",
        "| database | page | first: queries | first (ms) | then: queries | median of 5 (ms) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for result in results:
        for page in result["pages"]:
            lines.append(
                f"| {result['database']} | {page['path']} | {page['first_queries']} | {page['first_ms']:.0f} | "
                f"{page['queries']} | {page['median_ms']:.0f} |"
            )
    return lines
