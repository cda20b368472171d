from django.core.management.base import BaseCommand

from places import freshness, reviews
from places.models import Structure


class Command(BaseCommand):
    help = (
        "Email each structure's members (administrators first) the list of their places to review: data 6 "
        "months old or more, or undated (--band to choose bands). Once per period (a calendar half-year by "
        "default, --every): running it again in the same period sends nothing, so a daily cron job is fine. "
        "--dry-run prints who would get what and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            choices=list(reviews.PERIODS),
            default="half-year",
            help="How often a structure may get a reminder (default: half-year, periods 2026-S1, 2026-S2).",
        )
        parser.add_argument(
            "--band",
            action="append",
            choices=[band.value for band in freshness.TO_REVIEW],
            dest="bands",
            help="Only the places in this band (repeat for several). Default: every band from 6 months on, "
            "and undated places.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")

    def handle(self, *args, every, bands, dry_run, **options):
        bands = [freshness.Freshness(band) for band in bands] if bands else None
        today = freshness.today()
        period = reviews.period_of(today, every)
        sent = skipped = 0
        # Only structures with members: the others have nobody to write to.
        structures = Structure.objects.filter(memberships__isnull=False).distinct().order_by("name", "pk")
        for structure in structures:
            reminder = reviews.reminder_for(structure, every=every, bands=bands, on=today)
            if reminder is None:
                continue
            summary = f"{structure.name}: {len(reminder.rows)} place(s) to review → {', '.join(reminder.recipients)}"
            if dry_run:
                self.stdout.write(f"[dry run] {summary}")
                self.stdout.write(reminder.body)
                sent += 1
            elif reviews.send_reminder(reminder):
                self.stdout.write(summary)
                sent += 1
            else:
                skipped += 1
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(
            self.style.SUCCESS(
                f"Period {period}: {sent} reminder(s) {verb}, {skipped} already sent by another run."
            )
        )
