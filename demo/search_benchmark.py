"""`manage.py bench search`: the search at 100,000 places, in-process, SQLite and PostgreSQL side by side.

It prints figures and asserts nothing about time (they go to docs/performance.md); it fails loudly when a page
it measures does not answer 200. For each database it fills it if needed (the same 100,000 synthetic places,
seed 1, as `bench api`), then runs the measures in a child process with production settings (DEBUG off):

- the search index: first build (time, memory), refresh after one write;
- 200 searches around communes drawn in proportion to their population (fixed seed), each with text, two
  filters and a 20 km radius, as the results page asks them: parameters read, search, page of 20 loaded
  from the database, total — then the filter counts of the same search, timed apart;
- the same search around Paris, Lyon and Marseille (50 times each), where places are densest;
- the SQL queries of a results page of 5, 20 and 100 places, the France-wide map, the page's weight.
"""

import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from demo import api_benchmark

SEARCHES = 200
CITY_RUNS = 50
SEARCH_QUERY = "q=numerique&services=demarches-administratives&frais=gratuit&rayon=20"
CITIES = {"Paris": "75056", "Lyon": "69123", "Marseille": "13055"}
GOAL_MS = 20


class PageFailed(RuntimeError):
    """A measured page did not answer 200: its figure would be false."""


def run(database_urls: list[str], log) -> list[dict]:
    """Fill each database if needed, measure it in a child process; the figures of each."""
    results = []
    for database_url in database_urls:
        api_benchmark.prepare(database_url, log)
        log(f"measuring the search on {database_url}")
        env = api_benchmark._child_env(database_url, **api_benchmark.PRODUCTION_ENV)
        child = subprocess.run(
            [sys.executable, str(api_benchmark.MANAGE), "bench", "search", "--in-process"],
            env=env,
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            raise RuntimeError(f"bench search on {database_url} failed:\n{child.stderr[-3000:]}")
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return results


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _timed_search(query: str) -> tuple[float, float, int]:
    """(ms to read the parameters, search and load a page of 20 with the total, ms for the filter counts,
    the total), as the results page does them."""
    from django.http import QueryDict

    from places.search.engine import find
    from places.search.parameters import SearchForm

    start = time.perf_counter()
    search = SearchForm(QueryDict(query)).search()
    if search is None:
        raise PageFailed(f"the search {query!r} is refused")
    results = find(search, with_commune=True)
    page = results[0:20]
    total = len(results)
    searched = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    results.facet_counts()
    counted = (time.perf_counter() - start) * 1000
    assert len(page) == min(20, total)
    return searched, counted, total


def _summary(timings: list[tuple[float, float, int]]) -> dict:
    searched = [t[0] for t in timings]
    counted = [t[1] for t in timings]
    return {
        "search_p50": _percentile(searched, 0.5),
        "search_p95": _percentile(searched, 0.95),
        "search_max": max(searched),
        "counts_p50": _percentile(counted, 0.5),
        "counts_p95": _percentile(counted, 0.95),
        "found_mean": sum(t[2] for t in timings) / len(timings),
    }


def measure() -> dict:
    """The figures of this process's database (run in the child, with production settings)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from demo.benchmarks import describe_database, machine
    from places import versioning
    from places.models import Commune, Place
    from places.search import index
    from places.search.criteria import Search
    from places.search.engine import find

    figures: dict = {"database": describe_database(), "machine": machine(), "load": os.getloadavg()[0]}
    before = _rss_mb()
    start = time.perf_counter()
    snapshot = index.current()
    figures["index_build_s"] = time.perf_counter() - start
    figures["index_rss_mb"] = _rss_mb() - before
    figures["places"] = int(snapshot.alive.sum())

    with transaction.atomic():  # one write, undone: how long the next search waits for the index to follow
        Place.objects.filter(pk=int(snapshot.ids[0])).update(updated_at=timezone.now())
        versioning.bump()
        start = time.perf_counter()
        find(Search(text="numerique")).ids()
        figures["index_refresh_ms"] = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    find(Search()).ids()  # follows the rollback

    candidates = list(
        Commune.objects.current().exclude(latitude=None).exclude(population=None).order_by("code")
    )
    communes = random.Random(1).choices(candidates, weights=[c.population for c in candidates], k=SEARCHES)
    figures["communes"] = _summary(
        [_timed_search(f"{urlencode({'autour': c.code, 'ou': c.name})}&{SEARCH_QUERY}") for c in communes]
    )
    for city, code in CITIES.items():
        figures[city] = _summary([_timed_search(f"autour={code}&{SEARCH_QUERY}") for _ in range(CITY_RUNS)])

    figures.update(_pages(connection))
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _get(client, url: str):
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise PageFailed(f"{url} answered {response.status_code}, not 200: its figure would be false")
    return response


def _pages(connection) -> dict:
    """Queries of a results page, the France-wide map, the page's weight (each checked to answer 200)."""
    from django.contrib.staticfiles import finders
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from places import views

    figures = {}
    # Pages render with plain static storage: the benchmark must not need collectstatic.
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}):
        client = Client(HTTP_HOST="localhost")
        _get(client, "/lieux/")  # warms the per-process caches (site configuration), as on a running server
        page = "/lieux/?ou=Lyon&services=demarches-administratives&frais=gratuit&rayon=20"
        for size in (5, 20, 100):
            views.PLACES_PER_PAGE, saved = size, views.PLACES_PER_PAGE
            try:
                with CaptureQueriesContext(connection) as captured:
                    html = _get(client, page).content.decode()
            finally:
                views.PLACES_PER_PAGE = saved
            if html.count('class="fr-card fr-enlarge-link') != size:
                raise PageFailed(f"{page} showed fewer than {size} places: its query count would be false")
            figures[f"page_{size}_queries"] = len(captured.captured_queries)

        timings = []
        for _ in range(5):
            cache.clear()  # the API's response cache would answer the next ones: time the search
            start = time.perf_counter()
            body = _get(client, "/api/v1/clusters/?bbox=41.0,-5.5,51.5,10.0&zoom=6").content
            timings.append((time.perf_counter() - start) * 1000)
        features = json.loads(body)["features"]
        if not features:
            raise PageFailed("the France-wide map has no point")
        figures["map"] = {
            "kb": len(body) / 1024,
            "kb_gzipped": len(gzip.compress(body)) / 1024,
            "features": len(features),
            "points": sum(feature["properties"]["count"] for feature in features),
            "median_ms": _percentile(timings, 0.5),
        }

        html = _get(client, "/lieux/?ou=Montluçon&services=demarches-administratives&frais=gratuit").content
        # What a browser downloads: the `nomodule` script is for browsers without ES modules only; the map's
        # files are asked for by map-loader.js from the map container's data- attributes (bench weights measures
        # what a browser really transfers).
        assets = [
            a
            for a in re.findall(
                rb'(?:href|src|data-leaflet-css|data-leaflet-js|data-map-script)="/static/([^"]+\.(?:css|js))"',
                html,
            )
            if b"nomodule" not in a
        ]
        raw, compressed = len(html), len(gzip.compress(html))
        for asset in assets:
            if path := finders.find(asset.decode()):
                data = Path(path).read_bytes()
                raw += len(data)
                compressed += len(gzip.compress(data))
        figures["weight"] = {"files": len(assets), "kb": raw / 1024, "kb_gzipped": compressed / 1024}
    return figures


def table(results: list[dict]) -> list[str]:
    """The figures of each database side by side, as docs/performance.md shows them."""
    names = [result["database"] for result in results]
    lines = [
        f"| measure | {' | '.join(names)} | goal |",
        f"| --- | {' | '.join('---:' for _ in names)} | --- |",
    ]

    def row(label: str, values: list[str], goal: str = ""):
        lines.append(f"| {label} | {' | '.join(values)} | {goal} |")

    def check(value: float) -> str:
        return f"{value:.1f} {'✔' if value <= GOAL_MS else '✘'}"

    row("published places in the index", [f"{r['places']:,}" for r in results])
    row("index: first build", [f"{r['index_build_s']:.1f} s, +{r['index_rss_mb']:.0f} MB" for r in results])
    row("index: next search after one write", [f"{r['index_refresh_ms']:.0f} ms" for r in results])
    for key, label in [("communes", f"{SEARCHES} communes by population"), *((c, c) for c in CITIES)]:
        row(
            f"search + page of 20 + total, {label}: p50 / p95 ms",
            [f"{r[key]['search_p50']:.1f} / {check(r[key]['search_p95'])}" for r in results],
            f"p95 ≤ {GOAL_MS} ms",
        )
        row(
            f"filter counts, {label}: p50 / p95 ms",
            [f"{r[key]['counts_p50']:.1f} / {check(r[key]['counts_p95'])}" for r in results],
            f"p95 ≤ {GOAL_MS} ms",
        )
        row(f"places found, {label} (mean)", [f"{r[key]['found_mean']:,.0f}" for r in results])
    row(
        "SQL queries of a results page of 5, 20, 100 places",
        [", ".join(str(r[f"page_{size}_queries"]) for size in (5, 20, 100)) for r in results],
        "≤ 8",
    )
    row(
        "France-wide map, zoom 6",
        [
            f"{r['map']['features']} markers for {r['map']['points']:,} points, {r['map']['kb_gzipped']:.1f} KB gzipped, "
            f"{r['map']['median_ms']:.0f} ms"
            for r in results
        ],
    )
    row(
        "results page HTML + CSS + JS, gzipped",
        [f"{r['weight']['kb_gzipped']:.0f} KB ({r['weight']['files']} files)" for r in results],
        "≤ 150 KB (issue 14)",
    )
    row("peak memory of the measuring process", [f"{r['peak_rss_mb']:.0f} MB" for r in results])
    row("load average during the run", [f"{r['load']:.1f}" for r in results])
    return lines
