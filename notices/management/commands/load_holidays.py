"""Load or refresh the public holidays of some years.

    python manage.py load_holidays --year 2026 --year 2027

Years the installed chinesecalendar covers are (re)loaded from it as official; other years
are estimated. Rows an admin entered or corrected (source manual) are left as they are.
"""

from django.core.management.base import BaseCommand, CommandError

from notices.calendar import holidays_load


class Command(BaseCommand):
    help = (
        "Load or refresh the public holidays of the given years from chinesecalendar "
        "(estimated where it has no data). Manual rows are never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            dest="years",
            type=int,
            action="append",
            required=True,
            help="Year to load; repeat for several years.",
        )

    def handle(self, *args, years, **options):
        for year in years:
            try:
                result = holidays_load(year=year, refresh=True)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            line = (
                f"{year}: {result.source}; created {result.created}, updated {result.updated}, "
                f"removed {result.removed}"
            )
            if result.kept_manual:
                line += f"; kept manual: {', '.join(result.kept_manual)}"
            self.stdout.write(line)
