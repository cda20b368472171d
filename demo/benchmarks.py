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
    return Figure(step, seconds, peak_kb / 1024, output[0][:160] if output else "")  # the counts line


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
    if connection.vendor == "sqlite":
        return f"SQLite {'.'.join(map(str, connection.Database.sqlite_version_info))}"
    version = connection.pg_version  # 150020: 15.20
    return f"PostgreSQL {version // 10000}.{version % 10000}"
