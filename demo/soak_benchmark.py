"""`manage.py bench soak`: the site and the API under a steady mixed load for minutes, as served in production.

It prints figures (they go to docs/performance.md) and fails at the end if any answer was not the one expected:
a soak is about what breaks or grows over time, not about peak throughput. gunicorn (2 sync workers,
production settings, LOG_FORMAT=json) on PostgreSQL and Redis with 100,000 synthetic places (filled as
`bench api` fills them), driven on loopback by an **open-loop** load generator: request n is due at
start + n / rate whatever the answers before it, so a slow server shows as latency instead of quietly lowering
the load (a closed loop — wrk's connections — waits for each answer before asking again).

The mix (weights in MIX), each with the one status it must answer:
- results pages `/lieux/?ou=<commune>` (communes drawn by population; some with filters, some page 2) — 200;
- place pages — 200; map clusters `/api/v1/clusters/?bbox=…&zoom=…`, France-wide and around a commune — 200;
- API pulls: the places updated since a date, following each answer's `next` cursor, and API searches — 200;
- partner writes with a structure's token: POST of a new place — 201, PATCH of a published place — 202;
- "Signaler une erreur": the form (200), then its POST — 302 back to the place.

What is left in the database is removed at the end (the places, changes, reports and token the run made), so
that the other benchmarks measure the same data.
"""

import http.client
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import redis

from demo import api_benchmark

REDIS_URL = "redis://127.0.0.1:6379/7"
THREADS = 128
WARM_UP_SECONDS = 20
RSS_EVERY_SECONDS = 5
# Weights of each kind of visit, out of 100.
MIX = {"search": 30, "place": 25, "clusters": 15, "api": 26, "write": 2, "report": 2}
EXPECTED = {
    "search": 200,
    "place": 200,
    "clusters": 200,
    "api pull": 200,
    "api search": 200,
    "write POST": 201,
    "write PATCH": 202,
    "report form": 200,
    "report POST": 302,
}
FRANCE = "41.3,-5.2,51.1,9.6"
MARKER = "[bench soak]"
GUNICORN_LINE = re.compile(r"^\[\d{4}-\d\d-\d\d ")

# Settings of the served processes on top of bench api's (production, anonymous API rate lifted). The load
# generator is one address: the token's rate and the error reports' hourly limit are raised the same way, through
# the environment, not around the code that applies them.
SOAK_ENV = {
    "API_THROTTLE_TOKEN": "100000000/second",
    "ERROR_REPORTS_PER_HOUR": "100000000",
    "LOG_FORMAT": "json",
    "LOG_REQUESTS": "1",
}

# Run in a child against the target database: what the visits need, and a token of a structure with places.
_SETUP_CODE = """
import json, random
from django.contrib.auth import get_user_model
from accounts.models import Membership
from accounts.services import create_token
from places.models import Commune, Place, Structure
from django.db.models import Count, Q

rng = random.Random(7)
communes = list(Commune.objects.current().exclude(latitude=None).exclude(population=None).order_by("code"))
chosen = rng.choices(communes, weights=[c.population for c in communes], k=300)
places = list(Place.objects.published().canonical().order_by("?").only("pk", "name")[:2000])
structure = (
    Structure.objects.annotate(n=Count("places", filter=Q(places__status="published", places__duplicate_of=None)))
    .filter(n__gte=10).order_by("-n", "pk").first()
)
user, _ = get_user_model().objects.get_or_create(username="bench-soak")
Membership.objects.get_or_create(user=user, structure=structure)
_token, key = create_token(structure=structure, user=user, name="bench soak")
own = list(structure.places.filter(status="published", duplicate_of=None).values_list("pk", flat=True)[:50])
print("SETUP=" + json.dumps({
    "communes": [[c.name, c.latitude, c.longitude] for c in chosen],
    "places": [[place.pk, place.get_absolute_url()] for place in places],
    "own_places": own,
    "structure": structure.pk,
    "key": key,
}))
"""

_CLEANUP_CODE = """
from django.contrib.auth import get_user_model
from accounts.models import ApiToken
from places.models import ErrorReport, Place, PlaceChange
user = get_user_model().objects.filter(username="bench-soak").first()
if user:
    changes = PlaceChange.objects.filter(submitted_by=user).delete()[0]
    places = Place.objects.filter(origin_id__startswith="soak-", status="submitted").delete()[0]
    tokens = ApiToken.objects.filter(created_by=user).delete()[0]
    reports = ErrorReport.objects.filter(message__startswith="MARKER").delete()[0]
    print(f"removed: {changes} changes, {places} rows of submitted places, {tokens} tokens, {reports} reports")
"""


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (connection error, timeout)
    seconds: float
    lag: float  # how late the request left, against its due time
    measured: bool
    problem: str = ""
    due: float = 0.0  # when it was due, time.perf_counter()


@dataclass
class Results:
    samples: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample):
        with self.lock:
            self.samples.append(sample)


class Visitor:
    """One thread's visits: its own random draws and its own cursor chain through the API."""

    def __init__(self, setup: dict, seed: int, port: int):
        self.setup = setup
        self.rng = random.Random(seed)
        self.port = port
        self.next_pull = None
        self.kinds = list(MIX)
        self.weights = [MIX[kind] for kind in self.kinds]
        self.made = 0

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def visit(self, record) -> None:
        """One visit: one request, or two for an error report (the form, then its POST)."""
        kind = self.rng.choices(self.kinds, self.weights)[0]
        getattr(self, f"_{kind}")(record)

    def _timed(self, record, kind, method, path, body=None, headers=None):
        start = time.perf_counter()
        try:
            status, response_headers, content = self.request(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            record(kind, 0, time.perf_counter() - start, f"{method} {path}: {error!r}")
            return None
        problem = "" if status == EXPECTED[kind] else f"{method} {path}: {status} {content[:200]!r}"
        record(kind, status, time.perf_counter() - start, problem)
        return status, response_headers, content

    def _commune(self):
        return self.rng.choice(self.setup["communes"])

    def _search(self, record):
        name, _lat, _lon = self._commune()
        query = {"ou": name}
        draw = self.rng.random()
        if draw < 0.25:
            query |= {"services": "demarches-administratives", "frais": "gratuit"}
        elif draw < 0.40:
            query["page"] = "2"
        self._timed(record, "search", "GET", "/lieux/?" + urllib.parse.urlencode(query))

    def _place(self, record):
        self._timed(record, "place", "GET", self.rng.choice(self.setup["places"])[1])

    def _clusters(self, record):
        if self.rng.random() < 0.3:
            bbox, zoom = FRANCE, 6
        else:
            _name, lat, lon = self._commune()
            bbox, zoom = f"{lat - 0.15:.4f},{lon - 0.2:.4f},{lat + 0.15:.4f},{lon + 0.2:.4f}", 12
        self._timed(record, "clusters", "GET", f"/api/v1/clusters/?bbox={bbox}&zoom={zoom}")

    def _api(self, record):
        if self.rng.random() < 0.3:
            _name, lat, lon = self._commune()
            path = f"/api/v1/places/?near={lat:.4f},{lon:.4f}&radius=20&q=numerique&page_size=20"
            self._timed(record, "api search", "GET", path)
            return
        path = self.next_pull or "/api/v1/places/?updated_since=2020-01-01T00:00:00Z&page_size=50"
        answer = self._timed(record, "api pull", "GET", path)
        self.next_pull = None
        if answer and answer[0] == 200:
            next_url = json.loads(answer[2]).get("next")
            # A partner pulls a few pages then stops until later: chains of 1 to 5 pages.
            if next_url and self.rng.random() < 0.8:
                parts = urllib.parse.urlsplit(next_url)
                self.next_pull = f"{parts.path}?{parts.query}"

    def _write(self, record):
        headers = {"Authorization": f"Bearer {self.setup['key']}", "Content-Type": "application/json"}
        if self.rng.random() < 0.3:
            self.made += 1
            place = {
                "id": f"soak-{os.getpid()}-{self.rng.getrandbits(48):x}",
                "nom": "Médiathèque du centre (bench soak)",
                "adresse": "2 place de la Mairie",
                "code_postal": "03100",
                "commune": "Montluçon",
                "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
                "services": ["Aide aux démarches administratives"],
            }
            self._timed(record, "write POST", "POST", "/api/v1/places/", json.dumps(place).encode(), headers)
        else:
            pk = self.rng.choice(self.setup["own_places"])
            hours = self.rng.choice(["Mo-Fr 09:00-12:00", "Mo-Sa 09:00-18:00", "Tu-Th 14:00-17:00"])
            body = json.dumps({"horaires": hours}).encode()
            self._timed(record, "write PATCH", "PATCH", f"/api/v1/places/{pk}/", body, headers)

    def _report(self, record):
        pk = self.rng.choice(self.setup["places"])[0]
        url = f"/lieux/{pk}/signaler/"
        answer = self._timed(record, "report form", "GET", url)
        if not answer or answer[0] != 200:
            return
        cookie = next(
            (
                value.split(";", 1)[0]
                for name, value in answer[1]
                if name.lower() == "set-cookie" and "csrf" in value
            ),
            "",
        )
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer[2])
        form = {
            "kind": "horaires",
            "message": f"{MARKER} fermé le lundi",
            "csrfmiddlewaretoken": token[1].decode(),
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        self._timed(record, "report POST", "POST", url, urllib.parse.urlencode(form).encode(), headers)


def load(setup: dict, port: int, rate: float, seconds: float, results: Results, measured: bool) -> float:
    """Open loop: visit n is due at start + n / rate; THREADS threads take the next due visit each. Returns
    the seconds the load lasted."""
    due = itertools.count()
    start = time.perf_counter() + 0.2
    end = start + seconds

    def worker(index: int):
        visitor = Visitor(setup, seed=index * 7919 + int(measured), port=port)
        while True:
            at = start + next(due) / rate
            if at >= end:
                return
            wait = at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            lag = max(0.0, time.perf_counter() - at)

            def record(kind, status, elapsed, problem, lag=lag, at=at):
                results.add(Sample(kind, status, elapsed, lag, measured, problem, at))

            visitor.visit(record)

    threads = [threading.Thread(target=worker, args=(index,), daemon=True) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the processes whose parent is the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name (field 2) may hold spaces: the parent id is the second field after its ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (fields 14 and 15 of /proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemoryWatch(threading.Thread):
    """Samples the workers' RSS every few seconds: first and last values, the peak, and any worker replaced."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master = master
        self.first = {pid: rss_mb(pid) for pid in worker_pids(master)}
        self.last = dict(self.first)
        self.peak = dict(self.first)
        self.seen = set(self.first)
        self.cpu_first = {pid: cpu_seconds(pid) for pid in self.first}
        self.cpu_last = dict(self.cpu_first)
        self.history = []  # (time.perf_counter(), the workers' RSS added up)
        self.stop = threading.Event()

    def sample(self):
        for pid in worker_pids(self.master):
            value = rss_mb(pid)
            if value is None:
                continue
            self.seen.add(pid)
            self.last[pid] = value
            self.peak[pid] = max(self.peak.get(pid) or 0, value)
            self.cpu_last[pid] = cpu_seconds(pid)
        self.history.append((time.perf_counter(), sum(self.last.values())))

    def run(self):
        while not self.stop.wait(RSS_EVERY_SECONDS):
            self.sample()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _check_logs(log_path: str, requests: int) -> tuple[int, list[str]]:
    """Every line the workers wrote must be a JSON object; one request line per request at least."""
    problems, request_lines = [], 0
    with open(log_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            if not line.startswith("{"):
                # gunicorn's own lines are its text format ("[2026-12-01 17:30:00 +0000] [12] [CRITICAL] …");
                # anything else (a traceback printed raw) is a line a log collector could not read.
                if not GUNICORN_LINE.match(line):
                    problems.append(f"log line {number} is not JSON: {line[:200]}")
                elif "[CRITICAL]" in line or "[ERROR]" in line:
                    problems.append(f"gunicorn: {line[:200]}")
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                problems.append(f"log line {number} is not JSON: {line[:200]}")
                continue
            if entry.get("logger") == "inclusion.requests":
                request_lines += 1
            elif entry.get("level") in {"ERROR", "CRITICAL"}:
                problems.append(f"logged error: {line[:300]}")
    if request_lines < requests:
        problems.append(f"{request_lines} request lines logged for {requests} requests")
    return request_lines, problems


def run(
    database_url: str, redis_url: str, minutes: float, rate: float, log=print
) -> tuple[list[str], list[str]]:
    """The figures (lines of Markdown) and the problems (empty when every answer was the expected one)."""
    api_benchmark.prepare(database_url, log)
    output = api_benchmark._manage(database_url, "shell", "-v0", "-c", _SETUP_CODE)
    setup = json.loads(next(line for line in output.splitlines() if line.startswith("SETUP="))[6:])
    log(f"structure {setup['structure']}: {len(setup['own_places'])} published places to PATCH")
    redis.Redis.from_url(redis_url).flushdb()
    results = Results()
    lines, problems, watch = [], [], None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-soak-") as folder:
            static_root = str(Path(folder) / "static")
            subprocess.run(
                [sys.executable, str(api_benchmark.MANAGE), "collectstatic", "--noinput", "-v0"],
                env=api_benchmark._child_env(
                    database_url, STATIC_ROOT=static_root, **api_benchmark.PRODUCTION_ENV
                ),
                check=True,
            )
            server = api_benchmark.Server(database_url, True, None, static_root)
            server.env.update(REDIS_URL=redis_url, **SOAK_ENV)
            with server:
                master = server.process.pid
                boot = MemoryWatch(master)
                log(
                    f"gunicorn up, workers {sorted(boot.first)}; warm-up {WARM_UP_SECONDS} s at {rate:g} req/s"
                )
                load(setup, api_benchmark.PORT, rate, WARM_UP_SECONDS, results, measured=False)
                watch = MemoryWatch(master)
                watch.start()
                load_start = os.getloadavg()[0]
                log(f"measuring {minutes:g} min at {rate:g} req/s (load average {load_start:.2f})")
                seconds = load(setup, api_benchmark.PORT, rate, minutes * 60, results, measured=True)
                watch.stop.set()
                watch.sample()
                load_end = os.getloadavg()[0]
                log_lines, log_problems = _check_logs(server.log.name, len(results.samples))
                lines += _table(results, seconds, rate, boot, watch, (load_start, load_end), log_lines)
                lines.append(f"\nevery request: {_save_samples(results.samples)}")
                problems += log_problems
    finally:
        try:
            log(
                api_benchmark._manage(
                    database_url, "shell", "-v0", "-c", _CLEANUP_CODE.replace("MARKER", MARKER)
                )
            )
        except RuntimeError as error:  # the figures are printed all the same; the leftovers are a problem
            problems.append(f"cleaning up failed: {str(error)[-500:]}")
    bad = [sample for sample in results.samples if sample.problem]
    if bad:
        problems.insert(0, f"{len(bad)} answers were not the expected status, for instance:")
        problems[1:1] = [f"  {sample.kind}: {sample.problem}" for sample in bad[:10]]
    if watch and watch.seen != set(watch.first):
        problems.append(f"gunicorn replaced workers during the run: {sorted(watch.seen - set(watch.first))}")
    return lines, problems


def _save_samples(samples: list[Sample]) -> str:
    """Every request as a CSV line (seconds from the first, kind, status, ms, lag ms), to look into a tail."""
    path = Path(tempfile.gettempdir()) / "bench-soak-requests.csv"
    start = min(sample.due for sample in samples)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("due_s,kind,status,ms,lag_ms,measured\n")
        for sample in sorted(samples, key=lambda sample: sample.due):
            handle.write(
                f"{sample.due - start:.3f},{sample.kind},{sample.status},{sample.seconds * 1000:.1f},"
                f"{sample.lag * 1000:.1f},{int(sample.measured)}\n"
            )
    return str(path)


def _table(results, seconds, rate, boot, watch, loads, log_lines) -> list[str]:
    measured = [sample for sample in results.samples if sample.measured]
    by_kind = defaultdict(list)
    for sample in measured:
        by_kind[sample.kind].append(sample)
    errors = sum(1 for sample in results.samples if sample.problem)
    lags = [sample.lag for sample in measured]
    lines = [
        f"target {rate:g} req/s for {seconds / 60:.1f} min: {len(measured):,} requests, "
        f"{len(measured) / seconds:.1f} req/s answered; errors (any unexpected status, warm-up included): "
        f"{errors}; load average {loads[0]:.2f} at start, {loads[1]:.2f} at end",
        f"load generator: requests left p99 {percentile(lags, 0.99) * 1000:.0f} ms / max "
        f"{max(lags) * 1000:.0f} ms after their due time ({THREADS} threads)",
        f"request log lines (JSON): {log_lines:,}",
        "",
        "| kind | expected | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in EXPECTED:
        samples = by_kind.get(kind, [])
        if not samples:
            continue
        times = [sample.seconds * 1000 for sample in samples]
        lines.append(
            f"| {kind} | {EXPECTED[kind]} | {len(samples):,} | {sum(1 for s in samples if s.problem)} | "
            f"{statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} | "
            f"{max(times):.0f} |"
        )
    times = [sample.seconds * 1000 for sample in measured]
    lines.append(
        f"| **all** | | {len(measured):,} | {sum(1 for s in measured if s.problem)} | "
        f"{statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} | "
        f"{max(times):.0f} |"
    )
    lines += [
        "",
        "| gunicorn worker | RSS after start (MB) | after warm-up | at end | peak | CPU during the measure (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pid in sorted(watch.first):
        lines.append(
            f"| {pid} | {boot.first.get(pid) or 0:.0f} | {watch.first[pid] or 0:.0f} | "
            f"{watch.last.get(pid) or 0:.0f} | {watch.peak.get(pid) or 0:.0f} | "
            f"{watch.cpu_last[pid] - watch.cpu_first[pid]:.0f} |"
        )
    cpu = sum(watch.cpu_last[pid] - watch.cpu_first[pid] for pid in watch.first)
    lines.append(f"\nworkers' CPU per request: {cpu / len(measured) * 1000:.1f} ms of a core")
    return lines + ["", *_drift(measured, watch)]


def _drift(measured: list[Sample], watch: MemoryWatch) -> list[str]:
    """Minute by minute: what a soak is for is seeing latency or memory move while the load does not."""
    start = min(sample.due for sample in measured)
    minutes = defaultdict(list)
    for sample in measured:
        minutes[int((sample.due - start) // 60)].append(sample)
    lines = [
        "| minute | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) | workers' RSS at its end (MB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for minute in sorted(minutes):
        samples = minutes[minute]
        times = [sample.seconds * 1000 for sample in samples]
        end = start + (minute + 1) * 60
        rss = [total for at, total in watch.history if at <= end]
        lines.append(
            f"| {minute + 1} | {len(samples):,} | {sum(1 for s in samples if s.problem)} | "
            f"{statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} | "
            f"{rss[-1] if rss else 0:.0f} |"
        )
    return lines
