"""What an export contains and in which formats: used by `manage.py export_places`, the download links of the
site and the API's CSV, so all give the same file for the same search."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import StreamingHttpResponse

from inclusion.ratelimit import RateLimit, Verdict
from places.formats import data_inclusion, geojson, national
from places.models import Place

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


def count_download(request) -> Verdict:
    """Whole-search downloads (the site's links, the API's `format=csv`) cost up to a second and several MB
    each: they have a limit of their own per address (DOWNLOAD_RATE), besides the API's request rates."""
    return RateLimit("download", settings.DOWNLOAD_RATE).hit(request)


def exportable_places(results) -> Iterator[Place]:
    """Every place a search found (places.search.engine.Results), streamed in chunks of CHUNK_SIZE: memory
    stays flat, and each chunk costs one or two queries (the places; the stops of those that have some)."""
    for chunk in results.chunks(CHUNK_SIZE):
        yield from chunk


def every_published_place() -> Iterator[Place]:
    """Every published place, each real place once, in id order — what exportable_places gives for a search
    without criteria, read straight from the database: `manage.py export_places` runs in a process of its own,
    where building the search index would cost more time and memory than the export (tested to be the same
    file as the site's download)."""
    from places.search.engine import attach_tags_and_stops

    places = Place.objects.published().canonical().order_by("pk")
    last = 0
    while chunk := list(places.filter(pk__gt=last)[:CHUNK_SIZE]):
        attach_tags_and_stops(chunk)
        yield from chunk
        last = chunk[-1].pk
