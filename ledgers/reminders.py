"""The reminder job of the ledgers app (registry of notices/reminders.py).

ledger_tasks — working days (the schedule's crontab, default 08:00 Monday–Friday)
    On each day: the assignee of every unfinished period due in `days_before` working
    days (a member; for an organisation, its secretary, for a party group its leader)
    and the branch secretary of every unfinished period past its due date. Each person
    gets at most one digest per day listing both; kind ``task_overdue`` when it lists
    an overdue period, else ``task_due``. Key ``ledgers:<YYYY-MM-DD>:<user>``.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Member, Organisation, Post
from ledgers.models import ResponsibilityList, TaskPeriod
from notices.calendar import is_working_day
from notices.reminders import (
    PlannedReminder,
    ReminderKind,
    register,
    secretaries_of,
    users_by_pk,
    working_days_after,
)

UNFINISHED = [s.value for s in TaskPeriod.UNFINISHED]


def _periods(q):
    return (
        TaskPeriod.objects.filter(
            q,
            status__in=UNFINISHED,
            task__is_withdrawn=False,
            task__responsibility_list__state=ResponsibilityList.State.PUBLISHED,
        )
        .select_related(
            "task__assignee_organisation", "task__assignee_member__user", "task__assignee_member"
        )
        .order_by("due_date", "pk")
    )


def _branches_of(periods) -> dict[int, int | None]:
    """{period id: id of the branch responsible for it} (one query for the groups' branches)."""
    steplen = Organisation.steplen
    group_paths = {
        p.task.assignee_organisation.path[:-steplen]
        for p in periods
        if p.task.assignee_organisation_id and p.task.assignee_organisation.is_group
    }
    parents = dict(Organisation.objects.filter(path__in=group_paths).values_list("path", "pk"))
    found = {}
    for period in periods:
        task = period.task
        if task.assignee_member_id:
            found[period.pk] = task.assignee_member.branch_id
        elif task.assignee_organisation_id:
            organisation = task.assignee_organisation
            found[period.pk] = (
                parents.get(organisation.path[:-steplen])
                if organisation.is_group
                else organisation.pk
            )
        else:
            found[period.pk] = None
    return found


def plan_task_reminders(
    days: Sequence[datetime.date], days_before: int = 3
) -> list[PlannedReminder]:
    reminders = []
    for day in sorted(set(days)):
        if not is_working_day(day):
            continue
        due_on = working_days_after(day, days_before)
        due_soon = list(_periods(Q(due_date__gt=day, due_date__lte=due_on)))
        overdue = list(_periods(Q(due_date__lt=day)))
        # Who hears about what: {user id: ([due soon], [overdue])}.
        digest: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
        organisations = {
            p.task.assignee_organisation_id for p in due_soon if p.task.assignee_organisation_id
        }
        leaders = defaultdict(list)
        for post in (
            Post.objects.current(day)
            .filter(
                organisation_id__in=organisations,
                kind__in=[Post.Kind.SECRETARY, Post.Kind.GROUP_LEADER],
                member__state=Member.State.ACTIVE,
                member__user__is_active=True,
            )
            .values_list("organisation_id", "member__user_id")
        ):
            leaders[post[0]].append(post[1])
        for period in due_soon:
            task = period.task
            if task.assignee_member_id:
                user = task.assignee_member.user_id
                users = [user] if user and task.assignee_member.state == Member.State.ACTIVE else []
            else:
                users = leaders.get(task.assignee_organisation_id, [])
            for user in users:
                digest[user][0].append(period)
        branch_of = _branches_of(overdue)
        secretaries = secretaries_of(set(branch_of.values()) - {None}, day)
        for period in overdue:
            for user in secretaries.get(branch_of[period.pk], []):
                digest[user.pk][1].append(period)
        with translation.override(settings.LANGUAGE_CODE):
            for user_id, (soon, late) in sorted(digest.items()):
                lines = [
                    _("Due %(date)s: %(task)s (%(period)s)")
                    % {"date": p.due_date.isoformat(), "task": p.task.title, "period": p.period}
                    for p in soon
                ]
                lines += [
                    _("Overdue since %(date)s: %(task)s, %(who)s (%(period)s)")
                    % {
                        "date": p.due_date.isoformat(),
                        "task": p.task.title,
                        "who": p.task.assignee_name,
                        "period": p.period,
                    }
                    for p in late
                ]
                reminders.append(
                    PlannedReminder(
                        kind="task_overdue" if late else "task_due",
                        key=f"ledgers:{day.isoformat()}",
                        date=day,
                        subject=f"{day.isoformat()} #{user_id}",
                        title=_("Ledger: %(soon)s tasks falling due, %(late)s overdue")
                        % {"soon": len(soon), "late": len(late)},
                        body="\n".join(lines),
                        link=reverse("ledgers:mine")
                        if soon and not late
                        else reverse("ledgers:index"),
                        audience_size=1,
                        recipients=users_by_pk([user_id]),
                        about={"due_soon": [p.pk for p in soon], "overdue": [p.pk for p in late]},
                    )
                )
    return reminders


def register_jobs() -> None:
    register(
        ReminderKind(
            code="ledger_tasks",
            label=gettext_lazy("ledger tasks"),
            task="ledgers.send_task_reminders",
            plan=plan_task_reminders,
            notification_kinds=("task_due", "task_overdue"),
        )
    )
