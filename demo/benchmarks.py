"""Benchmarks: they print figures, they assert nothing (figures go to docs/performance.md).

Each measured step runs as a child `manage.py` process so its wall time and peak memory (max RSS) are
its own, as an operator would see them.
"""

import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from places.models import Place

MANAGE = Path(settings.BASE_DIR) / "manage.py"


@dataclass
class Figure:
    step: str
    seconds: float
    peak_mb: float
    detail: str = ""


# Runs manage.py in a child and prints that child's own peak memory (max RSS, kB) as its last stderr line.
_MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run_step(step: str, *args: str) -> Figure:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(MANAGE), *args], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{result.stderr[-2000:]}")
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    output = result.stdout.strip().splitlines()
    return Figure(step, seconds, peak_kb / 1024, output[-1][:160] if output else "")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with open("/proc/meminfo") as handle:
        memory_gb = int(handle.readline().split()[1]) / 1024 / 1024
    return f"{cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GB RAM, Python {platform.python_version()}"


def import_export(count: int, seed: int = 1) -> list[Figure]:
    figures = []
    if Place.objects.filter(origin="synthetic").count() < count * 0.9:
        figures.append(
            run_step(
                f"generate {count} places", "generate_places", "--count", str(count), "--seed", str(seed)
            )
        )
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "lieux.csv"
        figures.append(run_step("export CSV", "export_places", "--format", "csv", "--output", str(csv_path)))
        with open(csv_path, encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
        figures[-1].detail = f"{rows} rows, {csv_path.stat().st_size / 1e6:.1f} MB"
        figures.append(
            run_step(
                "export GeoJSON",
                "export_places",
                "--format",
                "geojson",
                "--output",
                str(Path(folder) / "l.geojson"),
            )
        )
        figures.append(
            run_step(f"import {rows} rows (new source)", "import_places", str(csv_path), "--source", "bench")
        )
        figures.append(
            run_step(
                f"re-import {rows} rows (unchanged)", "import_places", str(csv_path), "--source", "bench"
            )
        )
    Place.objects.filter(origin="bench").delete()
    return figures


def describe_database() -> str:
    return f"{connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info)) if connection.vendor == 'sqlite' else connection.pg_version}"


# --- Citizen search ---------------------------------------------------------------------------------------

SEARCH_QUERY = "services=demarches-administratives&frais=gratuit&q=numerique&rayon=20"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def search(runs: int = 200) -> list[str]:
    """Nearest search with text + 2 filters, page of 20, in-process; then queries per page, map and page weight."""
    import gzip
    import re

    from django.contrib.staticfiles import finders
    from django.db import connection, reset_queries
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from places.models import Commune
    from places.search import SearchForm

    lines = []
    # Where people search: communes drawn in proportion to their population (fixed seed), as the places are.
    import random

    candidates = list(
        Commune.objects.current().exclude(latitude=None).exclude(population=None).order_by("code")
    )
    communes = random.Random(1).choices(candidates, weights=[c.population for c in candidates], k=runs)
    timings, facet_timings = [], []
    for commune in communes:
        query = QueryDict(f"commune={commune.code}&{SEARCH_QUERY}")
        start = time.perf_counter()
        form = SearchForm(query)
        page = list(form.places().select_related("commune").prefetch_related("tags", "stops")[:20])
        count = form.places().count()
        timings.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        form.facet_counts()
        facet_timings.append((time.perf_counter() - start) * 1000)
        reset_queries()
    lines.append(
        f"search (commune + text + 2 filters, page of 20 + count), {len(timings)} communes drawn by population: "
        f"p50 {_percentile(timings, 0.5):.1f} ms, p95 {_percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms "
        f"(last: {len(page)} shown of {count})"
    )
    lines.append(
        f"filter counts (one UNION ALL query): p50 {_percentile(facet_timings, 0.5):.1f} ms, "
        f"p95 {_percentile(facet_timings, 0.95):.1f} ms"
    )

    # Pages render with plain static storage: the benchmark must not need collectstatic.
    plain_static = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    client = Client(HTTP_HOST="localhost")
    client.get("/lieux/")  # warms the per-process caches (site configuration), as on a running server
    for size in (5, 20, 100):
        from places import views

        views.PLACES_PER_PAGE, saved = size, views.PLACES_PER_PAGE
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/lieux/?ou=Lyon&{SEARCH_QUERY.replace('q=numerique&', '')}")
        views.PLACES_PER_PAGE = saved
        lines.append(f"results page with {size} places a page: {len(captured.captured_queries)} SQL queries")

    timings = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get("/api/v1/clusters/?bbox=41.0,-5.5,51.5,10.0&zoom=6")
        timings.append((time.perf_counter() - start) * 1000)
    body = response.content
    lines.append(
        f"France-wide map (zoom 6): {len(body) / 1024:.1f} KB JSON ({len(gzip.compress(body)) / 1024:.1f} KB gzipped), "
        f"{body.count(b'Feature') - 1} features, median {_percentile(timings, 0.5):.0f} ms"
    )

    html = client.get(f"/lieux/?ou=Montluçon&{SEARCH_QUERY.replace('q=numerique&', '')}").content
    # What a browser downloads: the `nomodule` script is for browsers without ES modules only.
    assets = [
        asset
        for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
        if b"nomodule" not in asset
    ]
    raw, compressed = len(html), len(gzip.compress(html))
    for asset in assets:
        path = finders.find(asset.decode())
        if path:
            data = Path(path).read_bytes()
            raw += len(data)
            compressed += len(gzip.compress(data))
    lines.append(
        f"results page HTML + CSS + JS ({len(assets)} files): {raw / 1024:.0f} KB raw, "
        f"{compressed / 1024:.0f} KB gzipped (as whitenoise serves it)"
    )
    plain_static.disable()
    return lines
