import time

from django.core.management.base import BaseCommand

from places import coverage


class Command(BaseCommand):
    help = (
        "Compute, for every commune with a centre, the distance as the crow flies to the nearest published "
        "place of each coverage kind (itinerant stops included) and store it, replacing the previous figures. "
        "Run it after each import (docs/data.md) and whenever the figures should be fresh; --kind for one kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=sorted(coverage.KINDS), action="append")

    def handle(self, *args, kind, **options):
        for slug in kind or coverage.KINDS:
            start = time.perf_counter()
            rows = coverage.compute(coverage.KINDS[slug])
            computed = time.perf_counter() - start
            coverage.store(coverage.KINDS[slug], rows)
            self.stdout.write(
                f"{slug}: {len(rows)} communes, computed in {computed:.2f} s, "
                f"stored in {time.perf_counter() - start - computed:.2f} s"
            )
