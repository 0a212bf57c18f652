"""Services of the ledgers app: lists, tasks and their breakdown, progress, the 8+X
template, next year's lists, the monthly assessment and the annual report review.

Every function takes keyword-only arguments, runs in one transaction and refuses a
change with `LedgerError` (a translated message, and the form field it concerns).
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.attachments import check_upload
from activities.models import Activity, ActivitySeries, ActivityType
from branches.models import Member, Organisation, User
from branches.periods import Period
from ledgers import counting
from ledgers.models import (
    PERIOD_OF,
    AnnualReport,
    Category,
    LedgerError,
    MonthlyAssessment,
    PeriodKind,
    ResponsibilityList,
    Role,
    StandardTarget,
    TargetKind,
    Task,
    TaskPeriod,
    TaskUpdate,
)

ONE_DAY = datetime.timedelta(days=1)
HUNDRED = Decimal(100)


# --- lists -----------------------------------------------------------------------------------
def _list_title(owner, year: int) -> str:
    return _("%(owner)s responsibility list %(year)s") % {"owner": owner.name, "year": year}


def _check_open(responsibility_list: ResponsibilityList) -> None:
    if responsibility_list.is_closed:
        raise LedgerError(
            _("The list %(list)s is closed; it can no longer be changed.")
            % {"list": responsibility_list.title}
        )


@transaction.atomic
def list_create(
    *,
    year: int,
    organisation: Organisation | None = None,
    member: Member | None = None,
    title: str = "",
    with_standard_targets: bool = True,
) -> ResponsibilityList:
    """A draft list of an organisation (or a member) for `year`; a branch's list starts
    with the standard targets (the "8" of 8+X)."""
    if (organisation is None) == (member is None):
        raise LedgerError(_("A list belongs to one organisation or one member."))
    owner = organisation or member
    existing = ResponsibilityList.objects.filter(
        year=year, **({"organisation": organisation} if organisation else {"member": member})
    )
    if existing.exists():
        raise LedgerError(
            _("%(owner)s already has a list for %(year)s.") % {"owner": owner.name, "year": year}
        )
    responsibility_list = ResponsibilityList.objects.create(
        year=year,
        organisation=organisation,
        member=member,
        title=title.strip() or _list_title(owner, year),
    )
    if organisation is not None and organisation.is_branch and with_standard_targets:
        standard_targets_apply(responsibility_list=responsibility_list)
    return responsibility_list


@transaction.atomic
def list_publish(*, responsibility_list: ResponsibilityList, by: User | None) -> ResponsibilityList:
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    responsibility_list.transition_to(ResponsibilityList.State.PUBLISHED)
    responsibility_list.published_at = timezone.now()
    responsibility_list._history_user = by
    responsibility_list.save()
    return responsibility_list


@transaction.atomic
def list_close(*, responsibility_list: ResponsibilityList, by: User | None) -> ResponsibilityList:
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    responsibility_list.transition_to(ResponsibilityList.State.CLOSED)
    responsibility_list.closed_at = timezone.now()
    responsibility_list._history_user = by
    responsibility_list.save()
    return responsibility_list


# --- tasks -----------------------------------------------------------------------------------
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
    _check_open(responsibility_list)
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
    _check_open(task.responsibility_list)
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
    _check_open(task.responsibility_list)
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


@transaction.atomic
def task_break_down(
    *,
    task: Task,
    by: User | None,
    assignees: Iterable[Organisation | Member],
    title: str = "",
    description: str = "",
    today: datetime.date | None = None,
) -> list[Task]:
    """责任分解: split a task received by an organisation into child tasks of its own list
    (created as a draft when it has none), one per assignee (its groups and members)."""
    organisation = task.assignee_organisation
    if organisation is None:
        raise LedgerError(_("Only a task assigned to an organisation can be broken down."))
    assignees = list(assignees)
    if not assignees:
        raise LedgerError(_("Choose at least one party group or member."), field="assignees")
    year = task.responsibility_list.year
    own = ResponsibilityList.objects.filter(organisation=organisation, year=year).first()
    if own is None:
        own = list_create(year=year, organisation=organisation, with_standard_targets=False)
    children = []
    for assignee in assignees:
        is_member = isinstance(assignee, Member)
        if is_member:
            inside = assignee.branch_id is not None and assignee.branch.path.startswith(
                organisation.path
            )
        else:
            inside = assignee.path.startswith(organisation.path) and assignee.pk != organisation.pk
        if not inside:
            raise LedgerError(
                _(
                    "%(name)s is outside %(owner)s: a task is broken down only to its own party groups and members."
                )
                % {"name": assignee.name, "owner": organisation.name},
                field="assignees",
            )
        children.append(
            task_create(
                responsibility_list=own,
                by=by,
                parent=task,
                title=title or task.title,
                description=description or task.description,
                category=task.category,
                period_kind=task.period_kind,
                due_date=task.due_date,
                weight=task.weight,
                role=task.role,
                assignee_member=assignee if is_member else None,
                assignee_organisation=None if is_member else assignee,
                target_kind=task.target_kind,
                target_activity_type=task.target_activity_type,
                target_series=task.target_series,
                target_count=task.target_count,
                target_rate=task.target_rate,
                today=today,
            )
        )
    return children


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


# --- progress --------------------------------------------------------------------------------
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
    _check_open(task.responsibility_list)
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
    _check_open(period.task.responsibility_list)
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


# --- 8+X and next year -------------------------------------------------------------------------
@transaction.atomic
def standard_targets_apply(*, responsibility_list: ResponsibilityList, today=None) -> list[Task]:
    """Give a branch's list the standard targets it does not have yet."""
    have = set(
        responsibility_list.tasks.filter(standard_target__isnull=False).values_list(
            "standard_target_id", flat=True
        )
    )
    created = []
    for target in StandardTarget.objects.filter(is_active=True).select_related("activity_type"):
        if target.pk in have:
            continue
        counted = target.activity_type_id is not None
        created.append(
            task_create(
                responsibility_list=responsibility_list,
                standard_target=target,
                title=target.title,
                description=target.description,
                category=target.category,
                period_kind=target.period_kind,
                weight=target.weight,
                role=target.role,
                target_kind=TargetKind.ACTIVITIES if counted else "",
                target_activity_type=target.activity_type,
                target_count=target.target_count if counted else None,
                today=today,
            )
        )
    return created


@transaction.atomic
def lists_create_next_year(
    *, year: int, by: User | None, within: Organisation | None = None, today=None
) -> list[ResponsibilityList]:
    """Create the lists of `year + 1` from those of `year`: every organisation list gets
    the same tasks again (counted targets included; breakdown links follow), branches
    get the standard targets. Lists that exist already are left alone."""
    source = ResponsibilityList.objects.filter(
        year=year, organisation__isnull=False
    ).select_related("organisation")
    if within is not None:
        source = source.filter(organisation__path__startswith=within.path)
    created_lists, new_task_of = [], {}
    # Parents first: organisations in path order, so a parent task is copied before its children.
    for old in sorted(source, key=lambda lst: lst.organisation.path):
        if ResponsibilityList.objects.filter(organisation=old.organisation, year=year + 1).exists():
            continue
        new = list_create(year=year + 1, organisation=old.organisation)
        created_lists.append(new)
        for task in old.tasks.live().filter(standard_target__isnull=True).order_by("pk"):
            new_task_of[task.pk] = task_create(
                responsibility_list=new,
                by=by,
                parent=new_task_of.get(task.parent_id),
                title=task.title,
                description=task.description,
                category=task.category,
                period_kind=task.period_kind,
                due_date=task.due_date.replace(year=year + 1)
                if task.due_date and not (task.due_date.month == 2 and task.due_date.day == 29)
                else None,
                assignee_organisation=task.assignee_organisation,
                assignee_member=task.assignee_member
                if task.assignee_member_id and task.assignee_member.state == Member.State.ACTIVE
                else None,
                weight=task.weight,
                role=task.role,
                target_kind=task.target_kind,
                target_activity_type=task.target_activity_type,
                target_series=task.target_series,
                target_count=task.target_count,
                target_rate=task.target_rate,
                today=today,
            )
    return created_lists


# --- monthly assessment ------------------------------------------------------------------------
def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def period_credit(period: TaskPeriod) -> Decimal:
    """How much of a period counts as done: 1 done; a counted period its share of the
    target; 0.5 in progress; 0 otherwise."""
    if period.status == TaskPeriod.Status.DONE:
        return Decimal(1)
    task = period.task
    if task.is_counted and period.counted:
        goal = task.target_count if task.target_kind == TargetKind.ACTIVITIES else task.target_rate
        return min(Decimal(1), Decimal(period.counted) / Decimal(goal or 1))
    if period.status == TaskPeriod.Status.IN_PROGRESS:
        return Decimal("0.5")
    return Decimal(0)


@transaction.atomic
def assessments_compute(
    *, year: int, month: int, branches: Iterable[Organisation] | None = None
) -> list[MonthlyAssessment]:
    """Compute each branch's score for the month: the weighted completion of the periods
    due in it (waived ones left out), of the tasks of its published lists and of those
    assigned to it, its groups and its members. 100 when nothing was due. A confirmed
    score set by the committee is kept."""
    if branches is None:
        branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH, is_active=True)
    branches = list(branches)
    month_period = Period.month(year, month)
    rows = (
        TaskPeriod.objects.filter(
            due_date__gte=month_period.first,
            due_date__lt=month_period.after,
            task__is_withdrawn=False,
            task__responsibility_list__state__in=[
                ResponsibilityList.State.PUBLISHED,
                ResponsibilityList.State.CLOSED,
            ],
        )
        .exclude(status=TaskPeriod.Status.WAIVED)
        .select_related("task__assignee_organisation", "task__assignee_member__branch")
    )
    by_path: dict[str, list[TaskPeriod]] = {}
    for period in rows:
        task = period.task
        if task.assignee_organisation_id:
            path = task.assignee_organisation.path
        elif task.assignee_member_id and task.assignee_member.branch_id:
            path = task.assignee_member.branch.path
        else:
            continue
        by_path.setdefault(path, []).append(period)
    now = timezone.now()
    results = []
    for branch in branches:
        periods = [p for path, ps in by_path.items() if path.startswith(branch.path) for p in ps]
        weight = sum((p.task.weight for p in periods), Decimal(0))
        earned = sum((p.task.weight * period_credit(p) for p in periods), Decimal(0))
        score = _quantize(earned * HUNDRED / weight) if weight else HUNDRED
        done = sum(1 for p in periods if p.status == TaskPeriod.Status.DONE)
        assessment, _created = MonthlyAssessment.objects.update_or_create(
            organisation=branch,
            year=year,
            month=month,
            defaults={
                "computed_score": score,
                "due": len(periods),
                "done": done,
                "computed_at": now,
            },
        )
        results.append(assessment)
    return results


@transaction.atomic
def assessment_adjust(
    *, assessment: MonthlyAssessment, score, reason: str, by: User | None
) -> MonthlyAssessment:
    """The committee confirms a different score with a reason; the computed one stays."""
    assessment = MonthlyAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not (reason or "").strip():
        raise LedgerError(_("Give the reason for the adjustment."), field="reason")
    try:
        score = Decimal(str(score))
    except ArithmeticError as error:
        raise LedgerError(_("The score is a number from 0 to 100."), field="score") from error
    if not Decimal(0) <= score <= HUNDRED:
        raise LedgerError(_("The score is a number from 0 to 100."), field="score")
    assessment.confirmed_score = _quantize(score)
    assessment.reason = reason.strip()
    assessment.adjusted_by, assessment.adjusted_at = by, timezone.now()
    assessment._history_user = by
    assessment.save()
    return assessment


# --- annual report review ----------------------------------------------------------------------
@transaction.atomic
def report_submit(
    *, organisation: Organisation, year: int, text: str, by: User | None, today=None
) -> AnnualReport:
    """Save the secretary's report with a fresh summary from the records."""
    from ledgers.selectors import report_summary

    if not (text or "").strip():
        raise LedgerError(_("Write the report."), field="text")
    report = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    if report is not None and report.grade:
        raise LedgerError(_("The report has been graded; it can no longer be changed."))
    secretary = getattr(getattr(by, "member", None), "pk", None)
    report = report or AnnualReport(organisation=organisation, year=year)
    report.text = text.strip()
    report.summary = report_summary(organisation, year, today=today or timezone.localdate())
    report.secretary_id = secretary
    report.submitted_at = timezone.now()
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_grade(
    *, report: AnnualReport, grade: str, comments: str, by: User | None
) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if grade not in AnnualReport.Grade.values:
        raise LedgerError(_("Choose a grade from the list."), field="grade")
    if report.submitted_at is None:
        raise LedgerError(_("The report has not been submitted yet."))
    report.grade, report.comments = grade, (comments or "").strip()
    report.graded_by, report.graded_at = by, timezone.now()
    report._history_user = by
    report.save()
    return report


def members_of(organisation: Organisation):
    """Active members of a branch (or of a party group)."""
    field = "group" if organisation.is_group else "branch"
    return Member.objects.current().filter(Q(**{field: organisation}))
