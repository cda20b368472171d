"""GeoJSON FeatureCollection of places: the standard's fields as properties, a Point per place (and per
stop of an itinerant place). Places without coordinates are left out: a feature needs a geometry."""

import json
from collections.abc import Iterable, Iterator

from places.formats.national import records
from places.models import Place


def iter_geojson(places: Iterable[Place]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n"
    for record in records(places):
        if record["latitude"] is None or record["longitude"] is None:
            continue
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
            "properties": record,
        }
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
