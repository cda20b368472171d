"""The directory's data version: the time of the last write, kept in the cache.

Every save or delete of a served model bumps it (signal receivers connected in places.apps and
programmes.apps); bulk paths that send no signal (imports, the generator) call `bump()` themselves. The API's response cache and its
ETag / Last-Modified headers read `current()`: a write makes every cached answer stale at once, with no
list of keys to delete. With Redis (REDIS_URL) the version is shared by every process; with the in-process
cache each process has its own, so it expires after API_CACHE_SECONDS and staleness stays bounded.
"""

import itertools
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KEY = "directory:data-version"

# Writes this process made (the search index compares it when no shared cache tells it of other processes').
_local_writes = itertools.count(1)
_last_local_write = 0


def is_shared() -> bool:
    """Is the version shared by every process (Redis), or each process's own (the in-process cache)?"""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def local_writes() -> int:
    """How many writes this process has made so far (a number that changes at each write)."""
    return _last_local_write


def _timeout():
    # Without a shared cache another process (an import) cannot reach this one's version: let it expire.
    return None if is_shared() else settings.API_CACHE_SECONDS


# With Redis every API read asks for the version, twice (its response cache, the search index): reading it at
# most every READ_EVERY seconds per process saves those round trips. Another process's write is then seen up to
# that much later; this process's own writes at once (_advance).
READ_EVERY = 0.05
_last_read: tuple[float, float] | None = None  # (time.monotonic() of the read, version)


def current() -> float:
    """Seconds since the epoch of the last write this cache knows of (set to now when it knows none)."""
    global _last_read
    shared = is_shared()
    if shared and _last_read is not None and time.monotonic() - _last_read[0] < READ_EVERY:
        return _last_read[1]
    version = cache.get(KEY)
    if version is None:
        version = time.time()
        if not cache.add(KEY, version, _timeout()):
            version = cache.get(KEY, version)
    if shared:
        _last_read = (time.monotonic(), version)
    return version


def bump() -> None:
    """A write happened. Bumped at once (this process reads its own writes) and again when the transaction
    commits: a read between the two would otherwise cache the data before the commit under the new version."""
    _advance()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_advance)


def _advance() -> None:
    global _last_local_write, _last_read
    _last_local_write = next(_local_writes)
    # Strictly increasing even when two writes fall in the same clock tick.
    previous = cache.get(KEY) or 0.0
    version = max(time.time(), previous + 1e-6)
    cache.set(KEY, version, _timeout())
    _last_read = (time.monotonic(), version) if is_shared() else None


def on_write(sender, **kwargs) -> None:
    """Signal receiver (places.apps, programmes.apps): a row the API serves was saved or deleted."""
    bump()
