"""What an export contains and in which formats: used by `manage.py export_places` and the download
links of the site, so both give the same file for the same filters."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import StreamingHttpResponse

from places.formats import data_inclusion, geojson, national
from places.models import Place, PlaceTag, Stop

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ExportFormat:
    name: str
    content_type: str
    extension: str
    lines: Callable[[Iterable[Place]], Iterator[str]]


FORMATS = {
    "csv": ExportFormat("csv", "text/csv; charset=utf-8", "csv", national.iter_csv),
    "json": ExportFormat("json", "application/json", "json", national.iter_json),
    "geojson": ExportFormat("geojson", "application/geo+json", "geojson", geojson.iter_geojson),
    "data-inclusion": ExportFormat(
        "data-inclusion", "application/json", "data-inclusion.json", data_inclusion.iter_structures
    ),
}


def download(export: ExportFormat, places: Iterable[Place]) -> StreamingHttpResponse:
    """A file to download, written as it is sent (flat memory whatever the number of places)."""
    response = StreamingHttpResponse(export.lines(places), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="lieux-mediation-numerique.{export.extension}"'
    return response


def exportable_places(queryset=None) -> Iterator[Place]:
    """Published places, each real place once (probable duplicates left out), streamed in chunks.

    Chunks follow the primary key (keyset pagination): memory stays flat and each chunk costs three
    indexed queries (places, their tags as plain tuples, their stops).
    """
    queryset = (Place.objects.all() if queryset is None else queryset).published().canonical().order_by("pk")
    last = 0
    while chunk := list(queryset.filter(pk__gt=last)[:CHUNK_SIZE]):
        attach_tags_and_stops(chunk)
        yield from chunk
        last = chunk[-1].pk


def attach_tags_and_stops(places: list[Place]) -> None:
    """Set `tag_values` ({vocabulary: [values]}) and `stop_list` on each place, for the writers."""
    by_pk = {place.pk: place for place in places}
    for place in places:
        place.tag_values, place.stop_list = {}, []
    for place_id, vocabulary, value in PlaceTag.objects.filter(place__in=by_pk).values_list(
        "place_id", "vocabulary", "value"
    ):
        by_pk[place_id].tag_values.setdefault(vocabulary, []).append(value)
    for stop in Stop.objects.filter(place__in=by_pk).order_by("place", "position", "pk"):
        by_pk[stop.place_id].stop_list.append(stop)
