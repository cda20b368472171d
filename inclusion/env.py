"""Typed readers for settings that come from the environment.

Each helper fails loudly (ImproperlyConfigured) on a value it cannot read: a typo in production
configuration must stop the start-up, not silently fall back to a default.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean (use one of {sorted(TRUE_WORDS | FALSE_WORDS)})"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; empty items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: str) -> dict:
    """A Django DATABASES entry from a URL such as postgres://user@host:5432/db or sqlite:///path."""
    url = env_str(name) or default
    if url.split("://", 1)[0] not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name}={url!r}: only sqlite:// and postgres:// URLs are supported")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={url!r} cannot be read: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Many readers and one writer (the importer) at a time: WAL keeps pages readable during imports. Kept
        # open like PostgreSQL's (no transaction stays open between queries in autocommit): opening SQLite and
        # registering Django's functions at each request cost a fifth of an API search (bench api: 347 -> 434
        # req/s).
        # IMMEDIATE: a transaction takes the write lock when it begins, not when it first writes. Two deferred
        # transactions that both read then write deadlock, and SQLite answers one of them "database is
        # locked" at once; begun IMMEDIATE, the second waits (`timeout` seconds) for the first to finish.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_LOCK_TIMEOUT", 20),
        }
    return config


def env_redis_url(name: str) -> str:
    url = env_str(name)
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name}={url!r} is not a redis:// URL")
    return url
