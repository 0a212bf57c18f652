from django.core.management.base import BaseCommand

from branches.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo logins that seed_demo created (those that exist in this database)."

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo logins in this database (run: manage.py seed_demo).")
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for persona, employee_number, name in rows:
            # The ASCII column first, so Chinese names and labels cannot misalign it.
            self.stdout.write(f"  {employee_number:<8} {persona} ({name})")
