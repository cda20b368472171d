"""Browser tests: Debian's headless Chromium (never a downloaded one) driven by Playwright, against live_server.

The live server reads what a test writes, so these tests run without a wrapping transaction (live_server brings
transactional_db; tests/conftest.py puts the gazetteer back after each). Every request to another host is
aborted: no map tile, no font or script from elsewhere, no test that depends on the network. Every page runs
under the site's Content-Security-Policy, and a test fails when Chromium reports a violation of it in the console
(`_record_csp_violation`): a script or style the policy refuses is a feature broken for real visitors.

Playwright's sync API keeps an asyncio loop running in the test thread while the browser is up, and Django
refuses ORM calls from such a thread (SynchronousOnlyOperation). So DJANGO_ALLOW_ASYNC_UNSAFE is set only while
Chromium runs, and Chromium is shared by the browser tests that run one after the other (normally the whole
session) but stops when the next test is not one of them: other tests on the same xdist worker keep Django's
guard and a thread without a running loop.
"""

import os
import re
import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from places.models import Commune
from places.vocabularies import Itinerance, Service, Vocabulary
from tests.places.factories import PlaceFactory, StopFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM_KEY = pytest.StashKey["Chromium"]()
REPORT_KEY = pytest.StashKey[dict]()
CSP_KEY = pytest.StashKey[list]()
# How Chromium logs a violation, enforced or report-only ("Refused to load…", "Executing inline script…").
CSP_VIOLATION = "violates the following Content Security Policy directive"
# Violations the policy is there for: Redoc's bundle shows its publisher's logo from cdn.redoc.ly; img-src stops it
# before any request, so that nothing leaves our server (places/api/views.py, RedocView). Another site's page that
# frames one of ours but the embed is refused by frame-ancestors (tests/browser/test_embed.py, REFUSED_PAGE).
# (page path, URL refused)
EXPECTED_CSP_VIOLATIONS = [
    ("/api/v1/redoc/", "https://cdn.redoc.ly/"),
    ("/cadre-refuse.html", "http://localhost:"),
]


def chromium_executable() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


class Chromium:
    """One headless Chromium, started on first use and stopped when the browser tests are done."""

    def __init__(self, executable: str):
        self.executable = executable
        self._playwright = None
        self._browser = None
        self._saved_async_unsafe = None

    def browser(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._saved_async_unsafe = os.environ.get(ASYNC_UNSAFE)
            os.environ[ASYNC_UNSAFE] = "true"
            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(
                    executable_path=self.executable, args=CHROMIUM_ARGS, headless=True
                )
            except Exception:
                self.stop()
                raise
        return self._browser

    def stop(self):
        if self._playwright is None:
            return
        try:
            if self._browser is not None:
                self._browser.close()
            self._playwright.stop()
        finally:
            self._playwright = self._browser = None
            if self._saved_async_unsafe is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self._saved_async_unsafe


@pytest.fixture(scope="session")
def chromium(pytestconfig, django_db_setup):
    # After the test database: tests/conftest.py reloads the gazetteer after each of these tests, skipped or not.
    executable = chromium_executable()
    if executable is None:
        pytest.skip("chromium is not installed: apt-get install chromium")
    chromium = Chromium(executable)
    pytestconfig.stash[CHROMIUM_KEY] = chromium
    yield chromium
    chromium.stop()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # trylast: after the fixtures' teardown (the contexts are closed, the database flushed).
    chromium = item.config.stash.get(CHROMIUM_KEY, None)
    if chromium is not None and (nextitem is None or "chromium" not in getattr(nextitem, "fixturenames", ())):
        chromium.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    # After the test's body, so that a violation fails the test itself (and earns its screenshots); a test that
    # failed on its own shows the violations too.
    violations = item.stash.setdefault(CSP_KEY, [])
    try:
        result = yield
    except BaseException:
        if violations:
            print("Content-Security-Policy violations:", *violations, sep="\n")
        raise
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report, for a screenshot of the page when a test fails.
    report = yield
    item.stash.setdefault(REPORT_KEY, {})[report.when] = report
    return report


@pytest.fixture
def browser(chromium):
    return chromium.browser()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a page in a fresh context: French, in Paris, and cut off from everything but the live server.

    new_page(java_script_enabled=False), new_page(viewport={"width": 320, "height": 640})…
    """
    contexts = []
    blocked = []
    csp_violations = request.node.stash.setdefault(CSP_KEY, [])
    for old in SCREENSHOTS.glob(f"{_file_name(request.node.name)}--*.png"):
        old.unlink()  # a passing run leaves no screenshot of an earlier failure

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    def make(**options):
        options = {"locale": "fr-FR", "timezone_id": "Europe/Paris", "base_url": live_server.url, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        # Only requests elsewhere reach Python: the site's own requests are not slowed down.
        context.route(re.compile(rf"^(?!{re.escape(live_server.url)}/)"), block)
        # On the context: pages it opens itself (target="_blank") are checked too.
        context.on("console", lambda message: _record_csp_violation(message, csp_violations))
        contexts.append(context)
        return context.new_page()

    yield make

    failed = any(report.failed for report in request.node.stash.get(REPORT_KEY, {}).values())
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages if failed else [], start=1):
        try:
            _save_screenshot(page, f"{_file_name(request.node.name)}--FAILED-{number}")
        except Exception as error:  # a crashed page: the test's own error says more
            print(f"No screenshot of page {number}: {error}")
    for context in contexts:
        context.close()
    if failed and blocked:
        hosts = Counter(urlsplit(url).netloc for url in blocked)
        print("Requests aborted (not to the live server):", dict(hosts))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "results"): test-artifacts/screenshots/<test name>--results.png (kept by CI)."""

    def take(page, label: str = "") -> Path:
        name = _file_name(request.node.name) + (f"--{label}" if label else "")
        return _save_screenshot(page, name)

    return take


def _record_csp_violation(message, violations: list[str]):
    text = message.text
    if CSP_VIOLATION not in text:
        return
    page_url = message.page.url if message.page else "?"
    path = urlsplit(page_url).path
    if any(path == expected_path and f"'{url}" in text for expected_path, url in EXPECTED_CSP_VIOLATIONS):
        return
    violations.append(f"{page_url}: {text}")


def _file_name(test_name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", test_name).strip("-")


def _save_screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def demo(transactional_db):
    """A handful of published places around Montluçon, at known distances from its centre, and one bus.

    Created farthest first and named so that neither creation order nor name order is the distance order.
    """
    domerat = Commune.objects.get(code="03101")
    desertines = Commune.objects.get(code="03098")
    commentry = Commune.objects.get(code="03082")
    moulins = Commune.objects.get(code="03190")
    far_away = PlaceFactory(
        name="Point numérique de Moulins",  # about 60 km away: outside the default 20 km
        postcode="03000",
        commune=moulins,
        latitude=46.5660,
        longitude=3.3330,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES]},
    )
    commentry_place = PlaceFactory(
        name="Espace numérique de Commentry",  # about 13 km
        address="1 place du 14 Juillet",
        postcode="03600",
        commune=commentry,
        latitude=46.2734,
        longitude=2.7509,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES, Service.ACCES_INTERNET]},
    )
    domerat_place = PlaceFactory(
        name="France services de Domérat",  # about 5 km
        address="2 rue de la Mairie",
        postcode="03410",
        commune=domerat,
        latitude=46.3706,
        longitude=2.5462,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES]},
    )
    bus = PlaceFactory(
        name="Bus numérique du Pays de Montluçon",  # its nearest stop is about 3 km away
        address="Dépôt des bus, avenue de l'Europe",
        latitude=46.3100,
        longitude=2.5700,
        opening_hours="",
        tags={Vocabulary.SERVICES: [Service.OUTILS_QUOTIDIEN], Vocabulary.ITINERANCE: [Itinerance.ITINERANT]},
    )
    StopFactory(
        place=bus,
        position=1,
        name="Marché de Domérat",
        address="Place de l'Église",
        postcode="03410",
        commune_name="Domérat",
        commune=domerat,
        latitude=46.3706,
        longitude=2.5462,
        opening_hours="Tu 09:00-12:00",
    )
    StopFactory(
        place=bus,
        position=2,
        name="Quartier de Fontbouillant",
        address="Rue Paul-Constans",
        postcode="03100",
        commune_name="Montluçon",
        commune=Commune.objects.get(code="03185"),
        latitude=46.3200,
        longitude=2.5900,
        opening_hours="Th 14:00-17:00",
    )
    desertines_place = PlaceFactory(
        name="Centre social de Désertines",  # about 2 km
        address="5 avenue Marx-Dormoy",
        postcode="03630",
        commune=desertines,
        latitude=46.3571,
        longitude=2.6253,
        tags={Vocabulary.SERVICES: [Service.OUTILS_QUOTIDIEN]},
    )
    mediatheque = PlaceFactory(
        name="Médiathèque Boris-Vian",  # in the centre of Montluçon: the nearest
        phone="+33470051234",
        latitude=46.3430,
        longitude=2.6085,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES, Service.ACCES_INTERNET]},
    )
    return SimpleNamespace(
        mediatheque=mediatheque,
        desertines=desertines_place,
        bus=bus,
        domerat=domerat_place,
        commentry=commentry_place,
        far_away=far_away,
        # The places within 20 km of Montluçon's centre, nearest first.
        by_distance=[mediatheque, desertines_place, bus, domerat_place, commentry_place],
    )
