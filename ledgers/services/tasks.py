"""Tasks: add one with its periods, change, withdraw, and roll a parent's periods up
from its children."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import ActivitySeries, ActivityType
from branches.models import Member, Organisation, User
from branches.periods import Period
from ledgers import counting
from ledgers.models import (
    PERIOD_OF,
    Category,
    LedgerError,
    PeriodKind,
    ResponsibilityList,
    Role,
    StandardTarget,
    TargetKind,
    Task,
    TaskPeriod,
)
from ledgers.services.common import HUNDRED, check_open


def _periods_of(period_kind: str, year: int, due_date: datetime.date | None) -> list[tuple]:
    """(period value, first day, last day, due date) of each period of the task."""
    rows = []
    for period in Period.year(year).split(PERIOD_OF[PeriodKind(period_kind)]):
        rows.append((period.value, period.first, period.last, period.last))
    if due_date is not None and len(rows) == 1:
        value, first, last, _due = rows[0]
        rows[0] = (value, first, last, due_date)
    return rows


def _check_assignee(
    responsibility_list: ResponsibilityList,
    organisation: Organisation | None,
    member: Member | None,
) -> None:
    """An organisation's task goes to the organisation itself, one below it or its members."""
    if organisation is not None and member is not None:
        raise LedgerError(_("Assign the task to an organisation or to a member, not both."))
    owner = responsibility_list.organisation
    if owner is None:  # a member's own list
        if organisation is not None or (
            member is not None and member.pk != responsibility_list.member_id
        ):
            raise LedgerError(
                _("A task of a member's own list is that member's."), field="assignee"
            )
        return
    if organisation is not None and not organisation.path.startswith(owner.path):
        raise LedgerError(
            _("%(name)s is outside %(owner)s; assign the task within it.")
            % {"name": organisation.name, "owner": owner.name},
            field="assignee",
        )
    if member is not None:
        branch_path = member.branch.path if member.branch_id else ""
        if not branch_path.startswith(owner.path) and not owner.path.startswith(branch_path or "-"):
            raise LedgerError(
                _("%(name)s is not a member of %(owner)s; assign the task within it.")
                % {"name": member.name, "owner": owner.name},
                field="assignee",
            )
        if owner.is_group and member.group_id != owner.pk:
            raise LedgerError(
                _("%(name)s is not a member of %(owner)s; assign the task within it.")
                % {"name": member.name, "owner": owner.name},
                field="assignee",
            )


def _check_target(
    *,
    target_kind: str,
    activity_type: ActivityType | None,
    series: ActivitySeries | None,
    count: int | None,
    rate: int | None,
) -> None:
    if target_kind not in TargetKind.values:
        raise LedgerError(
            _("Unknown kind of counted target: %(kind)s.") % {"kind": target_kind},
            field="target_kind",
        )
    if target_kind == TargetKind.ACTIVITIES:
        if activity_type is None and series is None:
            raise LedgerError(
                _("Choose the activity type or series the target counts."),
                field="target_activity_type",
            )
        if not count or count < 1:
            raise LedgerError(
                _("Give how many times per period (at least 1)."), field="target_count"
            )
    if target_kind == TargetKind.ATTENDANCE and (rate is None or not 1 <= rate <= 100):
        raise LedgerError(
            _("Give the attendance rate as a percentage between 1 and 100."), field="target_rate"
        )


@transaction.atomic
def task_create(
    *,
    responsibility_list: ResponsibilityList,
    title: str,
    category: str,
    period_kind: str,
    by: User | None = None,
    description: str = "",
    due_date: datetime.date | None = None,
    assignee_organisation: Organisation | None = None,
    assignee_member: Member | None = None,
    weight: Decimal = Decimal(1),
    role: str = "",
    target_kind: str = "",
    target_activity_type: ActivityType | None = None,
    target_series: ActivitySeries | None = None,
    target_count: int | None = None,
    target_rate: int | None = None,
    parent: Task | None = None,
    standard_target: StandardTarget | None = None,
    today: datetime.date | None = None,
) -> Task:
    """Add a task with one row per period (a monthly task has twelve)."""
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    check_open(responsibility_list)
    year = responsibility_list.year
    if not (title or "").strip():
        raise LedgerError(_("Give the task a title."), field="title")
    if category not in Category.values:
        raise LedgerError(_("Choose the task's category."), field="category")
    if period_kind not in PeriodKind.values:
        raise LedgerError(_("Choose the task's period."), field="period_kind")
    if role and role not in Role.values:
        raise LedgerError(_("Choose a responsibility from the list."), field="role")
    if due_date is not None:
        if due_date.year != year:
            raise LedgerError(
                _("The due date must fall within %(year)s, the year of the list.") % {"year": year},
                field="due_date",
            )
        if period_kind not in (PeriodKind.ANNUAL, PeriodKind.ROUTINE):
            raise LedgerError(
                _(
                    "Only an annual or routine task has one due date; the others are due at the end of each period."
                ),
                field="due_date",
            )
    if weight is None or not Decimal("0.1") <= Decimal(weight) <= HUNDRED:
        raise LedgerError(_("The weight is between 0.1 and 100."), field="weight")
    target_kind = target_kind or ""
    _check_target(
        target_kind=target_kind,
        activity_type=target_activity_type,
        series=target_series,
        count=target_count,
        rate=target_rate,
    )
    if assignee_organisation is None and assignee_member is None:
        assignee_organisation = responsibility_list.organisation
        assignee_member = responsibility_list.member
    _check_assignee(responsibility_list, assignee_organisation, assignee_member)
    task = Task(
        responsibility_list=responsibility_list,
        parent=parent,
        standard_target=standard_target,
        title=title.strip(),
        description=description.strip(),
        category=category,
        period_kind=period_kind,
        due_date=due_date,
        assignee_organisation=assignee_organisation,
        assignee_member=assignee_member,
        weight=Decimal(weight),
        role=role,
        target_kind=target_kind,
        target_activity_type=target_activity_type if target_kind else None,
        target_series=target_series if target_kind else None,
        target_count=target_count if target_kind == TargetKind.ACTIVITIES else None,
        target_rate=target_rate if target_kind == TargetKind.ATTENDANCE else None,
        created_by=by,
    )
    task._history_user = by
    task.save()
    today = today or timezone.localdate()
    TaskPeriod.objects.bulk_create(
        TaskPeriod(
            task=task,
            period=value,
            first_day=first,
            last_day=last,
            due_date=due,
            status=TaskPeriod.Status.OVERDUE if due < today else TaskPeriod.Status.OPEN,
        )
        for value, first, last, due in _periods_of(period_kind, year, due_date)
    )
    counting.task_recount(task, today=today)
    if parent is not None:
        task_roll_up(task=parent, today=today)
    return task


@transaction.atomic
def task_change(
    *,
    task: Task,
    by: User | None,
    title: str,
    description: str,
    weight: Decimal,
    role: str = "",
    due_date: datetime.date | None = None,
) -> Task:
    """Change the text, weight, responsibility or (annual/routine) due date of a task."""
    task = Task.objects.select_for_update().select_related("responsibility_list").get(pk=task.pk)
    check_open(task.responsibility_list)
    year = task.responsibility_list.year
    if not (title or "").strip():
        raise LedgerError(_("Give the task a title."), field="title")
    if weight is None or not Decimal("0.1") <= Decimal(weight) <= HUNDRED:
        raise LedgerError(_("The weight is between 0.1 and 100."), field="weight")
    if due_date is not None and due_date.year != year:
        raise LedgerError(
            _("The due date must fall within %(year)s, the year of the list.") % {"year": year},
            field="due_date",
        )
    task.title, task.description = title.strip(), description.strip()
    task.weight, task.role = Decimal(weight), role
    task._history_user = by
    if due_date is not None and task.period_kind in (PeriodKind.ANNUAL, PeriodKind.ROUTINE):
        task.due_date = due_date
        task.periods.update(due_date=due_date)
    task.save()
    return task


@transaction.atomic
def task_withdraw(*, task: Task, reason: str, by: User | None) -> Task:
    """Withdraw a task (kept, marked withdrawn; it no longer counts)."""
    task = Task.objects.select_for_update().select_related("responsibility_list").get(pk=task.pk)
    check_open(task.responsibility_list)
    if not (reason or "").strip():
        raise LedgerError(_("Give the reason for withdrawing the task."), field="reason")
    if task.children.filter(is_withdrawn=False).exists():
        raise LedgerError(_("Withdraw the tasks it was broken down into first."))
    task.is_withdrawn, task.withdrawn_reason = True, reason.strip()
    task._history_user = by
    task.save()
    if task.parent_id:
        task_roll_up(task=task.parent)
    return task


def task_is_complete(task: Task) -> bool:
    return not task.periods.exclude(status__in=TaskPeriod.FINISHED).exists()


@transaction.atomic
def task_roll_up(*, task: Task, today: datetime.date | None = None) -> tuple[int, int]:
    """A parent's periods follow its children: done when all are complete, in progress when
    some are. Returns (complete children, children). Rolls up further to the grandparent."""
    today = today or timezone.localdate()
    children = list(task.children.filter(is_withdrawn=False))
    if not children:
        return (0, 0)
    complete = sum(1 for child in children if task_is_complete(child))
    for period in task.periods.exclude(status=TaskPeriod.Status.WAIVED):
        if complete == len(children):
            status = TaskPeriod.Status.DONE
        elif period.due_date < today:
            status = TaskPeriod.Status.OVERDUE
        elif complete:
            status = TaskPeriod.Status.IN_PROGRESS
        else:
            status = TaskPeriod.Status.OPEN
        if status != period.status:
            period.status = status
            period.done_on = today if status == TaskPeriod.Status.DONE else None
            period.save(update_fields=["status", "done_on", "updated"])
    if task.parent_id:
        task_roll_up(task=task.parent, today=today)
    return (complete, len(children))
