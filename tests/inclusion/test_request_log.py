"""One log line per request, as JSON in production (LOG_FORMAT=json)."""

import json
import logging

from django.conf import settings as django_settings
from pythonjsonlogger.json import JsonFormatter

from tests.inclusion.test_settings import _manage


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "inclusion.requests"]


def test_each_request_is_logged_with_method_path_status_duration_and_address(client, caplog):
    caplog.set_level(logging.INFO, logger="inclusion.requests")

    client.get("/lieux/?ou=Montlu%C3%A7on")

    (record,) = _request_records(caplog)
    assert (record.method, record.path, record.status, record.remote_addr) == (
        "GET",
        "/lieux/",
        200,
        "127.0.0.1",
    )
    assert record.duration_ms > 0
    # The query string stays out of the log: a search can carry someone's address.
    assert "Montlu" not in record.getMessage()


def test_the_address_is_the_one_the_api_throttles_behind_trusted_proxies(client, caplog, settings):
    caplog.set_level(logging.INFO, logger="inclusion.requests")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    client.get("/sante/missing/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")

    (record,) = _request_records(caplog)
    assert (record.status, record.remote_addr) == (404, "198.51.100.7")


def test_successful_health_probes_are_not_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="inclusion.requests")

    client.get("/sante/")

    assert _request_records(caplog) == []


def test_the_json_format_gives_one_object_with_the_request_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="inclusion.requests")
    client.get("/api/v1/")
    options = {
        key: value for key, value in django_settings.LOGGING["formatters"]["json"].items() if key != "()"
    }

    line = JsonFormatter(**options).format(_request_records(caplog)[0])

    assert "\n" not in line
    entry = json.loads(line)
    assert {
        "time",
        "level",
        "logger",
        "message",
        "method",
        "path",
        "status",
        "duration_ms",
        "remote_addr",
    } <= (entry.keys())
    assert (entry["level"], entry["logger"], entry["status"]) == ("INFO", "inclusion.requests", 200)


def test_log_format_json_makes_every_log_line_a_json_object():
    code = "import logging; logging.getLogger('places').warning('Fermé le %s', 'lundi')"
    result = _manage("shell", "-v0", "-c", code, DEBUG="1", LOG_FORMAT="json")

    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "places", "Fermé le lundi")
    assert entry["time"].endswith("+00:00")


def test_an_unknown_log_format_stops_the_start_up():
    result = _manage("check", DEBUG="1", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT='xml'" in result.stderr
