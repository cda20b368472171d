"""`/sante/`: is this process able to serve? For load balancers, orchestrators and uptime probes.

It checks what every page needs besides the process itself: the database (one trivial query) and the cache (a
key written then read back — with Redis, the shared rate limits and the data version live there). 200 with
`{"status": "ok", "database": "ok", "cache": "ok"}`, or 503 naming what failed; the reason goes to the log, not
to the public answer.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# One key per process: probes hitting several processes at once do not overwrite each other's value.
CACHE_KEY = f"health:{uuid.uuid4().hex}"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def _cache() -> None:
    # A fresh value each time: reading back a value left by an earlier probe would hide a cache that stopped
    # accepting writes.
    value = uuid.uuid4().hex
    cache.set(CACHE_KEY, value, timeout=30)
    if cache.get(CACHE_KEY) != value:
        raise RuntimeError("the value written was not read back")


CHECKS = {"database": _database, "cache": _cache}


@require_safe
def health(request):
    body = {}
    for name, check in CHECKS.items():
        start = time.perf_counter()
        try:
            check()
        except Exception:  # any failure is the answer; the traceback is for the operator
            logger.exception("Health check failed: %s", name)
            body[name] = "error"
        else:
            body[name] = "ok"
        body[f"{name}_ms"] = round((time.perf_counter() - start) * 1000, 1)
    healthy = all(body[name] == "ok" for name in CHECKS)
    body = {"status": "ok" if healthy else "error", **body}
    response = JsonResponse(body, status=200 if healthy else 503)
    # A cached "ok" would hide an outage from the probe.
    add_never_cache_headers(response)
    return response
