"""Conditional requests and the response cache of the API's reads.

Every successful read carries an `ETag` (a digest of the body) and a `Last-Modified` (the directory's data
version, places.versioning): a client that sends them back gets a 304 with no body. Anonymous reads are also
kept whole in the cache, keyed by path, parameters, format and data version: a write anywhere makes them
stale at once, and a repeated query costs no SQL at all.
"""

import hashlib
from email.utils import formatdate

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework.response import Response

from places import versioning
from places.api.throttling import add_rate_limit_headers
from places.concurrency import version_etag

KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Link", "X-Total-Count", "Cache-Control")


def _key(request) -> str | None:
    """The cache key of an anonymous read; None when it is not kept (a token's read, the cache turned off)."""
    if request.method not in ("GET", "HEAD") or request.auth is not None or settings.API_CACHE_SECONDS <= 0:
        return None
    params = sorted((key, sorted(values)) for key, values in request.query_params.lists())
    # "Open now" answers change with the clock, not only with the data.
    minute = timezone.now().strftime("%Y%m%d%H%M") if "open_now" in request.query_params else ""
    # Messages and the directory's own labels follow the request's language (inclusion/i18n.py).
    language = translation.get_language()
    raw = f"{request.path}|{request.accepted_media_type}|{params}|{minute}|{language}|{request._data_version}"
    return "api:response:" + hashlib.sha256(raw.encode()).hexdigest()


class ConditionalCachedMixin:
    """For DRF views: call `self.cached_response(request)` first in a read handler (it returns the cached
    answer or None); `finalize_response` does the rest."""

    def cached_response(self, request):
        request._data_version = versioning.current()
        request._cache_key = _key(request)
        entry = cache.get(request._cache_key) if request._cache_key else None
        if entry is None:
            return None
        response = HttpResponse(entry["content"], status=200)
        for header, value in entry["headers"].items():
            response[header] = value
        response._from_cache = True
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            response = self._conditional(request, response)
        patch_vary_headers(response, ["Accept", "Authorization"])
        add_rate_limit_headers(request, response)
        return response

    def _conditional(self, request, response):
        version = getattr(request, "_data_version", None) or versioning.current()
        if not getattr(response, "_from_cache", False):
            if isinstance(response, Response):
                response.render()
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            # A place's ETag also names its version: sent back in If-Match, it guards a write (concurrency.py).
            version_seen = getattr(response, "record_version", None)
            response["ETag"] = version_etag(version_seen, digest) if version_seen else f'"{digest}"'
            response["Last-Modified"] = formatdate(int(version), usegmt=True)
            if request.auth is None:
                patch_cache_control(response, public=True, max_age=60)
            else:
                patch_cache_control(response, private=True, no_cache=True)
            key = getattr(request, "_cache_key", None)
            if key:
                headers = {header: response[header] for header in KEPT_HEADERS if header in response}
                cache.set(key, {"content": response.content, "headers": headers}, settings.API_CACHE_SECONDS)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=int(version), response=response
        )
