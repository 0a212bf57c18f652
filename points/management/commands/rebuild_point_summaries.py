"""Check the yearly points summaries against the point entries, and rebuild those that differ."""

from django.core.management.base import BaseCommand, CommandError

from branches.models import Member
from points.services import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every member's yearly points summary from the point entries and report "
        "the differences. With --check nothing is changed and the exit status is 1 when "
        "any summary differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument(
            "--check", action="store_true", help="Only report; exit with status 1 on differences."
        )

    def handle(self, *args, year=None, check=False, **options):
        differences = summaries_rebuild(year=year, fix=not check)
        names = dict(
            Member.objects.filter(pk__in={d.member_id for d in differences}).values_list(
                "pk", "name"
            )
        )
        for difference in differences:
            recorded = "missing" if difference.recorded is None else difference.recorded
            self.stdout.write(
                f"{names.get(difference.member_id, difference.member_id)} "
                f"(#{difference.member_id}) {difference.year} {difference.field}: "
                f"summary {recorded}, entries {difference.expected}"
            )
        members = len({(d.member_id, d.year) for d in differences})
        if check and differences:
            raise CommandError(
                f"{len(differences)} differences in {members} summaries.", returncode=1
            )
        verb = "found" if check else "fixed"
        self.stdout.write(
            self.style.SUCCESS(f"{len(differences)} differences {verb} in {members} summaries.")
        )
