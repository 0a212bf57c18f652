"""The reminder job of the points app: point claims waiting too long for a decision.

Registered in PointsConfig.ready() with the registry of notices/reminders.py, which both
sends (points/tasks.py) and shows what will be sent (``manage.py reminders_plan``).

claim_pending
    A claim still pending after `ReminderSettings.claim_waiting_days` (default 3) whole
    working days following the day it was submitted is brought to the secretary of the
    claimant's branch (else its deputy secretaries; never the claimant) on the next
    working day the job runs: submitted on Monday, reminded on Friday. Once per claim
    (key ``claim-pending:<claim>:<user>``); a claim the job could not remind on its day
    (job off, no secretary yet) is reminded on the next run. Only working days send.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.calendar import is_working_day
from notices.models import Notification, ReminderSettings
from notices.reminders import (
    PlannedReminder,
    ReminderKind,
    register,
    secretaries_of,
    users_by_pk,
    working_days_after,
)
from notices.schedules import DefaultSchedule
from points import notifications
from points.models import PointClaim

KEY = "claim-pending"


def reminder_day_of(claim: PointClaim, waiting_days: int) -> datetime.date:
    """The first day the claim counts as waiting too long."""
    submitted = timezone.localtime(claim.created).date()
    return working_days_after(submitted, waiting_days + 1)


def plan_claim_reminders(days: Sequence[datetime.date]) -> list[PlannedReminder]:
    """Claims reminded on `days`: each on the first working one after it became overdue."""
    run_days = sorted(day for day in set(days) if is_working_day(day))
    if not run_days:
        return []
    waiting_days = ReminderSettings.load().claim_waiting_days
    claims = (
        PointClaim.objects.pending()
        .filter(member__branch__isnull=False)
        .select_related("member__branch", "rule")
        .order_by("created", "pk")
    )
    by_day: dict[datetime.date, list[PointClaim]] = defaultdict(list)
    for claim in claims:
        overdue = reminder_day_of(claim, waiting_days)
        day = next((d for d in run_days if d >= overdue), None)
        if day is not None:
            by_day[day].append(claim)

    planned = []
    for day, day_claims in sorted(by_day.items()):
        secretaries = secretaries_of({c.member.branch_id for c in day_claims}, day)
        for claim in day_claims:
            branch_id, claimant = claim.member.branch_id, claim.member.user_id
            users = secretaries.get(branch_id, [])
            if claimant in {user.pk for user in users}:
                # The secretary's own claim: the deputies decide it (a rare extra query).
                users = secretaries_of([branch_id], day, excluding=[claimant]).get(branch_id, [])
            if users:
                planned.append((day, claim, users))
    sent = set(
        Notification.objects.filter(
            dedupe_key__in=[
                f"{KEY}:{claim.pk}:{user.pk}" for _day, claim, users in planned for user in users
            ]
        ).values_list("dedupe_key", flat=True)
    )

    reminders = []
    with translation.override(settings.LANGUAGE_CODE):
        for day, claim, users in planned:
            users = [user for user in users if f"{KEY}:{claim.pk}:{user.pk}" not in sent]
            if not users:
                continue  # reminded already
            submitted = timezone.localtime(claim.created).date()
            values = {
                "member": claim.member.name,
                "rule": claim.rule.name,
                "date": formats.date_format(submitted, "MONTH_DAY_FORMAT"),
            }
            reminders.append(
                PlannedReminder(
                    kind=notifications.CLAIM_PENDING,
                    key=f"{KEY}:{claim.pk}",
                    date=day,
                    subject=f"{claim.member.name}：{claim.rule.name}（{claim.member.branch.name}）",
                    title=_("Point claim waiting since %(date)s: %(member)s, %(rule)s") % values,
                    body="\n".join(
                        [claim.description[:200], _("Please decide it on the pending claims page.")]
                    ),
                    link=claim.get_absolute_url(),
                    audience_size=len(users),
                    recipients=users_by_pk(user.pk for user in users),
                    about={
                        "claim": {
                            "id": claim.pk,
                            "member": claim.member.name,
                            "rule": claim.rule.name,
                            "submitted": submitted.isoformat(),
                        },
                        "branch": {"id": claim.member.branch_id, "name": claim.member.branch.name},
                    },
                )
            )
    return reminders


def register_jobs() -> None:
    """Called from PointsConfig.ready()."""
    register(
        ReminderKind(
            code="claim_pending",
            label=gettext_lazy("point claims waiting for a decision"),
            task="points.send_claim_reminders",
            plan=plan_claim_reminders,
        )
    )


# The default schedule of the job, installed by PointsConfig.ready() after each migrate
# (notices/schedules.py): created when missing, never overwriting an admin's change.
# Claims must not wait: a claim pending more than N working days (default 3) is brought
# to the secretary once. Runs daily; only working days send.
SCHEDULES = [
    DefaultSchedule(
        name="reminders: point claims waiting for a decision",
        task="points.send_claim_reminders",
        crontab=("30", "9", "*", "*"),
        description="Daily 09:30 on working days: the secretary is reminded once of each "
        "point claim pending more than N working days (reminder settings, default 3).",
    ),
]
