"""Every response says what a browser may load and run (Content-Security-Policy, docs/security.md)."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from inclusion.content_security import tiles_source
from tests.inclusion.test_settings import ROOT
from tests.places.factories import PlaceFactory

PAGES = [
    "/",
    "/lieux/?ou=Montlu%C3%A7on",
    "/programmes/",
    "/compte/connexion/",
    "/api/v1/",
    "/api/v1/places/",
    "/api/v1/docs/",
    "/api/v1/docs/?script=",  # Swagger UI's start, a script of its own
    "/api/v1/redoc/",
    "/admin/login/",
]


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def assert_strict(policy: dict[str, list[str]]):
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_policy_that_runs_no_inline_script(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_strict(directives(response["Content-Security-Policy"]))
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"  # kept for browsers without frame-ancestors


def test_a_place_page_and_the_admin_lists_have_the_policy(client, admin_client):
    place = PlaceFactory()

    for response in (client.get(place.get_absolute_url()), admin_client.get("/admin/places/place/")):
        assert response.status_code == 200
        assert_strict(directives(response["Content-Security-Policy"]))


def test_the_maps_may_load_tiles_from_the_configured_server_only(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])

    tiles_url = settings.LEAFLET_CONFIG["TILES"][0][1]
    assert policy["img-src"] == ["'self'", "data:", tiles_source(tiles_url)]
    assert tiles_url.startswith(policy["img-src"][2] + "/")


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org:8443/tiles/{z}/{x}/{y}.png", "https://*.tile.example.org:8443"),
        ("/tuiles/{z}/{x}/{y}.png", None),  # our own server: 'self'
    ],
)
def test_the_tiles_source_is_the_origin_of_the_tiles_url(url, source):
    assert tiles_source(url) == source


@pytest.mark.parametrize(
    "url", ["https://tiles-{s}.example.org/{z}/{x}/{y}.png", "ftp://tiles.example.org/{z}"]
)
def test_a_tiles_url_the_policy_cannot_allow_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured, match="MAP_TILES_URL"):
        tiles_source(url)


def test_redoc_styles_carry_a_fresh_nonce_and_its_scripts_are_files(client):
    first, second = client.get("/api/v1/redoc/"), client.get("/api/v1/redoc/")

    nonces = []
    for response in (first, second):
        policy = directives(response["Content-Security-Policy"])
        (nonce,) = [source for source in policy["style-src"] if source.startswith("'nonce-")]
        assert policy["script-src"] == ["'self'"]
        assert policy["worker-src"] == ["'self'", "blob:"]  # its search runs in a worker made from a blob
        page = response.content.decode()
        assert f'<style nonce="{nonce[7:-1]}">' in page
        # Every <script> has a src: nothing inline to run.
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_swagger_ui_starts_from_a_script_of_its_own(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    assert '<script src="/api/v1/docs/?script="></script>' in page


def test_the_report_only_switch_sends_the_same_policy_without_enforcing_it():
    # Settings are read once at start: ask a fresh process, with and without the switch, for a response that
    # needs no database (the process has none).
    code = (
        "import json; from django.test import Client; "
        "r = Client().get('/api/v1/', HTTP_HOST='localhost'); "
        "print(json.dumps({k: r.headers.get(k) for k in "
        "('Content-Security-Policy', 'Content-Security-Policy-Report-Only')}))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"TESTING", "CSP_REPORT_ONLY"}}

    def headers(**extra):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={**environ, "DEBUG": "1", **extra},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    enforced = headers()
    reported = headers(CSP_REPORT_ONLY="1", CSP_REPORT_URI="/csp-reports/")

    assert enforced["Content-Security-Policy-Report-Only"] is None
    assert reported["Content-Security-Policy"] is None
    policy = directives(enforced["Content-Security-Policy"])
    assert directives(reported["Content-Security-Policy-Report-Only"]) == {
        **policy,
        "report-uri": ["/csp-reports/"],
    }
    assert_strict(policy)
