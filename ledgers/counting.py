"""Counted targets: a task period fills itself from the activities that are held.

"activity type T (or series S) held N times per period by the assignee": the held
activities of the assigned organisation and its party groups (for a member: those they
were present at) of
that type or series inside the period. "attendance rate at least X % per period": the
attendance of those activities (of the type, when one is given; else of the statutory
三会一课) — for a member, their own presence.

Every recomputation derives the period from the current activities (never from the
number of signals received), so a repeated or late signal changes nothing; the period
links the activities it counted.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone

from activities.models import Activity, Attendance
from branches.models import Organisation
from branches.periods import Period
from ledgers.models import ResponsibilityList, TargetKind, Task, TaskPeriod


def _activities_for(task: Task, period: TaskPeriod):
    start, end = Period(
        period.first_day, period.last_day + datetime.timedelta(days=1), ""
    ).datetimes()
    activities = Activity.objects.counted().in_range(start, end)
    if task.target_series_id:
        activities = activities.filter(series_id=task.target_series_id)
    elif task.target_activity_type_id:
        activities = activities.filter(activity_type_id=task.target_activity_type_id)
    elif task.target_kind == TargetKind.ATTENDANCE:
        activities = activities.filter(activity_type__is_statutory=True)
    if task.assignee_member_id:
        return activities.filter(
            attendances__member_id=task.assignee_member_id,
            attendances__status=Attendance.Status.PRESENT,
        )
    # An organisation's activities include those of its party groups (党小组会 of a branch).
    return activities.filter(organisation__path__startswith=task.assignee_organisation.path)


def _status(period: TaskPeriod, reached: bool, progress: bool, today) -> str:
    if period.status == TaskPeriod.Status.WAIVED:
        return period.status
    if reached:
        return TaskPeriod.Status.DONE
    if period.due_date < today:
        return TaskPeriod.Status.OVERDUE
    return TaskPeriod.Status.IN_PROGRESS if progress else TaskPeriod.Status.OPEN


def period_recount(period: TaskPeriod, *, today: datetime.date | None = None) -> None:
    """Derive a counted period's count, status and activities from the held activities."""
    task = period.task
    today = today or timezone.localdate()
    activities = list(_activities_for(task, period).order_by("start").values_list("pk", flat=True))
    activities = list(dict.fromkeys(activities))
    if task.target_kind == TargetKind.ATTENDANCE:
        rows = Attendance.objects.filter(activity_id__in=activities, is_guest=False)
        if task.assignee_member_id:
            rows = rows.filter(member_id=task.assignee_member_id)
        totals = rows.aggregate(
            all=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
        )
        rate = totals["present"] * 100 / totals["all"] if totals["all"] else None
        count = round(rate) if rate is not None else 0
        reached = rate is not None and rate >= (task.target_rate or 0)
    else:
        count = len(activities)
        reached = count >= (task.target_count or 1)
    status = _status(period, reached, bool(activities), today)
    period.counted = min(count, 32767)
    if status != period.status:
        period.status = status
        period.done_on = today if status == TaskPeriod.Status.DONE else None
    period.save(update_fields=["counted", "status", "done_on", "updated"])
    period.activities.set(activities)


def _open_lists():
    return ~Q(task__responsibility_list__state=ResponsibilityList.State.CLOSED)


def periods_recount(periods: Iterable[TaskPeriod], *, today=None) -> int:
    count = 0
    for period in periods:
        period_recount(period, today=today)
        count += 1
    return count


def activity_periods(activity: Activity):
    """The counted periods an activity may concern: those it is linked to now, and those
    whose task counts its kind for its organisation or one of its present members."""
    local_day = timezone.localtime(activity.start).date()
    kind = Q(task__target_activity_type_id=activity.activity_type_id) | Q(
        task__target_activity_type__isnull=True, task__target_series__isnull=True
    )
    if activity.series_id:
        kind |= Q(task__target_series_id=activity.series_id)
    present = Attendance.objects.filter(activity=activity).values("member_id")
    path, step = activity.organisation.path, Organisation.steplen
    ancestors = [path[:end] for end in range(step, len(path) + 1, step)]
    assignee = Q(task__assignee_organisation__path__in=ancestors) | Q(
        task__assignee_member_id__in=present
    )
    candidates = TaskPeriod.objects.filter(
        _open_lists(),
        kind,
        assignee,
        task__is_withdrawn=False,
        first_day__lte=local_day,
        last_day__gte=local_day,
    ).exclude(task__target_kind="")
    linked = TaskPeriod.objects.filter(_open_lists(), activities=activity)
    ids = set(candidates.values_list("pk", flat=True)) | set(linked.values_list("pk", flat=True))
    return (
        TaskPeriod.objects.filter(pk__in=ids)
        .select_related("task__assignee_organisation")
        .order_by("pk")
    )


def activity_recount(activity: Activity, *, today=None) -> int:
    """Recount every counted period the activity concerns (the signals' receivers)."""
    return periods_recount(activity_periods(activity), today=today)


def task_recount(task: Task, *, today=None) -> int:
    if not task.is_counted:
        return 0
    return periods_recount(task.periods.select_related("task__assignee_organisation"), today=today)
