"""The national address API (Base Adresse Nationale, api-adresse.data.gouv.fr): text to coordinates.

The only module that talks to it. Whatever goes wrong (network, timeout, HTTP error, unreadable answer), callers
get a GeocoderUnavailable and nothing else, so they have one thing to catch before falling back on the offline
gazetteer. Answers, empty ones included, are cached: the same search typed twice costs one call.
"""

import hashlib
import http.client
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from places.text import normalize

logger = logging.getLogger(__name__)

# Names the project to the API operators (ASCII: header values are sent as Latin-1).
USER_AGENT = "inclusion-numerique/0.1 (annuaire des lieux de mediation numerique)"
# The API answers 400 to a query shorter than 3 characters and refuses very long ones.
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 200
# Bump when Address changes: cached pickles of the old class must not be read back.
_CACHE_VERSION = 1


class GeocoderUnavailable(Exception):
    """The address API could not answer: the caller falls back on what it knows offline."""


@dataclass(frozen=True)
class Address:
    """One answer of the API: a house number, a street, a lieu-dit or a whole commune."""

    label: str  # "12 Rue de la République 03100 Montluçon"
    latitude: float
    longitude: float
    score: float  # 0 to 1, how well it matches the query
    kind: str  # the API's type: housenumber, street, locality or municipality
    citycode: str  # INSEE code of the commune
    postcode: str
    city: str
    name: str  # the label without postcode and city: "12 Rue de la République"


def search(query: str, *, limit: int = 5, kind: str | None = None) -> list[Address]:
    """What the API finds for `query`, best first; raises GeocoderUnavailable when it cannot answer."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if len(normalize(query)) < MIN_QUERY_LENGTH:
        return []
    key = _cache_key(query, limit, kind)
    cached = cache.get(key)
    if cached is not None:
        return cached
    params = {"q": query, "limit": limit} | ({"type": kind} if kind else {})
    url = f"{settings.GEOCODER_BAN_URL}?{urllib.parse.urlencode(params)}"
    try:
        status, body = _http_get(url, timeout=settings.GEOCODER_TIMEOUT_SECONDS)
    except (OSError, http.client.HTTPException, ValueError) as error:
        # OSError covers URLError, timeouts and refused or reset connections; HTTPException a truncated answer;
        # ValueError a malformed GEOCODER_BAN_URL.
        raise _unavailable(f"no answer ({error!r})") from error
    if status != 200:
        raise _unavailable(f"HTTP {status}")
    try:
        addresses = _parse(json.loads(body))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _unavailable(f"unexpected answer ({error!r})") from error
    cache.set(key, addresses, settings.GEOCODER_CACHE_SECONDS)
    return addresses


def _http_get(url: str, *, timeout: float) -> tuple[int, bytes]:
    """The one network call: (HTTP status, body). Tests replace it with canned answers."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        # The timeout bounds each socket operation (connecting, each read), which is what a slow API needs.
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        # urlopen raises on 4xx and 5xx: they are answers all the same, rejected by search() with the others.
        error.close()
        return error.code, b""


def _parse(payload) -> list[Address]:
    """The features of a GeoJSON FeatureCollection; any missing or mistyped field raises."""
    if not isinstance(payload, dict) or payload.get("type") != "FeatureCollection":
        raise ValueError("not a FeatureCollection")
    if not isinstance(payload["features"], list):
        raise TypeError("features is not a list")
    addresses = []
    for feature in payload["features"]:
        longitude, latitude = (_number(value) for value in feature["geometry"]["coordinates"][:2])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"coordinates out of range: {latitude}, {longitude}")
        properties = feature["properties"]
        addresses.append(
            Address(
                label=_text(properties["label"]),
                latitude=latitude,
                longitude=longitude,
                score=_number(properties["score"]),
                kind=_text(properties["type"]),
                citycode=_text(properties.get("citycode", "")),
                postcode=_text(properties.get("postcode", "")),
                city=_text(properties.get("city", "")),
                name=_text(properties.get("name") or properties["label"]),
            )
        )
    return addresses


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a string: {value!r}")
    return value


def _cache_key(query: str, limit: int, kind: str | None) -> str:
    # Hashed: a cache key must be short and plain ASCII whatever people type.
    text = f"{settings.GEOCODER_BAN_URL}|{normalize(query)}|{limit}|{kind or ''}"
    return f"geocoder:ban:{_CACHE_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"


def _unavailable(reason: str) -> GeocoderUnavailable:
    # Logged here, once: the search page quietly falls back on the gazetteer, operators still see the outage.
    logger.warning("Address API unavailable: %s", reason)
    return GeocoderUnavailable(reason)
