import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from places.formats import profiles
from places.formats.reader import UnreadableFile, count_records
from places.importer import PlaceImporter
from places.services import refresh_statistics


class Command(BaseCommand):
    help = (
        "Import places from a file of the national standard (CSV or JSON; v1.0.x, v0.1 and the hybrids real "
        "exports contain), or from any file through a mapping profile (--profile france-services, or a "
        "mednum-cli configuration file). Rows are repaired where safe and rejected with a reason otherwise; "
        "re-importing the same file changes nothing. Upserts on (source, id). Prints counts, repairs and "
        "rejections by kind with an example each; --report writes every rejected or repaired row (CSV or JSON "
        "by extension)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source",
            help="Name of the source, the key of re-imports (default: derived from the file name).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--atomic", action="store_true", help="All or nothing for the whole file.")
        parser.add_argument(
            "--report", type=Path, help="Write the report of rejected and repaired rows here."
        )
        parser.add_argument(
            "--profile",
            help="For a file that is not in the standard's format: a shipped profile's name (france-services) "
            "or the path of a mapping in mednum-cli's configuration format.",
        )

    def handle(self, *args, file, source, dry_run, atomic, report, profile, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        origin = slugify(source or file.stem.split(".")[0])[:64]
        if not origin:
            raise CommandError("--source doit contenir au moins une lettre ou un chiffre.")
        try:
            mapping = profiles.load(profile) if profile else None
        except profiles.ProfileError as error:
            raise CommandError(str(error)) from None
        importer = PlaceImporter(origin=origin, dry_run=dry_run, atomic=atomic, profile=mapping)
        show_progress = sys.stderr.isatty()
        total = count_records(file) if show_progress else None

        def progress(records):
            return tqdm(records, total=total, unit=" lignes", disable=not show_progress, file=sys.stderr)

        try:
            result = importer.run(file, progress=progress)
        except UnreadableFile as error:
            raise CommandError(f"{file} : {error}") from None
        except OSError as error:  # unreadable where it lies (permissions, a disk error): not a traceback
            raise CommandError(f"{file} : lecture impossible ({error.strerror or error})") from None
        if not dry_run:
            refresh_statistics()
        if report:
            result.write(report)
        prefix = "[essai à blanc, rien n'est écrit] " if dry_run else ""
        self.stdout.write(f"{prefix}{file.name} (source « {origin} ») : {result.summary()}")
