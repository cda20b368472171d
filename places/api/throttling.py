"""Rate limits per anonymous IP address and per API token, announced in the IETF `RateLimit-*` headers
(draft-ietf-httpapi-ratelimit-headers) on every answer, and with `Retry-After` on a 429.

Rates come from the settings at each request (API_THROTTLE_ANON, API_THROTTLE_TOKEN), so an operator — or a
test — can change them. Counters live in the cache: with several processes, only Redis shares them.
"""

import math

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken


class HeaderedRateThrottle(SimpleRateThrottle):
    setting_name = ""

    def get_rate(self):
        return getattr(settings, self.setting_name)

    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None and self.rate is not None:
            used = len(self.history)
            reset = self.duration - (self.now - self.history[-1]) if self.history else self.duration
            request._rate_limit = (self.num_requests, max(0, self.num_requests - used), math.ceil(reset))
        return allowed

    def get_cache_key(self, request, view):  # pragma: no cover - the subclasses say whom they count
        raise NotImplementedError


class AnonymousRateThrottle(HeaderedRateThrottle):
    scope = "anon"
    setting_name = "API_THROTTLE_ANON"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(HeaderedRateThrottle):
    scope = "token"
    setting_name = "API_THROTTLE_TOKEN"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


def add_rate_limit_headers(request, response) -> None:
    if limit := getattr(request, "_rate_limit", None):
        response["RateLimit-Limit"], response["RateLimit-Remaining"], response["RateLimit-Reset"] = map(
            str, limit
        )
