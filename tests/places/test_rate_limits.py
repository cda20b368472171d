"""One rate limiter for the site and the API (inclusion/ratelimit.py): counted per client address as the
trusted proxies give it, in the shared cache."""

import os
import threading
import uuid

import pytest
from django.test import RequestFactory
from django.urls import reverse

from inclusion.ratelimit import RateLimit
from places.models import ErrorReport
from tests.places.factories import PlaceFactory


def report(client, place, **headers):
    url = reverse("places:report-error", kwargs={"pk": place.pk})
    return client.post(url, {"kind": "autre", "message": "Fermé"}, **headers)


@pytest.fixture
def trusted_proxies(settings):
    def trust(count: int):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return trust


def test_behind_a_trusted_proxy_each_visitor_has_their_own_report_limit(client, settings, trusted_proxies):
    settings.ERROR_REPORTS_PER_HOUR = 2
    trusted_proxies(1)
    place = PlaceFactory()

    first = [report(client, place, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code for _ in range(3)]
    second = report(client, place, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code

    assert first == [302, 302, 429]
    assert second == 302
    assert ErrorReport.objects.count() == 3


def test_without_a_trusted_proxy_a_forged_forwarded_address_does_not_escape_the_limit(client, settings):
    settings.ERROR_REPORTS_PER_HOUR = 2
    place = PlaceFactory()

    statuses = [report(client, place, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]

    assert statuses == [302, 302, 429]


def test_a_refused_report_says_when_to_try_again(client, settings):
    settings.ERROR_REPORTS_PER_HOUR = 1
    place = PlaceFactory()
    report(client, place)

    response = report(client, place)

    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert "réessayez dans 60 minutes" in response.content.decode()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL), as in CI's second run")
def test_report_counts_are_shared_by_every_process_through_redis(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.ERROR_REPORTS_PER_HOUR = 2
    place = PlaceFactory()
    report(client, place)
    report(client, place)
    # Another worker: a thread has its own cache connection, as another process has its own.
    verdicts = []
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    worker = threading.Thread(
        target=lambda: verdicts.append(RateLimit("error-report", "2/hour").check(request).allowed)
    )
    worker.start()
    worker.join()

    assert verdicts == [False]
    assert report(client, place).status_code == 429


def test_whole_search_downloads_have_their_own_limit_on_the_site_and_the_api(client, settings):
    settings.DOWNLOAD_RATE = "2/hour"
    PlaceFactory()

    site = [client.get("/exports/lieux.csv").status_code for _ in range(2)]
    refused_page = client.get("/exports/lieux.geojson")
    refused_api = client.get("/api/v1/places/", {"format": "csv"})

    assert site == [200, 200]
    assert refused_page.status_code == 429 and int(refused_page["Retry-After"]) > 0
    assert "téléchargé beaucoup de fichiers" in refused_page.content.decode()
    assert refused_api.status_code == 429 and refused_api["Content-Type"] == "application/json"
    assert int(refused_api["Retry-After"]) > 0
    # A page of the API is not a download: still answered.
    assert client.get("/api/v1/places/").status_code == 200
