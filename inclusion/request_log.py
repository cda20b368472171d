"""One log line per request (logger `inclusion.requests`): method, path, status, duration, client address.

Why here rather than gunicorn's access log: the client's address is computed the way the API's rate limits
compute it (TRUSTED_PROXY_COUNT, read by DRF as NUM_PROXIES), so the address in the log is the one that was
throttled; the line goes through the same formatter as every other log (LOG_FORMAT=json gives one JSON object
a line, the fields as keys); and it works the same under any server. Listed first in MIDDLEWARE (settings), so
the duration covers every other middleware.
"""

import logging
import time

from inclusion.ratelimit import client_address

logger = logging.getLogger("inclusion.requests")

# Probes ask every few seconds: their successes would drown the log. Their failures are logged.
QUIET_PATHS = {"/sante/"}


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        # For a streamed download (CSV export) this is the time to the first byte, not to the last.
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        if response.status_code == 200 and request.path in QUIET_PATHS:
            return response
        # The path without its query string: a search can carry the address someone typed.
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "remote_addr": client_address(request),
            },
        )
        return response
