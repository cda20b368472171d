"""The parts of the Content-Security-Policy that come from other settings (docs/security.md).

Kept apart from settings.py so that they can be tested; this module must not read django.conf.settings.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def tiles_source(url_template: str) -> str | None:
    """The CSP source that lets the maps load their tiles, from Leaflet's URL template.

    https://tile.openstreetmap.org/{z}/{x}/{y}.png → https://tile.openstreetmap.org
    https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org (Leaflet picks {s} at random)
    /tuiles/{z}/{x}/{y}.png → None: our own server, already allowed by 'self'.
    """
    parts = urlsplit(url_template)
    if not parts.netloc:
        return None
    host = parts.netloc
    if host.startswith("{s}."):
        host = "*." + host.removeprefix("{s}.")
    # CSP only knows a wildcard as the first label: any other placeholder in the host cannot be allowed
    # without allowing every host, so the start-up stops rather than leaving the maps without tiles.
    if "{" in host or "}" in host or "@" in host or parts.scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"MAP_TILES_URL={url_template!r}: expected https://host/… with at most {{s}} as the first label "
            "of the host (see docs/security.md)."
        )
    return f"{parts.scheme}://{host}"
