"""Show the reminders the schedule will send in a window, before they go out.

    python manage.py reminders_plan --from 2026-01-01 --to 2026-12-31
    python manage.py reminders_plan --from 2027-01-01 --to 2027-03-31 --kind integrity --format json

Computed by the jobs' own `plan` functions (notices/reminders.py) for the days and times
the enabled periodic tasks fire: what is listed is what the jobs send. Sends nothing.
Holidays of years not loaded yet are created (estimated after the package's data), as the
jobs would.
"""

import datetime
import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from notices import reminders


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = (
        "List the reminders the enabled schedules will send between two dates (kind, "
        "date, time, holiday or activity, audience size), computed by the jobs' own code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument(
            "--kind",
            dest="job",
            help="Only this job (e.g. integrity, study_day) or notification kind (study_lead).",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, start, end, job, format, **options):
        start, end = _date(start), _date(end)
        if end < start:
            raise CommandError("--to is before --from.")
        if job is not None and not any(kind.writes(job) for kind in reminders.kinds()):
            known = ", ".join(kind.code for kind in reminders.kinds())
            raise CommandError(f"Unknown kind {job!r}; jobs: {known}.")
        try:
            planned = reminders.reminders_plan(start, end, job=job)
        except ValueError as error:
            raise CommandError(str(error)) from error

        if format == "json":
            data = {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "reminders": [reminder.as_dict() for reminder in planned],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._table(planned)
        for kind in reminders.kinds():
            if (job is None or kind.writes(job)) and not reminders.schedules(kind):
                self.stderr.write(f"{kind.code}: no enabled schedule, nothing will be sent.")

    def _table(self, planned):
        header = ["date", "time", "kind", "about", "audience"]
        rows = [
            [
                r.date.isoformat(),
                r.time.strftime("%H:%M") if r.time else "",
                r.kind,
                r.subject + (" (estimated)" if r.about.get("holiday", {}).get("estimated") else ""),
                str(r.audience_size),
            ]
            for r in planned
        ]
        widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    _pad(cell, width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
        self.stdout.write(f"{len(planned)} reminder(s).")
