"""`manage.py bench weights`: what a browser downloads for each page type, and the results list on a slow link.

It prints figures and asserts nothing about time or size (they go to docs/performance.md); it fails loudly when a
page it loads does not answer 200, and after printing its table when a file of the site that a page asked for
did not answer 200/304 (a broken image is a page that lost its look). Pages are loaded in Debian's
headless Chromium (the browser suite's), each in a fresh context (an empty cache: a first visit), from a running
server (`--url`) or from gunicorn started here with production settings (DEBUG off, static files collected and
compressed by whitenoise, as deployed). Bytes are what went over the wire: Chromium's `encodedDataLength` of each
response (headers included, bodies as the server compressed them), summed per page once the network is idle —
so files a page loads after its `load` event (the map's Leaflet, the clusters) count too. Requests to another
origin (the map tiles) are aborted and counted apart: tiles are not part of the page's weight.

Then the results page is loaded again under network emulation (Chrome DevTools Protocol,
Network.emulateNetworkConditions) and the time from the request to the first result card painted is read from
the Element Timing API (`elementtiming="result"` on each card's title, includes/place_card.html):

- "3G slow" (WebPageTest's `3GSlow` connection: 400 kbit/s down and up, 400 ms round trip), the profile the goal
  (≤ 4 s) is stated for;
- Chrome DevTools' "Slow 3G" preset (the same 400 kbit/s, 2,000 ms of latency a request: DevTools multiplies
  the 400 ms round trip by 5 because it delays each request once instead of each round trip), for reference.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from demo import api_benchmark

# The results page measured since issue 4 (docs/performance.md), and the territory of issue 14's goal.
RESULTS_PATH = "/lieux/?ou=Montlu%C3%A7on&services=demarches-administratives&frais=gratuit"
TERRITORY_PATH = "/territoires/departement/16/"
BUDGET_KB = 150
READABLE_GOAL_S = 4

# (name, bytes a second down, up, latency in ms) — see the module's docstring for where they come from.
PROFILES = [
    ("3G slow (WebPageTest 3GSlow: 400 kbit/s, 400 ms RTT)", 50_000, 50_000, 400),
    ("Chrome DevTools 'Slow 3G' (400 kbit/s, 2,000 ms a request)", 50_000, 50_000, 2_000),
]
# As the browser suite starts it (tests/browser/conftest.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
KINDS = ("Document", "Stylesheet", "Script", "Font", "Image", "Fetch", "Other")
LEAFLET = re.compile(r"/leaflet[^/]*/|leaflet[.-]")
# The first painted result card (Element Timing), in milliseconds after the navigation started.
_READABLE_JS = """() => new Promise((resolve) => {
  const times = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === "result") times.push(entry.renderTime || entry.loadTime);
    }
  }).observe({ type: "element", buffered: true });
  setTimeout(() => resolve(times.length ? Math.min(...times) : null), 200);
})"""


class PageFailed(RuntimeError):
    """A page, or a file of the site it asked for, did not answer 200: its weight would be false."""


@dataclass
class Weight:
    name: str
    path: str
    bytes_by_kind: dict = field(default_factory=dict)
    files: int = 0
    leaflet_files: int = 0
    aborted: int = 0  # requests to other origins: the map tiles
    encodings: set = field(default_factory=set)
    readable_ms: float | None = None
    load_ms: float | None = None
    broken: list = field(default_factory=list)  # files of the site that did not answer 200/304

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.values())


def run(base_url: str | None, database_url: str | None, log) -> tuple[list[Weight], list[tuple[str, Weight]]]:
    """Measure a running server (base_url), or gunicorn started here on the benchmark's database."""
    if base_url:
        return measure(base_url.rstrip("/"), log)
    database_url = database_url or api_benchmark.SQLITE_URL
    api_benchmark.prepare(database_url, log)
    with tempfile.TemporaryDirectory(prefix="bench-weights-") as folder:
        static_root = str(Path(folder) / "static")
        log("collectstatic (production storage: hashed names, gzip)")
        subprocess.run(
            [sys.executable, str(api_benchmark.MANAGE), "collectstatic", "--noinput", "-v0"],
            env=api_benchmark._child_env(
                database_url, STATIC_ROOT=static_root, **api_benchmark.PRODUCTION_ENV
            ),
            check=True,
        )
        with api_benchmark.Server(database_url, redis=False, cache_seconds=None, static_root=static_root):
            return measure(f"http://127.0.0.1:{api_benchmark.PORT}", log)


def measure(base_url: str, log) -> tuple[list[Weight], list[tuple[str, Weight]]]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        raise RuntimeError("bench weights needs Debian's Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            pages = _page_paths(browser, base_url)
            weights = []
            for name, path in pages:
                log(f"loading {name}: {path}")
                weights.append(load(browser, base_url, name, path))
            slow = []
            for profile in PROFILES:
                log(f"loading results under {profile[0]}")
                slow.append(
                    (profile[0], load(browser, base_url, "results", RESULTS_PATH, throttle=profile[1:]))
                )
        finally:
            browser.close()
    return weights, slow


def _page_paths(browser, base_url: str) -> list[tuple[str, str]]:
    """The page types, the place and the programme found by following the site's own links."""
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    try:
        page = context.new_page()
        place = _first_link(page, RESULTS_PATH, ".place-results .fr-card__title a")
        programme = _first_link(page, "/programmes/", "main a[href^='/programmes/'][href$='/']")
    finally:
        context.close()
    return [
        ("home", "/"),
        ("results", RESULTS_PATH),
        ("place", place),
        ("territory", TERRITORY_PATH),
        ("programmes", "/programmes/"),
        ("programme", programme),
    ]


def _first_link(page, path: str, selector: str) -> str:
    response = page.goto(path)
    if response is None or response.status != 200:
        raise PageFailed(f"{path} answered {response and response.status}, not 200")
    hrefs = page.locator(selector).evaluate_all("links => links.map(link => link.getAttribute('href'))")
    links = [href for href in hrefs if href and href != "/programmes/"]
    if not links:
        raise PageFailed(f"{path} has no link {selector!r} to follow")
    return links[0]


def load(browser, base_url: str, name: str, path: str, throttle: tuple | None = None) -> Weight:
    """Load one page in a fresh context; the bytes of every response of our origin once the network is idle."""
    context = browser.new_context(base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris")
    weight = Weight(name, path)
    try:
        context.route(re.compile(rf"^(?!{re.escape(base_url)}/)"), lambda route: _abort(route, weight))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        responses: dict[str, dict] = {}

        def received(event):
            response = event["response"]
            responses[event["requestId"]] = {
                "url": response["url"],
                "status": response["status"],
                "kind": event.get("type", "Other"),
                "encoding": {k.lower(): v for k, v in response.get("headers", {}).items()}.get(
                    "content-encoding", "identity"
                ),
            }

        def finished(event):
            response = responses.get(event["requestId"])
            if response is None or not response["url"].startswith(base_url):
                return
            if response["status"] not in (200, 304):
                weight.broken.append(f"{response['status']} {response['url']}")
            kind = response["kind"] if response["kind"] in KINDS else "Other"
            kind = "Fetch" if kind == "XHR" else kind
            weight.bytes_by_kind[kind] = weight.bytes_by_kind.get(kind, 0) + event["encodedDataLength"]
            weight.files += 1
            weight.leaflet_files += bool(LEAFLET.search(urllib.parse.urlsplit(response["url"]).path))
            if kind in ("Document", "Stylesheet", "Script"):
                weight.encodings.add(response["encoding"])

        cdp.on("Network.responseReceived", received)
        cdp.on("Network.loadingFinished", finished)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            down, up, latency = throttle
            cdp.send(
                "Network.emulateNetworkConditions",
                {"offline": False, "latency": latency, "downloadThroughput": down, "uploadThroughput": up},
            )
        start = time.perf_counter()
        response = page.goto(path, wait_until="load", timeout=120_000)
        weight.load_ms = (time.perf_counter() - start) * 1000
        if response is None or response.status != 200:
            raise PageFailed(f"{name} ({path}) answered {response and response.status}, not 200")
        page.wait_for_load_state("networkidle", timeout=120_000)
        if name == "results":
            weight.readable_ms = page.evaluate(_READABLE_JS)
            if weight.readable_ms is None:
                raise PageFailed(f"{path}: no result card was painted")
    finally:
        context.close()
    return weight


def _abort(route, weight: Weight):
    weight.aborted += 1
    route.abort()


def table(weights: list[Weight], slow: list[tuple[str, Weight]]) -> list[str]:
    """The figures as docs/performance.md shows them."""
    lines = [
        f"| page | {' | '.join(KINDS)} | HTML + CSS + JS (KB) | total (KB) | files | Leaflet files | tiles (not counted) |",
        f"| --- | {' | '.join('---:' for _ in KINDS)} | ---: | ---: | ---: | ---: | ---: |",
    ]
    for weight in weights:
        kinds = " | ".join(f"{weight.bytes_by_kind.get(kind, 0) / 1000:.1f}" for kind in KINDS)
        code = sum(weight.bytes_by_kind.get(kind, 0) for kind in ("Document", "Stylesheet", "Script"))
        budget = f" {'✔' if code <= BUDGET_KB * 1000 else '✘'}" if weight.name == "results" else ""
        lines.append(
            f"| {weight.name} (`{weight.path}`) | {kinds} | **{code / 1000:.1f}**{budget} | {weight.total / 1000:.1f} | "
            f"{weight.files} | "
            f"{weight.leaflet_files} | {weight.aborted} |"
        )
    encodings = sorted(set().union(*(weight.encodings for weight in weights)))
    lines += [
        "",
        f"KB are 1,000 bytes as transferred (headers included); HTML, CSS and JS came as {', '.join(encodings)}. "
        f"Goal for the results page: HTML + CSS + JS ≤ {BUDGET_KB} KB (issue 14's measure, the map's Leaflet "
        "included); the total adds fonts, images, the map's clusters, the favicon and the manifest.",
        "",
        "| network | results page: first result card painted | `load` event | transferred (KB) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for profile, weight in slow:
        mark = "✔" if weight.readable_ms <= READABLE_GOAL_S * 1000 else "✘"
        lines.append(
            f"| {profile} | {weight.readable_ms / 1000:.2f} s {mark} | {weight.load_ms / 1000:.2f} s | "
            f"{weight.total / 1000:.1f} |"
        )
    lines.append(f"\nGoal: the first result card painted ≤ {READABLE_GOAL_S} s after the request on 3G slow.")
    return lines
