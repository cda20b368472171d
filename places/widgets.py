"""Form widgets of the directory, shared by the admin and the public forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoordinatesPickerWidget(forms.NumberInput):
    """The latitude input, plus a map (added by static/places/coordinates-picker.js) that fills it and the
    longitude input: clicking or dragging the marker writes both, typing in either moves the marker.

    Without JavaScript it stays a plain number input. The longitude input is found in the same form by its
    name: the widget's own rendered name with `latitude_field` swapped for `longitude_field`, computed in the
    browser so that inline rows added by the admin ("stops-3-latitude") find their own longitude.
    """

    def __init__(self, attrs=None, *, latitude_field="latitude", longitude_field="longitude"):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field

    class Media:
        css = {"all": ["leaflet/leaflet.css", "places/site.css"]}
        js = ["leaflet/leaflet.js", "places/coordinates-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(self.picker_attrs())
        return context

    def picker_attrs(self) -> dict[str, str | bool]:
        # Configuration travels in data- attributes (escaped by the template engine): no inline script.
        config = settings.LEAFLET_CONFIG
        _name, tiles_url, tiles_options = config["TILES"][0]
        latitude, longitude = config["DEFAULT_CENTER"]
        return {
            "data-coordinates-picker": True,
            "data-latitude-field": self.latitude_field,
            "data-longitude-field": self.longitude_field,
            "data-tiles-url": tiles_url,
            "data-tiles-attribution": tiles_options.get("attribution", ""),
            "data-default-center": f"{latitude},{longitude}",
            "data-default-zoom": str(config["DEFAULT_ZOOM"]),
            "data-max-zoom": str(config["MAX_ZOOM"]),
            "data-map-label": str(_("Carte pour placer le lieu")),
            "data-hint": str(
                _(
                    "Cliquez sur la carte ou déplacez le marqueur pour remplir la latitude et la longitude ; "
                    "saisir les nombres déplace le marqueur."
                )
            ),
        }
