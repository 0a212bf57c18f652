"""Progress on a task's periods: report, waive, and the daily overdue mark."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.attachments import check_upload
from activities.models import Activity
from branches.models import User
from ledgers.models import (
    LedgerError,
    ResponsibilityList,
    TaskPeriod,
    TaskUpdate,
)
from ledgers.services.common import check_open
from ledgers.services.tasks import task_roll_up


@transaction.atomic
def period_report(
    *,
    period: TaskPeriod,
    by: User | None,
    note: str,
    done: bool = False,
    evidence=None,
    activity: Activity | None = None,
    today: datetime.date | None = None,
) -> TaskUpdate:
    """A progress note on a period, optionally marking it done; evidence is never required."""
    period = (
        TaskPeriod.objects.select_for_update()
        .select_related("task__responsibility_list")
        .get(pk=period.pk)
    )
    task = period.task
    check_open(task.responsibility_list)
    today = today or timezone.localdate()
    if not (note or "").strip():
        raise LedgerError(_("Write what was done."), field="note")
    if done and task.is_counted:
        raise LedgerError(
            _(
                "This task is counted from the recorded activities; it is done when they are recorded, not by hand."
            ),
            field="done",
        )
    if done and task.children.filter(is_withdrawn=False).exists():
        raise LedgerError(
            _("This task is done when the tasks it was broken down into are done."), field="done"
        )
    if period.status == TaskPeriod.Status.WAIVED:
        raise LedgerError(_("This period is waived."))
    content_type = name = ""
    if evidence:
        try:
            checked = check_upload(evidence)
        except ValidationError as error:
            raise LedgerError(error.messages[0], field="evidence") from error
        content_type, name = checked.content_type, checked.name
    update = TaskUpdate.objects.create(
        period=period,
        author=by,
        note=note.strip(),
        marks_done=done,
        evidence=evidence or "",
        evidence_name=name,
        evidence_type=content_type,
        activity=activity,
    )
    if not task.is_counted:
        if done:
            period.status, period.done_on = TaskPeriod.Status.DONE, today
        elif period.status in (TaskPeriod.Status.OPEN, TaskPeriod.Status.OVERDUE):
            period.status = (
                TaskPeriod.Status.OVERDUE
                if period.due_date < today
                else TaskPeriod.Status.IN_PROGRESS
            )
        period._history_user = by
        period.save()
        if task.parent_id:
            task_roll_up(task=task.parent, today=today)
    return update


@transaction.atomic
def period_waive(*, period: TaskPeriod, by: User | None, reason: str) -> TaskPeriod:
    period = (
        TaskPeriod.objects.select_for_update()
        .select_related("task__responsibility_list")
        .get(pk=period.pk)
    )
    check_open(period.task.responsibility_list)
    if not (reason or "").strip():
        raise LedgerError(_("Give the reason for waiving the period."), field="reason")
    period.status, period.waived_reason = TaskPeriod.Status.WAIVED, reason.strip()[:200]
    period._history_user = by
    period.save()
    if period.task.parent_id:
        task_roll_up(task=period.task.parent)
    return period


def periods_mark_overdue(*, today: datetime.date) -> int:
    """Store the overdue status of unfinished periods past their due date (daily job)."""
    return (
        TaskPeriod.objects.filter(
            status__in=[TaskPeriod.Status.OPEN, TaskPeriod.Status.IN_PROGRESS], due_date__lt=today
        )
        .exclude(task__responsibility_list__state=ResponsibilityList.State.CLOSED)
        .update(status=TaskPeriod.Status.OVERDUE)
    )
