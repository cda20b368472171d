import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from inclusion import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_booleans_read_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG") is expected


def test_a_misspelt_boolean_stops_the_start_up(monkeypatch):
    monkeypatch.setenv("DEBUG_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG_X"):
        env.env_bool("DEBUG_X")


def test_a_non_numeric_integer_stops_the_start_up(monkeypatch):
    monkeypatch.setenv("SOME_SECONDS", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_SECONDS"):
        env.env_int("SOME_SECONDS", 3)


def test_lists_drop_empty_items(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.fr, b.fr,,")
    assert env.env_list("HOSTS") == ["a.fr", "b.fr"]


def test_database_url_defaults_to_sqlite_and_reads_postgres(monkeypatch):
    monkeypatch.delenv("DB_URL", raising=False)
    assert env.env_database("DB_URL", "sqlite:////tmp/x.sqlite3")["ENGINE"] == "django.db.backends.sqlite3"
    monkeypatch.setenv("DB_URL", "postgres://someone@db.example:5433/annuaire")
    config = env.env_database("DB_URL", "sqlite:///x")
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.example",
        5433,
        "annuaire",
    )


def test_an_unsupported_database_url_is_refused(monkeypatch):
    monkeypatch.setenv("DB_URL", "mysql://root@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="only sqlite"):
        env.env_database("DB_URL", "sqlite:///x")


def test_a_redis_url_must_look_like_one(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "localhost:6379")
    with pytest.raises(ImproperlyConfigured):
        env.env_redis_url("CACHE_URL")


def _manage(*args, **environ):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **environ},
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check_with_no_warning():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="annuaire.example.fr",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="annuaire.example.fr")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_shared_cache_round_trips_through_redis():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis cache is exercised by .ci/run, which sets it")
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(url, {"KEY_PREFIX": "inclusion-test"})
    cache.set("round-trip", {"lieux": 3}, timeout=30)
    assert cache.get("round-trip") == {"lieux": 3}
    cache.delete("round-trip")


def test_an_unreadable_api_rate_stops_the_start_with_its_name():
    result = _manage("check", DEBUG="1", API_THROTTLE_ANON="beaucoup")
    assert result.returncode != 0
    assert "API_THROTTLE_ANON='beaucoup'" in result.stderr
