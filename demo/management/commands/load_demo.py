from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count

from places.models import Commune, Place, Structure

REAL_DATA = Path(settings.BASE_DIR) / "places" / "data" / "real"


class Command(BaseCommand):
    help = (
        "Fill an empty database with the demo: communes gazetteer, programmes catalogue, a synthetic "
        "national dataset of places and the real datasets of places/data/real/ (the national list of France Services "
        "through its profile). Steps already done are skipped, so `make run` can call it every time. "
        "With DEBUG on, also creates the demo administrator admin / admin, a member of the structure with the "
        "most places (to try API tokens at /compte/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=3000, help="Synthetic places to generate (default 3000)."
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        if not Commune.objects.exists():
            call_command("load_gazetteer", stdout=self.stdout)
        call_command("load_programmes", stdout=self.stdout)
        if not Place.objects.filter(origin="synthetic").exists():
            call_command("generate_places", count=count, seed=seed, stdout=self.stdout)
        # The real datasets shipped with the project; re-importing them changes nothing.
        for path in sorted(REAL_DATA.glob("*.json")):
            call_command("import_places", str(path), source=path.stem.split("_")[0], stdout=self.stdout)
        for path in sorted((REAL_DATA / "france-services").glob("*.csv")):
            call_command(
                "import_places",
                str(path),
                source="france-services",
                profile="france-services",
                stdout=self.stdout,
            )
        if settings.DEBUG:
            self._ensure_demo_admin()

    def _ensure_demo_admin(self):
        from accounts.models import Membership

        User = get_user_model()
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            admin = User.objects.create_superuser("admin", "admin@example.invalid", "admin")
            self.stdout.write("Demo administrator created: admin / admin (DEBUG only — never in production).")
        # So that /compte/ has a structure whose API tokens the demo administrator can create and try.
        if not Membership.objects.filter(user=admin).exists():
            structure = (
                Structure.objects.annotate(count=Count("places"))
                .filter(count__gt=0)
                .order_by("-count", "pk")
                .first()
            )
            if structure is not None:
                Membership.objects.create(user=admin, structure=structure, role=Membership.Role.ADMIN)
                self.stdout.write(
                    f"admin is a member of « {structure.name} »: its API tokens are at /compte/."
                )
