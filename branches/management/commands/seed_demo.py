from django.core.management.base import BaseCommand
from django.db import transaction

from branches.demo import seed_admin
from branches.models import User


class Command(BaseCommand):
    help = "Load deterministic demo data (a court with its branches and members)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (used by make run).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Database already has data; demo data not loaded.")
            return
        with transaction.atomic():
            seed_admin()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
