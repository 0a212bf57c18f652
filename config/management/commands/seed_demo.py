"""seed_demo: the whole demo, each app adding its part on top of the court below it.

It lives in the project layer because it needs every app: branches builds the court,
and each higher app's `demo` module adds what follows from it (activities, points ...).
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from activities.demo import seed_demo_activities
from branches.demo import COURT_NAME, database_has_data, seed_demo_data
from brands.demo import seed_demo_brands
from dashboards.demo import seed_demo_dashboards
from ledgers.demo import seed_demo_ledgers
from points.demo import seed_demo_points


class Command(BaseCommand):
    help = (
        f"Load deterministic demo data into an empty database: {COURT_NAME}, its branches, "
        "members, posts, demo logins and a year of activities with attendance. --scale N adds N-1 "
        "copies of the court (load tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, successfully, when the database already has data (used by make run).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help="Create N courts: the demo court and N-1 copies inserted in bulk (default 1).",
        )

    def handle(self, *args, if_empty=False, scale=1, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        if database_has_data():
            if if_empty:
                self.stdout.write("Database already has data; demo data not loaded.")
                return
            raise CommandError(
                "Database already has data; seed_demo only loads into an empty database "
                "(use --if-empty to skip quietly)."
            )
        started = time.monotonic()
        today = timezone.localdate()
        with transaction.atomic():
            counts = seed_demo_data(courts=scale, today=today)
            counts |= seed_demo_activities(today=today)  # a year of activities, up to today
            counts |= seed_demo_points(today=today)  # their points, claims, awards, evaluation
            analyze()  # the apps below read aggregates of the rows written above
            counts |= seed_demo_ledgers(
                today=today
            )  # this year's lists, filled from the activities
            counts |= seed_demo_brands(today=today)  # brands, honours, results, innovation rounds
            counts |= seed_demo_dashboards(today=today)  # star ratings (last year confirmed)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s:"))
        for what, count in counts.items():
            self.stdout.write(f"  {what:<22} {count:>7}")
        self.stdout.write("")
        call_command("demo_logins", stdout=self.stdout._out)


def analyze() -> None:
    """Give PostgreSQL's planner statistics of the rows written so far in this transaction.

    Autovacuum never sees uncommitted rows: without statistics the planner takes the
    year's hundred thousand attendance rows for a handful, and the aggregates that the
    ledgers, brands and ratings compute next run nested loops for minutes instead of
    milliseconds.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
