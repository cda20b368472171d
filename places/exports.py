"""What an export contains and in which formats: used by `manage.py export_places` and the download
links of the site, so both give the same file for the same filters."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch

from places.formats import data_inclusion, geojson, national
from places.models import Place, Stop

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


def exportable_places(queryset=None):
    """Published places, each real place once (probable duplicates left out), streamed in chunks.

    `iterator(chunk_size)` keeps memory flat; the prefetches run once per chunk.
    """
    queryset = Place.objects.all() if queryset is None else queryset
    return (
        queryset.published()
        .canonical()
        .order_by("pk")
        .prefetch_related("tags", Prefetch("stops", queryset=Stop.objects.order_by("position", "pk")))
        .iterator(chunk_size=CHUNK_SIZE)
    )
