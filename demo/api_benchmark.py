"""`manage.py bench api`: the search endpoint of the REST API under load, as served in production.

It prints figures and asserts nothing (they go to docs/performance.md). For each database it fills the database
with 100,000 synthetic places if needed (child `manage.py` processes), starts gunicorn (2 sync workers,
production settings) and drives it with wrk on loopback, rotating among 200 searches around communes drawn in
proportion to their population (fixed seed), with `scripts/wrk-urls.lua`. Two mixes:

- warm: the 200 searches again and again, after a warm-up, so answers come from the response cache;
- cold: the same searches with the response cache off (API_CACHE_SECONDS=0: a timeout of 0 expires at once),
  so every request runs its SQL.

The load tool shares the machine's cores with gunicorn and the database: figures are a floor.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"
WRK_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "wrk-urls.lua"
GUNICORN = Path(sys.executable).parent / "gunicorn"

SQLITE_URL = "sqlite:////tmp/bench-api.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench"
REDIS_URL = "redis://127.0.0.1:6379/3"
PORT = 8765
COUNT = 100_000
WARM_UP_SECONDS = 10
SEARCHES = 200
SEARCH_QUERY = "radius=20&services=demarches-administratives&frais_a_charge=gratuit&q=numerique&page_size=20"

# Production settings (DEBUG off). The anonymous rate is lifted so that wrk, one address, is not throttled;
# it is given per second so that the throttle's history of timestamps (one list per address in the cache,
# rewritten at each request) holds one second of requests, as for a real client, not a minute of the whole load.
PRODUCTION_ENV = {
    "SECRET_KEY": "bench",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "API_THROTTLE_ANON": "100000000/second",
}


@dataclass
class Row:
    database: str
    cache: str
    mix: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int
    detail: str = ""


def _child_env(database_url: str, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DEBUG")}
    env.update(DATABASE_URL=database_url, **extra)
    return env


def _manage(database_url: str, *args: str, **extra: str) -> str:
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=_child_env(database_url, DEBUG="1", **extra),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


# Run in a child against the target database: the 200 search paths.
_URLS_CODE = """
import random
from places.models import Commune
from demo.api_benchmark import SEARCH_QUERY, SEARCHES
candidates = list(Commune.objects.current().exclude(latitude=None).exclude(population=None).order_by("code"))
for commune in random.Random(1).choices(candidates, weights=[c.population for c in candidates], k=SEARCHES):
    print(f"/api/v1/places/?near={commune.latitude:.4f},{commune.longitude:.4f}&{SEARCH_QUERY}")
"""


def prepare(database_url: str, log) -> list[str]:
    """Fill the database if needed; return the search paths."""
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        exists = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{name}'",
            ],
            capture_output=True,
            text=True,
        )
        if exists.stdout.strip() != "1":
            log(f"createdb {name}")
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    for args in (("migrate", "--no-input", "-v0"), ("load_gazetteer",), ("load_programmes",)):
        log(f"{' '.join(args)}")
        _manage(database_url, *args)
    count = _place_count(database_url)
    if count < COUNT * 0.9:
        log(f"generate_places --count {COUNT} --seed 1 ({count} places now)")
        start = time.perf_counter()
        _manage(database_url, "generate_places", "--count", str(COUNT), "--seed", "1")
        log(f"generated in {time.perf_counter() - start:.0f} s")
    lines = _manage(database_url, "shell", "-v0", "-c", _URLS_CODE).split()
    paths = [line for line in lines if line.startswith("/api/")]
    log(f"{_place_count(database_url)} places, {len(paths)} search paths")
    return paths


def _place_count(database_url: str) -> int:
    code = "from places.models import Place; print(f'PLACES={Place.objects.count()}')"
    output = _manage(database_url, "shell", "-v0", "-c", code)
    return int(next(line for line in output.split() if line.startswith("PLACES="))[7:])


class Server:
    """gunicorn with 2 sync workers, production settings, on loopback; stopped on exit (always)."""

    def __init__(self, database_url: str, redis: bool, cache_seconds: int | None, static_root: str):
        env = _child_env(database_url, STATIC_ROOT=static_root, **PRODUCTION_ENV)
        if redis:
            env["REDIS_URL"] = REDIS_URL
        if cache_seconds is not None:
            env["API_CACHE_SECONDS"] = str(cache_seconds)
        self.env = env
        # Kept open while gunicorn runs (closed and removed in __exit__).
        self.log = tempfile.NamedTemporaryFile("w+", prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(GUNICORN), "inclusion.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.output()}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/v1/", timeout=5).close()
                return self
            except urllib.error.HTTPError:
                return self  # it answers
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in 60 s:\n{self.output()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]


def fetch_all(paths: list[str]) -> tuple[float, list[str]]:
    """Ask for each path once, in order; return the seconds taken and the problems (anything but a 200)."""
    problems = []
    start = time.perf_counter()
    for path in paths:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:
                response.read()
                if response.status != 200:
                    problems.append(f"{response.status} {path}")
        except urllib.error.HTTPError as error:
            problems.append(f"{error.code} {path}: {error.read()[:200]!r}")
    return time.perf_counter() - start, problems


def wrk(url_file: str, duration: int, connections: int, threads: int = 2) -> dict:
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{PORT}",
            "--",
            url_file,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    return {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}


def _row(database: str, cache: str, mix: str, figures: dict, detail: str = "") -> Row:
    errors = sum(figures[key] for key in ("non2xx", "connect", "read", "write", "timeout"))
    return Row(
        database,
        cache,
        mix,
        figures["requests"] / (figures["duration_us"] / 1e6),
        figures["p50_us"] / 1000,
        figures["p95_us"] / 1000,
        figures["p99_us"] / 1000,
        errors,
        figures["requests"],
        detail,
    )


def run(database_urls: list[str], duration: int, connections: int, log=print) -> list[Row]:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is needed: apt-get install -y wrk")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        static_root = str(Path(folder) / "static")
        url_file = str(Path(folder) / "urls.txt")
        # Whitenoise's manifest storage needs collected files to start with DEBUG off.
        subprocess.run(
            [sys.executable, str(MANAGE), "collectstatic", "--noinput", "-v0"],
            env=_child_env(SQLITE_URL, STATIC_ROOT=static_root, **PRODUCTION_ENV),
            check=True,
        )
        for database_url in database_urls:
            database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
            paths = prepare(database_url, log)
            Path(url_file).write_text("\n".join(paths) + "\n")
            caches = (
                [("Redis", True)] if database == "PostgreSQL" else [("in-process", False), ("Redis", True)]
            )
            for cache_name, redis in caches:
                if redis:
                    subprocess.run(["redis-cli", "-n", "3", "flushdb"], check=True, capture_output=True)
                log(f"{database}, {cache_name} cache: cold mix (API_CACHE_SECONDS=0)")
                with Server(database_url, redis, 0, static_root) as server:
                    seconds, problems = fetch_all(paths[:10])
                    if problems:
                        raise RuntimeError(f"{problems[:5]}\n{server.output()}")
                    # Each worker builds its search index at its first search (a few seconds at 100,000
                    # places): a short load lets both do it before the measure. Nothing else is kept.
                    wrk(url_file, WARM_UP_SECONDS, connections)
                    figures = wrk(url_file, duration, connections)
                    rows.append(_row(database, cache_name, "cold", figures))
                    log(f"  {figures}")
                    if server.output().strip():
                        log(f"  gunicorn said:\n{server.output()}")
                if redis:
                    subprocess.run(["redis-cli", "-n", "3", "flushdb"], check=True, capture_output=True)
                log(f"{database}, {cache_name} cache: warm mix")
                with Server(database_url, redis, None, static_root) as server:
                    seconds, problems = fetch_all(paths)
                    if problems:
                        raise RuntimeError(f"{problems[:5]}\n{server.output()}")
                    log(f"  first pass over the {len(paths)} searches, one at a time: {seconds:.1f} s")
                    # With the in-process cache each worker fills its own: warm up under load too.
                    wrk(url_file, max(10, duration // 2), connections)
                    figures = wrk(url_file, duration, connections)
                    rows.append(_row(database, cache_name, "warm", figures))
                    log(f"  {figures}")
                    if server.output().strip():
                        log(f"  gunicorn said:\n{server.output()}")
    return rows


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| database | cache | mix | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors (non-2xx + socket) | requests |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.database} | {row.cache} | {row.mix} | {row.requests_per_second:,.0f} | {row.p50_ms:.1f} | "
            f"{row.p95_ms:.1f} | {row.p99_ms:.1f} | {row.errors} | {row.requests:,} |"
        )
    return lines
