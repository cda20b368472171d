from django.core.management.base import BaseCommand

from programmes.catalogue import load_programmes


class Command(BaseCommand):
    help = (
        "Create or update the national programmes catalogue (France Relance, Conseillers numériques, France "
        "Services, Fabriques de territoire, hubs…) from programmes/catalogue.py. Safe to run again."
    )

    def handle(self, *args, **options):
        counts = load_programmes()
        self.stdout.write(", ".join(f"{count} {outcome}" for outcome, count in counts.items()))
