"""The monthly assessment of the branches and the committee's adjustment."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Organisation, User
from branches.periods import Period
from ledgers.models import (
    LedgerError,
    MonthlyAssessment,
    ResponsibilityList,
    TargetKind,
    TaskPeriod,
)
from ledgers.services.common import HUNDRED


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
