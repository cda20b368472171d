from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from places.formats.reader import UnreadableFile
from programmes.supports_import import import_supports


class Command(BaseCommand):
    help = (
        "Import programme supports (laureates, labels, funding) from a CSV or JSON file: programme, siret or "
        "structure or lieu, statut, montant, debut, fin, vague, conseillers, remarque. Idempotent for one "
        "--source; the summary gives the rejections and repairs by kind, --report every such row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Where the list comes from, e.g. anct-fs-2026.")
        parser.add_argument(
            "--report", type=Path, help="Write the rejected and repaired rows here (CSV or JSON)."
        )

    def handle(self, *args, file, source, report, **options):
        if not file.exists():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = import_supports(file, origin=source[:64])
        except UnreadableFile as error:
            raise CommandError(f"{file} : {error}") from None
        if report:
            result.write(report)
        self.stdout.write(result.summary())
