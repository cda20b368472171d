"""Template helpers to show places in plain words."""

import re

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from places import hours, vocabularies
from places.formats.national import tags_by_vocabulary

register = template.Library()

# The default tiles' attribution (settings.LEAFLET_CONFIG), marked here for the catalogues: settings cannot call
# gettext_noop (it reads the settings being loaded).
TILES_ATTRIBUTION = gettext_noop("© contributeurs OpenStreetMap")


@register.filter
def phone_display(phone: str) -> str:
    """A metropolitan number the way people read it: "+33180059880" -> "01 80 05 98 80"."""
    if re.fullmatch(r"\+33\d{9}", phone or ""):
        national = "0" + phone[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return phone


@register.filter
def labels(place, vocabulary: str) -> list[str]:
    """The standard's labels of one vocabulary of a place, in the standard's order (translated beside them in
    another language than French)."""
    values = tags_by_vocabulary(place).get(vocabulary, [])
    return [vocabularies.shown_label_of(vocabulary, value) for value in values]


@register.filter
def values(place, vocabulary: str) -> list[str]:
    """The stored values of one vocabulary of a place (`{% if "itinerant" in place|values:"itinerance" %}`)."""
    return list(tags_by_vocabulary(place).get(vocabulary, []))


@register.filter
def distance(km: float | None) -> str:
    """ "350 m", "1,2 km", "14 km"."""
    if km is None:
        return ""
    if km < 1:
        return f"{max(10, round(km * 1000, -1)):.0f} m"
    if km < 10:
        return f"{number_format(round(km, 1), 1)} km"
    return f"{round(km):.0f} km"


@register.simple_tag
def opening_status(place):
    """The place's status now: hours.Status with `describe`."""
    return hours.status_at(place.opening_hours, timezone.now())


@register.filter
def status_text(status) -> str:
    return status.describe(timezone.now())


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


def _query(context):
    """The page's search as the site spells it (context["query"], from places.search.site), else the URL's."""
    query = context.get("query")
    return (query if query is not None else context["request"].GET).copy()


@register.simple_tag(takes_context=True)
def remove_filter(context, param: str, value: str) -> str:
    """The current query string without one chosen filter value (and back to page 1)."""
    query = _query(context)
    query.setlist(param, [v for v in query.getlist(param) if v != value])
    query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def with_params(context, **params) -> str:
    """The current query string with some parameters replaced (and back to page 1)."""
    query = _query(context)
    query.pop("page", None)
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


@register.simple_tag
def map_attributes() -> str:
    """data- attributes of a map container: the tiles of LEAFLET_CONFIG, read by results-map.js, and the files
    map-loader.js loads once the page has loaded (django-leaflet's Leaflet, its marker images, results-map.js)."""
    from django.conf import settings
    from django.templatetags.static import static
    from django.utils.html import format_html

    _name, url, options = settings.LEAFLET_CONFIG["TILES"][0]
    return format_html(
        'data-tiles-url="{}" data-tiles-attribution="{}" data-min-zoom="{}" data-max-zoom="{}" '
        'data-leaflet-css="{}" data-leaflet-js="{}" data-map-script="{}" '
        'data-marker-icon="{}" data-marker-icon-2x="{}" data-marker-shadow="{}"',
        url,
        gettext(options.get("attribution", "")) if options.get("attribution") else "",
        settings.LEAFLET_CONFIG.get("MIN_ZOOM", 3),
        settings.LEAFLET_CONFIG.get("MAX_ZOOM", 18),
        static("leaflet/leaflet.css"),
        static("leaflet/leaflet.js"),
        static("places/results-map.js"),
        static("leaflet/images/marker-icon.png"),
        static("leaflet/images/marker-icon-2x.png"),
        static("leaflet/images/marker-shadow.png"),
    )
