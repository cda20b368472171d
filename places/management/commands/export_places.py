import contextlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places.exports import FORMATS, every_published_place


class Command(BaseCommand):
    help = (
        "Export the published places (probable duplicates once) in the national standard v1.0.2 (csv, json), "
        "as GeoJSON, or as data·inclusion v1 structures. Streams: memory stays flat whatever the count."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, format, output, **options):
        export = FORMATS[format]
        try:
            target = self._open(output)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire {output} : {error}") from None
        with target as stream:
            for line in export.lines(every_published_place()):
                stream.write(line)

    @staticmethod
    def _open(output: Path | None):
        if output is None:
            return contextlib.nullcontext(sys.stdout)
        return open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by the caller's with)
