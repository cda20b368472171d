"""The fiche's drawings, made on the server as SVG: a map sketch (no tiles: it prints anywhere, and nothing
is loaded from elsewhere) and a QR code to the place page (segno)."""

import math

import segno
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from places.search.criteria import Centre
from places.templatetags.places_tags import distance as distance_words

WIDTH, HEIGHT, MARGIN = 420, 250, 50
KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE = 111.320  # at the equator; times cos(latitude)
SCALE_LENGTHS_KM = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
SCALE_BAR_MAX_PX = 110
MAX_PX_PER_KM = 4000  # 25 m for 100 px: two points in the same street are still apart


def _directions() -> list[str]:
    return [
        _("au nord"),
        _("au nord-est"),
        _("à l'est"),
        _("au sud-est"),
        _("au sud"),
        _("au sud-ouest"),
        _("à l'ouest"),
        _("au nord-ouest"),
    ]


def direction(start: tuple[float, float], end: tuple[float, float]) -> str:
    """Where `end` lies from `start`, in words ("au nord-est"), on eight points of the compass."""
    east, north = _kilometres(end, start)
    bearing = math.degrees(math.atan2(east, north)) % 360
    return _directions()[round(bearing / 45) % 8]


def _kilometres(point: tuple[float, float], origin: tuple[float, float]) -> tuple[float, float]:
    """(east, north) in km from origin: a local flat projection, fine at the scale of a trip."""
    east = (point[1] - origin[1]) * KM_PER_DEGREE_LONGITUDE * math.cos(math.radians(origin[0]))
    north = (point[0] - origin[0]) * KM_PER_DEGREE_LATITUDE
    return east, north


def map_sketch(place: tuple[float, float], name: str, start: Centre | None, km: float | None) -> SafeString:
    """The place, the person's starting point and the straight line between them with its length, a north
    arrow and a scale bar. Without a starting point, the place alone at the middle."""
    points = [(0.0, 0.0)]
    if start is not None:
        points.append(_kilometres((start.latitude, start.longitude), place))
    easts, norths = [east for east, _north in points], [north for _east, north in points]
    span_east, span_north = max(easts) - min(easts), max(norths) - min(norths)
    middle = ((max(easts) + min(easts)) / 2, (max(norths) + min(norths)) / 2)  # the line across the frame
    # As large as the frame allows (a zero span sets no limit); the place alone: a kilometre or so across.
    px_per_km = min(
        (WIDTH - 2 * MARGIN) / span_east if span_east else MAX_PX_PER_KM,
        (HEIGHT - 2 * MARGIN) / span_north if span_north else MAX_PX_PER_KM,
        MAX_PX_PER_KM if len(points) > 1 else (WIDTH - 2 * MARGIN),
    )

    def xy(point):
        return WIDTH / 2 + (point[0] - middle[0]) * px_per_km, HEIGHT / 2 - (point[1] - middle[1]) * px_per_km

    place_x, place_y = xy(points[0])
    parts = []
    if start is not None:
        start_x, start_y = xy(points[1])
        parts.append(
            _svg(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#3a3a3a" stroke-width="2" '
                'stroke-dasharray="6 5"/>',
                start_x,
                start_y,
                place_x,
                place_y,
            )
        )
        if km is not None:
            # In the bottom right corner, by the scale: on the line it would cross a marker or a name.
            parts.append(
                _text(WIDTH - 10, HEIGHT - 14, _("%s à vol d'oiseau") % distance_words(km), clamp=False)
            )
        parts.append(
            _svg(
                '<circle cx="{}" cy="{}" r="7" fill="#ffffff" stroke="#000091" stroke-width="3"/>',
                start_x,
                start_y,
            )
        )
        # Each name on its outer side: the lower point's below it, the higher one's above it.
        below = start_y >= place_y
        start_label_y = start_y + 24 if below else start_y - 14
        parts.append(_text(start_x, start_label_y, _("Départ : %s") % start.label, weight="normal"))
    parts.append(
        _svg(
            '<rect x="{}" y="{}" width="14" height="14" fill="#000091" transform="rotate(45 {} {})"/>',
            place_x - 7,
            place_y - 7,
            place_x,
            place_y,
        )
    )
    place_below = start is not None and not below
    parts.append(_text(place_x, place_y + 26 if place_below else place_y - 16, _shorten(name, 40)))
    parts.append(_north_arrow())
    parts.append(_scale_bar(px_per_km))
    title = _("Plan schématique")
    if start is not None and km is not None:
        description = _("Le lieu est à %(distance)s %(direction)s du point de départ, %(start)s.") % {
            "distance": distance_words(km),
            "direction": direction((start.latitude, start.longitude), place),
            "start": start.label,
        }
    else:
        description = _("Le lieu, au centre du plan.")
    return format_html(
        '<svg class="orientation-sketch" viewBox="0 0 {} {}" role="img" aria-labelledby="sketch-title sketch-desc" '
        'font-family="Marianne, Arial, sans-serif" font-size="13">'
        '<title id="sketch-title">{}</title><desc id="sketch-desc">{}</desc>'
        '<rect x="0.5" y="0.5" width="{}" height="{}" fill="#f6f6f6" stroke="#929292"/>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        description,
        WIDTH - 1,
        HEIGHT - 1,
        mark_safe("".join(parts)),  # noqa: S308 — each part was built by format_html
    )


def _svg(markup: str, *values) -> SafeString:
    """format_html with numbers written to a tenth of a pixel (format_html escapes first: no format codes)."""
    return format_html(markup, *(f"{v:.1f}" if isinstance(v, float) else v for v in values))


def _text(x: float, y: float, text: str, *, weight: str = "bold", clamp: bool = True) -> SafeString:
    # Kept inside the frame: anchored at its start near the left edge, at its end near the right one; above the
    # bottom line, which holds the scale and the distance.
    anchor = "start" if x < WIDTH * 0.25 else "end" if x > WIDTH * 0.75 else "middle"
    x = min(max(x, 6), WIDTH - 6)
    if clamp:
        y = min(max(y, 16), HEIGHT - 34)
    return _svg(
        '<text x="{}" y="{}" text-anchor="{}" font-weight="{}" fill="#161616">{}</text>',
        x,
        y,
        anchor,
        weight,
        text,
    )


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _north_arrow() -> SafeString:
    x, y = WIDTH - 28, 18
    return format_html(
        '<g aria-hidden="true"><polygon points="{},{} {},{} {},{} {},{}" fill="#161616"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-weight="bold" fill="#161616">{}</text></g>',
        x, y, x + 8, y + 24, x, y + 18, x - 8, y + 24,
        x, y + 40, _("N"),
    )  # fmt: skip


def _scale_bar(px_per_km: float) -> SafeString:
    length = max(
        (km for km in SCALE_LENGTHS_KM if km * px_per_km <= SCALE_BAR_MAX_PX), default=SCALE_LENGTHS_KM[0]
    )
    width = length * px_per_km
    x, y = 14, HEIGHT - 14
    return _svg(
        '<g aria-hidden="true"><path d="M{} {}v6h{}v-6" fill="none" stroke="#161616" stroke-width="2"/>'
        '<text x="{}" y="{}" fill="#161616">{}</text></g>',
        x, y - 6, width,
        x + width + 6, y, f"{length:g} km" if length >= 1 else distance_words(length),
    )  # fmt: skip


def qr_code(url: str) -> SafeString:
    """A QR code of `url` as inline SVG (no style attribute: the Content-Security-Policy forbids them)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, omitsize=True, title=_("QR code de la page du lieu"), dark="#000000")
    return mark_safe(svg)  # noqa: S308 — segno writes the markup; the URL is encoded in the drawing only
