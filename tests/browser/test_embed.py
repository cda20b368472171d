"""The embeddable directory, as a town hall's site shows it: a page on another origin of loopback (a tiny web
server on 127.0.0.1, while the live server is on localhost: another origin and another site) frames
/integrer/lieux/; Chromium shows it, and refuses to show any other page of ours framed the same way.

The browser conftest aborts every request that is not to the live server: the tests below allow the other
origin explicitly, with a route of their own (Playwright runs the last route registered first)."""

import http.server
import re
import threading
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from places.models import Commune
from places.vocabularies import Service, Vocabulary
from tests.browser.test_accessibility import describe
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

# tests/browser/conftest.py expects the violation this page exists to cause (EXPECTED_CSP_VIOLATIONS).
REFUSED_PAGE = "/cadre-refuse.html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def other_origin(tmp_path, live_server):
    """A static web server on 127.0.0.1 serving the files the test writes in `directory`."""
    assert urlsplit(live_server.url).hostname != "127.0.0.1"  # else the two would share a site

    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=str(tmp_path), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", directory=tmp_path)
    server.shutdown()
    server.server_close()


def host_page(other_origin, name: str, src: str) -> str:
    """Write a town hall's page that frames `src` (as the snippet of /integrer/ does); its URL."""
    (other_origin.directory / name.lstrip("/")).write_text(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>Mairie de Montluçon</title></head>"
        "<body><h1>Mairie de Montluçon : se faire aider</h1>"
        f'<iframe src="{src}" title="Lieux d\'aide au numérique" width="100%" height="700"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    return other_origin.url + name


def names(titles) -> list[str]:
    """The places' names in the frame's cards, without what screen readers hear after them ("(nouvel onglet)")."""
    return [text.replace("(nouvel onglet)", "").strip() for text in titles.all_inner_texts()]


def open_from_other_origin(new_page, other_origin, **options):
    page = new_page(**options)
    page.context.route(re.compile(rf"^{re.escape(other_origin.url)}/"), lambda route: route.continue_())
    return page


@pytest.fixture
def clermont_place():
    """A place in the Puy-de-Dôme, offering the same service: never in an Allier embed."""
    return PlaceFactory(
        name="Espace numérique de Clermont",
        commune=Commune.objects.get(code="63113"),
        postcode="63000",
        latitude=45.7772,
        longitude=3.0870,
        tags={Vocabulary.SERVICES: [Service.DEMARCHES]},
    )


def test_a_site_on_another_origin_shows_the_places_of_its_territory_only(
    new_page, live_server, other_origin, demo, clermont_place, screenshot
):
    src = f"{live_server.url}/integrer/lieux/?departement=03&services={Service.DEMARCHES}"
    page = open_from_other_origin(new_page, other_origin)
    page.goto(host_page(other_origin, "/aide-numerique.html", src))

    frame = page.frame_locator("iframe")
    titles = frame.locator(".fr-card__title")
    expect(titles.first).to_be_visible()
    in_allier = {demo.mediatheque.name, demo.domerat.name, demo.commentry.name, demo.far_away.name}
    assert set(names(titles)) == in_allier
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Allier (03)")
    screenshot(page, "framed")

    # The visitor searches near Clermont-Ferrand, as wide as the frame allows: still the Allier only.
    frame.get_by_label("Votre commune ou code postal").fill("Clermont-Ferrand")
    frame.get_by_label("Distance").select_option("100")
    frame.get_by_role("button", name="Chercher").click()
    expect(frame.get_by_role("status")).to_contain_text("à moins de 100 km de Clermont-Ferrand")
    assert clermont_place.name not in names(titles)
    assert set(names(titles)) <= in_allier

    # Nearer home: the nearest first, and the frame is still framed (the host page did not move).
    frame.get_by_label("Votre commune ou code postal").fill("Montluçon")
    frame.get_by_label("Distance").select_option("10")
    frame.get_by_role("button", name="Chercher").click()
    expect(frame.get_by_role("status")).to_contain_text("2 lieux à moins de 10 km de Montluçon")
    assert names(titles) == [demo.mediatheque.name, demo.domerat.name]
    assert page.url.startswith(other_origin.url)
    screenshot(page, "searched")

    # A place opens in a new tab, on the directory itself.
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name=re.compile(demo.mediatheque.name)).click()
    place_page = opened.value
    place_page.wait_for_load_state()
    assert place_page.url == live_server.url + demo.mediatheque.get_absolute_url()

    # Shown, searched, paged through: the embed set no cookie (the place page, top-level, is the site's own).
    cookies = page.context.cookies(live_server.url + "/integrer/lieux/")
    assert [cookie["name"] for cookie in cookies] == []


def test_any_other_page_of_the_site_framed_the_same_way_is_refused(new_page, live_server, other_origin, demo):
    page = open_from_other_origin(new_page, other_origin)
    refusals = []
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "frame-ancestors" in message.text else None,
    )

    for path in ("/lieux/?departement=03", "/integrer/?departement=03"):
        refusals.clear()
        page.goto(host_page(other_origin, REFUSED_PAGE, live_server.url + path))
        page.wait_for_load_state("load")
        for _ in range(30):  # the refusal is logged as the frame's navigation is cut, maybe after "load"
            if refusals:
                break
            page.wait_for_timeout(100)

        assert any("frame-ancestors 'none'" in text for text in refusals), refusals
        framed = page.frames[1]
        assert not framed.url.startswith(live_server.url)  # Chromium's error page, not ours
        assert page.frame_locator("iframe").locator(".fr-card__title").count() == 0


def test_the_configuration_page_and_the_embed_have_no_axe_violation(page, demo, screenshot):
    axe = Axe()
    found = {}
    for label, url in {
        "configure-empty": "/integrer/",
        "configure-chosen": f"/integrer/?departement=03&services={Service.DEMARCHES}&publics=seniors",
        "configure-homonyms": "/integrer/?ville=Saint-Pierre",
        "embed": f"/integrer/lieux/?departement=03&services={Service.DEMARCHES}",
        "embed-searched": "/integrer/lieux/?departement=03&ou=montlucon&rayon=10",
        "embed-wrong": "/integrer/lieux/?departement=99",
    }.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        screenshot(page, label)
        if violations := axe.run(page).response["violations"]:
            found[label] = describe(violations)
    assert not found, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in found.items())


def test_without_javascript_the_configuration_gives_the_code_to_copy_by_hand(new_page, live_server, demo):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_role("link", name="Intégrer l'annuaire à votre site").click()

    page.locator("#embed-ville").fill("montlucon")
    page.locator("summary", has_text="Ce que le lieu propose").click()
    # DSFR draws its own box over the real checkbox: people click the label.
    page.locator("label", has_text="Aide aux démarches administratives").click()
    page.get_by_role("button", name="Voir l'aperçu et le code").click()

    snippet = page.get_by_label("Code à coller dans votre page (HTML)")
    expect(snippet).to_have_value(
        f'<iframe src="{live_server.url}/integrer/lieux/?commune=03185&amp;services={Service.DEMARCHES}" '
        'title="Lieux d\'aide au numérique : Montluçon (03)" width="100%" height="700" loading="lazy" '
        'style="border: 0;"></iframe>'
    )
    expect(page.get_by_role("button", name="Copier le code")).to_be_hidden()
    preview = page.frame_locator("iframe.embed-preview")
    expect(preview.locator(".fr-card__title").first).to_be_visible()
    assert set(names(preview.locator(".fr-card__title"))) == {demo.mediatheque.name}


def test_the_copy_button_copies_the_code(new_page, live_server, demo):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"/integrer/?departement=03&services={Service.DEMARCHES}")

    page.get_by_role("button", name="Copier le code").click()

    expect(page.get_by_role("status").filter(has_text="copié")).to_have_text("Code copié.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("Code à coller dans votre page (HTML)").input_value()
    assert copied.startswith(f'<iframe src="{live_server.url}/integrer/lieux/?departement=03&amp;services=')
