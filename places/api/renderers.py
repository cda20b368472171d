"""The API's formats besides JSON: GeoJSON and the national CSV (chosen by `format=` or `Accept`)."""

import json

from rest_framework import renderers


class GeoJSONRenderer(renderers.BaseRenderer):
    """A page of places as a FeatureCollection (`next`, `previous` and `count` as foreign members), a place as
    a Feature. A place without coordinates keeps its place in the page, with a null geometry."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None  # JSON is UTF-8 by definition (RFC 8259)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            collection = {
                "type": "FeatureCollection",
                "features": [feature(item) for item in data["results"]],
            }
            collection.update({key: data[key] for key in ("count", "next", "previous") if key in data})
            data = collection
        elif isinstance(data, dict) and "latitude" in data and "nom" in data:
            data = feature(data)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def feature(place: dict) -> dict:
    geometry = None
    if place.get("latitude") is not None and place.get("longitude") is not None:
        geometry = {"type": "Point", "coordinates": [place["longitude"], place["latitude"]]}
    return {"type": "Feature", "id": place["id"], "geometry": geometry, "properties": place}


class CSVRenderer(renderers.BaseRenderer):
    """The national CSV. Places are written by the view as a stream (formats.national.iter_csv, the export's
    own code); this renderer only names the format for content negotiation."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False).encode()
