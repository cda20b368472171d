"""`/sante/`: what a load balancer asks before sending people to a process."""

from unittest import mock

from django.db import OperationalError

URL = "/sante/"


def test_it_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert {"database_ms", "cache_ms"} <= body.keys()


def test_it_is_never_cached_and_sets_no_cookie(client):
    response = client.get(URL)

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert not response.cookies


def test_it_answers_503_naming_the_database_when_the_database_is_down(client, caplog):
    broken = mock.Mock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("inclusion.health.connection", broken):
        response = client.get(URL)

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("error", "error", "ok")
    # The reason is for the operator's log, not for whoever asks.
    assert "connection refused" not in response.content.decode()
    assert "connection refused" in caplog.text


def test_it_answers_503_naming_the_cache_when_the_cache_is_down(client):
    broken = mock.Mock()
    broken.set.side_effect = ConnectionError("Error 111 connecting to 127.0.0.1:6379")
    with mock.patch("inclusion.health.cache", broken):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() | {"database_ms": 0, "cache_ms": 0} == {
        "status": "error",
        "database": "ok",
        "cache": "error",
        "database_ms": 0,
        "cache_ms": 0,
    }


def test_a_cache_that_loses_what_it_was_given_is_down(client):
    forgetful = mock.Mock()
    forgetful.get.return_value = None
    with mock.patch("inclusion.health.cache", forgetful):
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["cache"] == "error"


def test_it_is_not_rate_limited(client, settings):
    settings.API_THROTTLE_ANON = "1/minute"
    assert [client.get(URL).status_code for _ in range(5)] == [200] * 5


def test_probes_over_plain_http_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(URL).status_code == 200
    assert client.get("/").status_code == 301


def test_it_only_reads(client):
    assert client.post(URL).status_code == 405
