"""The pre-holiday integrity notice (节前廉政提醒): a reminder job of the notices app.

For each public holiday, `ReminderSettings.integrity_days_before` working days (default
2) before its first day off — counted with `notices.calendar.working_days_before`, so
an adjusted working weekend day counts and a weekend does not — every active member
with a login receives the committee's text for that holiday (`IntegrityNoticeTemplate`,
edited in the admin; `FALLBACK_*` for a holiday without one). Spring Festival 2026 (days
off from Sunday 02-15, Saturday 02-14 worked): Saturday 02-14 is the first working day
before, Friday 02-13 the second, so the notice goes out on Friday 02-13.

Years the holiday calendar only estimates (after the chinesecalendar package's data) are
planned from the estimate; the plan marks them ``"estimated": true`` so an admin can
confirm the dates in time. Each member's key is ``integrity:<year>-<holiday key>:<user>``:
correcting an estimate after the notice went out sends nothing again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from notices import calendar, kinds
from notices.models import Holiday, IntegrityNoticeTemplate, ReminderSettings
from notices.reminders import PlannedReminder, ReminderKind, member_logins, register
from notices.schedules import DefaultSchedule

TASK = "notices.send_integrity_notices"

# For a holiday without a template of its own (a one-off holiday an admin added).
FALLBACK_TITLE = _("Integrity notice before {holiday}")
FALLBACK_BODY = _(
    "{holiday} is coming ({first_day} to {last_day}). Keep to the central eight-point "
    "rules: accept no gifts, money or shopping cards, no banquets or trips at public "
    "expense, no private use of official cars, and never drive after drinking."
)


def plan_integrity(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    """The integrity notices sent on `days`: one per holiday whose send day is among them."""
    wanted = set(days)
    if not wanted:
        return []
    days_before = ReminderSettings.load().integrity_days_before
    years = sorted(
        {year for day in wanted for year in (day.year, day.year + 1) if year <= calendar.MAX_YEAR}
    )
    templates = {t.holiday: t for t in IntegrityNoticeTemplate.objects.all()}
    audience_size = None
    reminders = []
    for year in years:
        for holiday in calendar.holidays_for_year(year):
            template = templates.get(holiday.key)
            if template is not None and not template.is_active:
                continue
            day = calendar.working_days_before(holiday.first_day, days_before)
            if day not in wanted:
                continue
            if audience_size is None:
                audience_size = member_logins().count()
            title, body = notice_text(holiday, template)
            reminders.append(
                PlannedReminder(
                    kind=kinds.INTEGRITY,
                    key=f"integrity:{holiday.year}-{holiday.key}",
                    date=day,
                    subject=f"{holiday.name} {holiday.year}",
                    title=title,
                    body=body,
                    audience_size=audience_size,
                    recipients=lambda: member_logins().order_by("pk"),
                    about={"holiday": _holiday_facts(holiday)},
                )
            )
    return reminders


def notice_text(holiday: Holiday, template: IntegrityNoticeTemplate | None) -> tuple[str, str]:
    """The notice's title and text for `holiday`, placeholders filled in (portal language)."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "holiday": holiday.name,
            "year": holiday.year,
            "first_day": formats.date_format(holiday.first_day, "DATE_FORMAT"),
            "last_day": formats.date_format(holiday.last_day, "DATE_FORMAT"),
            "days": holiday.duration,
        }
        title = template.title if template else str(FALLBACK_TITLE)
        body = template.body if template else str(FALLBACK_BODY)
        return title.format(**values), body.format(**values)


def _holiday_facts(holiday: Holiday) -> dict:
    return {
        "key": holiday.key,
        "name": holiday.name,
        "year": holiday.year,
        "first_day": holiday.first_day.isoformat(),
        "last_day": holiday.last_day.isoformat(),
        "source": holiday.source,
        "estimated": holiday.source == Holiday.Source.ESTIMATED,
    }


def register_job() -> None:
    register(
        ReminderKind(
            code="integrity",
            label=_("integrity notice before public holidays"),
            task=TASK,
            plan=plan_integrity,
        )
    )


# The default schedule of the job, installed by NoticesConfig.ready() after each migrate
# (notices/schedules.py). Runs every morning; sends only on the day that is N working
# days (ReminderSettings, default 2) before a public holiday's first day off.
SCHEDULES = [
    DefaultSchedule(
        name="reminders: integrity notice before public holidays",
        task=TASK,
        crontab=("0", "9", "*", "*"),
        description="Daily 09:00: on the N-th working day before each public holiday "
        "(reminder settings, default 2), every active member receives that holiday's "
        "integrity notice text.",
    ),
]
