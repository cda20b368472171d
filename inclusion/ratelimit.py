"""The one rate limiter: how many times an address (or a token) may do something in a period.

The API's throttles (places/api/throttling.py) and the site's limits (error reports, downloads) count the same
way, in the same place: DRF's sliding window (`SimpleRateThrottle`: the times of recent hits, kept in the
default cache). With Redis (REDIS_URL) every process shares the counts; without it each process counts for
itself, which is only right for a single-process deployment (docs/deploy.md).

The client is identified the same way everywhere, by `client_address`: REMOTE_ADDR, or the address the
trusted proxies put in X-Forwarded-For (TRUSTED_PROXY_COUNT). Trusting X-Forwarded-For without proxies would
let anyone choose the address they are counted as.
"""

from dataclasses import dataclass

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies (TRUSTED_PROXY_COUNT) saw."""
    return BaseThrottle().get_ident(request)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the oldest counted hit leaves the window


class RateLimit(SimpleRateThrottle):
    """A named limit such as RateLimit("error-report", "5/hour") for one kind of action.

    `check(request)` answers without counting, `hit(request)` counts: a form counts only what it accepts.
    """

    def __init__(self, scope: str, rate: str):  # DRF's constructor reads the rate from its own settings
        self.scope = scope
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def check(self, request) -> Verdict:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        used = len(self.history)
        wait = self.duration - (self.now - self.history[-1]) if used >= self.num_requests else 0
        return Verdict(
            allowed=used < self.num_requests,
            limit=self.num_requests,
            remaining=max(0, self.num_requests - used),
            retry_after=max(1, int(wait + 0.999)) if wait else 0,
        )

    def hit(self, request) -> Verdict:
        """Count one hit if allowed (check, then count, in one call)."""
        verdict = self.check(request)
        if verdict.allowed:
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history, self.duration)
            return Verdict(True, verdict.limit, verdict.remaining - 1, 0)
        return verdict
