import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.synthetic import GazetteerMissing, generate_places
from places.services import refresh_statistics


class Command(BaseCommand):
    help = (
        'Replace the synthetic dataset (origin "synthetic": places, their tags and stops, structures, supports) '
        "by COUNT realistic places spread over the communes by population. The same --count and --seed always "
        "give the same data; places and structures of other origins are never touched. Needs the communes "
        "gazetteer (manage.py load_gazetteer); loads the programmes catalogue itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=3000, help="Places to generate (default 3000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random draws (default 1).")

    def handle(self, *args, count, seed, **options):
        if count < 0:
            raise CommandError("--count must be zero or more.")
        started = time.monotonic()
        # The bar only on a terminal, so logs and CI get the summary line alone. tqdm draws on stderr: Django's
        # stdout wrapper would end each redraw with a newline.
        show_bar = self.stdout.isatty() and sys.stderr.isatty()
        with tqdm(total=count, unit=" lieux", disable=not show_bar) as bar:
            try:
                summary = generate_places(count=count, seed=seed, on_progress=bar.update)
            except GazetteerMissing as error:
                raise CommandError(str(error)) from error
        refresh_statistics()
        self.stdout.write(
            f"{summary.places} places ({summary.stops} stops, {summary.tags} tags, {summary.openings} openings), "
            f"{summary.structures} structures, {summary.supports} supports "
            f"in {time.monotonic() - started:.1f} s (seed {seed}; {summary.replaced} synthetic places replaced)."
        )
