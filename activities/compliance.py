"""Compliance with the meeting cadence (中国共产党支部工作条例): required vs held, per period.

A *rule* is an active ActivityType with a cadence (`cadence_count` per `cadence_period`),
editable in the admin; the data migration loads the statutory defaults. For each branch,
rule and period of a year, a period is

* due — it ended before `until` (today by default): a shortfall is a gap;
* in progress — it contains `until`: a shortfall is still to do, not yet a gap;
* not due — it starts after `until`: nothing is missing yet.

Only held activities count, by their start date in the portal's time zone (Asia/Shanghai).
A branch-level rule (level "branch" or "any") counts the activities the branch itself
holds. A group-level rule (党小组会) is checked for each active party group of the branch:
every group must meet the cadence, and `missing` counts the group-periods that fell short;
a branch without party groups has no group-level rule.

The periods shown may be coarser than the rule's own (a monthly rule by quarter): the
requirement adds up over the months, `held` is the number of activities held, and
`missing` is the sum of each month's shortfall, so three meetings in January do not make
up for none in February and March. A rule is never split into periods finer than its own:
a quarterly rule shown by month keeps its quarters (`PeriodResult.span` says how many of
the shown columns one of its periods covers).

A *weekly* rule (cadence period "week", the theory study day: 1 a week) is "every working
Friday": it applies to a branch that has an active weekly series of that type, on the
series' weekday, and requires one session in each week whose weekday is a working day
(a Friday in a holiday break requires nothing). It is added up by month: a month
requires as many sessions as it has working Fridays, and is shown by month, quarter or
year like a monthly rule.

Cost: three queries whatever the number of branches (the rules, the branches with their
groups and study-day weekdays, and one aggregate of activities per organisation, type and
month), plus the holiday calendar's cached loads for a weekly rule.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Left, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivitySeries, ActivityType
from branches.models import Organisation
from branches.periods import Period
from notices.calendar import is_working_day

WEEK, MONTH, QUARTER, YEAR = (
    ActivityType.Period.WEEK,
    ActivityType.Period.MONTH,
    ActivityType.Period.QUARTER,
    ActivityType.Period.YEAR,
)
MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12}
PERIOD_KINDS = tuple(MONTHS_IN)

CADENCE_LABELS = {
    WEEK: _("every working %(weekday)s"),
    MONTH: _("at least %(count)s a month"),
    QUARTER: _("at least %(count)s a quarter"),
    YEAR: _("at least %(count)s a year"),
}


class PeriodStatus(models.TextChoices):
    DUE = "due", _("period over")
    IN_PROGRESS = "in_progress", _("in progress")
    NOT_DUE = "not_due", _("not due yet")


# --- periods ---------------------------------------------------------------------------
def year_periods(year: int, kind: str) -> list[Period]:
    """The months, quarters or the year of `year`, in order."""
    return list(_year_periods(year, kind))


@functools.lru_cache(maxsize=256)
def _year_periods(year: int, kind: str) -> tuple[Period, ...]:
    # Cached: a province's report asks for the same few periods a hundred thousand times.
    if kind not in (MONTH, QUARTER, YEAR):
        raise ValueError(f"Unknown period kind: {kind!r}")
    return tuple(Period.year(year).split(kind))


def period_status(period: Period, today: datetime.date) -> str:
    if period.after <= today:
        return PeriodStatus.DUE
    if period.first <= today:
        return PeriodStatus.IN_PROGRESS
    return PeriodStatus.NOT_DUE


def _coarser(first: str, second: str | None) -> str:
    if second is None:
        return first
    return first if MONTHS_IN[first] >= MONTHS_IN[second] else second


# --- results ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodResult:
    """One rule in one period: what was required, what was held, what is missing."""

    period: Period
    status: str
    required: int
    held: int
    missing: int
    span: int = 1  # how many of the shown periods this one covers (a quarter shown by month: 3)

    @property
    def label(self) -> str:
        return self.period.text

    @property
    def is_due(self) -> bool:
        return self.status == PeriodStatus.DUE

    @property
    def is_in_progress(self) -> bool:
        return self.status == PeriodStatus.IN_PROGRESS

    @property
    def is_not_due(self) -> bool:
        return self.status == PeriodStatus.NOT_DUE

    @property
    def gap(self) -> int:
        """What was missed in a period that has ended."""
        return self.missing if self.is_due else 0

    @property
    def to_do(self) -> int:
        """What is still to be held in the period in progress."""
        return self.missing if self.is_in_progress else 0

    @property
    def status_label(self) -> str:
        return PeriodStatus(self.status).label

    def as_dict(self) -> dict:
        return {
            "period": self.label,
            "status": self.status,
            "required": self.required,
            "held": self.held,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class GroupResult:
    """A group-level rule for one party group of the branch."""

    group: Organisation
    periods: list[PeriodResult]

    @property
    def gaps(self) -> int:
        return sum(p.gap for p in self.periods)


@dataclass(frozen=True)
class RuleResult:
    """One rule (an activity type with a cadence) for one branch over the year."""

    activity_type: ActivityType
    period_kind: str  # the period the results are given in (never finer than the rule's own)
    periods: list[PeriodResult]
    groups: list[GroupResult] = field(default_factory=list)
    weekday: int | None = None  # a weekly rule: the weekday of the branch's series

    @property
    def code(self) -> str:
        return self.activity_type.code

    @property
    def name(self) -> str:
        return self.activity_type.name

    @property
    def per_group(self) -> bool:
        return self.activity_type.level == ActivityType.Level.GROUP

    @property
    def cadence_label(self) -> str:
        if self.weekday is not None:
            return CADENCE_LABELS[WEEK] % {"weekday": ActivitySeries.Weekday(self.weekday).label}
        return CADENCE_LABELS[self.activity_type.cadence_period] % {
            "count": self.activity_type.cadence_count
        }

    @property
    def gaps(self) -> int:
        return sum(p.gap for p in self.periods)

    @property
    def to_do(self) -> int:
        return sum(p.to_do for p in self.periods)

    @property
    def held(self) -> int:
        return sum(p.held for p in self.periods)

    @property
    def required_so_far(self) -> int:
        """What the periods begun so far (over or in progress) require."""
        return sum(p.required for p in self.periods if not p.is_not_due)

    @property
    def gap_periods(self) -> list[PeriodResult]:
        return [p for p in self.periods if p.gap]

    def as_dict(self) -> dict:
        data = {
            "type": self.code,
            "name": self.name,
            "cadence": {
                "count": self.activity_type.cadence_count,
                "period": self.activity_type.cadence_period,
                "per_group": self.per_group,
                **({"weekday": self.weekday} if self.weekday is not None else {}),
            },
            "period": self.period_kind,
            "periods": [p.as_dict() for p in self.periods],
        }
        if self.per_group:
            data["groups"] = [
                {
                    "id": g.group.pk,
                    "name": g.group.name,
                    "periods": [p.as_dict() for p in g.periods],
                }
                for g in self.groups
            ]
        return data


@dataclass(frozen=True)
class BranchCompliance:
    """Every rule of one branch over the year."""

    branch: Organisation
    groups: list[Organisation]
    rules: list[RuleResult]

    @property
    def gaps(self) -> int:
        return sum(rule.gaps for rule in self.rules)

    @property
    def to_do(self) -> int:
        return sum(rule.to_do for rule in self.rules)

    @property
    def by_code(self) -> dict[str, RuleResult]:
        return {rule.code: rule for rule in self.rules}

    def as_dict(self) -> dict:
        return {
            "id": self.branch.pk,
            "name": self.branch.name,
            "gaps": self.gaps,
            "rules": [rule.as_dict() for rule in self.rules],
        }


# --- queries ---------------------------------------------------------------------------
def compliance_rules() -> list[ActivityType]:
    """Active types with a cadence that a branch or its party groups hold (one query)."""
    return list(
        ActivityType.objects.filter(
            is_active=True,
            cadence_count__gt=0,
            cadence_period__in=(WEEK, *PERIOD_KINDS),
            level__in=[ActivityType.Level.BRANCH, ActivityType.Level.ANY, ActivityType.Level.GROUP],
        ).order_by("sort_order", "pk")
    )


def _branches_with_groups(
    branches: QuerySet[Organisation] | Iterable[Organisation],
    weekly_rules: Iterable[ActivityType] = (),
) -> list[tuple[Organisation, list[Organisation]]]:
    """The branches (tree order), each with its active party groups, in one query.

    For each weekly rule, each row carries `weekday_<type id>`: the weekday of the
    organisation's active weekly series of that type (None without one).
    """
    if isinstance(branches, QuerySet):
        ids, paths = branches.values("pk"), branches.values("path")
    else:
        branches = list(branches)
        ids, paths = [b.pk for b in branches], [b.path for b in branches]
    parent_path = Left("path", (F("depth") - 1) * Organisation.steplen)
    rows = (
        Organisation.objects.annotate(parent_path=parent_path)
        .filter(
            Q(pk__in=ids) | Q(kind=Organisation.Kind.GROUP, is_active=True, parent_path__in=paths)
        )
        .annotate(
            is_target=Case(
                When(pk__in=ids, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            **{
                f"weekday_{rule.pk}": Subquery(
                    ActivitySeries.objects.filter(
                        branch=OuterRef("pk"),
                        activity_type_id=rule.pk,
                        is_active=True,
                        cadence=ActivitySeries.Cadence.WEEKLY,
                        weekday__isnull=False,
                    )
                    .order_by("pk")
                    .values("weekday")[:1]
                )
                for rule in weekly_rules
            },
        )
        .order_by("path")
    )
    targets, groups = [], defaultdict(list)
    for row in rows:
        if row.is_target:
            targets.append(row)
        else:
            groups[row.parent_path].append(row)
    return [(branch, groups.get(branch.path, [])) for branch in targets]


def _held_by_month(
    organisation_ids: list[int], rules: list[ActivityType], year: int
) -> dict[tuple[int, int], dict[int, int]]:
    """{(organisation id, type id): {month: number held}} for the year, in one query."""
    if not organisation_ids or not rules:
        return {}
    zone = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = (
        Activity.objects.filter(
            state=Activity.State.HELD,
            organisation_id__in=organisation_ids,
            activity_type__in=[rule.pk for rule in rules],
            start__gte=start,
            start__lt=end,
        )
        .annotate(month=TruncMonth("start", tzinfo=zone))
        .order_by()
        .values("organisation_id", "activity_type_id", "month")
        .annotate(held=Count("pk"))
    )
    held: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for row in rows:
        month = timezone.localtime(row["month"], zone).month
        held[row["organisation_id"], row["activity_type_id"]][month] = row["held"]
    return held


# --- the computation (no queries) ---------------------------------------------------
def _period_result(
    period: Period,
    *,
    rule: ActivityType,
    units: list[dict[int, int]],
    today: datetime.date,
    span: int,
    weekday: int | None = None,
) -> PeriodResult:
    """Add up the rule's own periods inside `period`, for each unit (the branch, or each group).

    A weekly rule (`weekday` given) is added up by month: the month requires one per
    working `weekday` in it (weeks whose weekday is a day off require nothing).
    """
    step = 1 if weekday is not None else MONTHS_IN[rule.cadence_period]
    months = range(period.first.month, period.first.month + _months_in(period))
    required = held = missing = 0
    for index in range(0, len(months), step):
        chunk = months[index : index + step]
        begun = datetime.date(period.first.year, chunk[0], 1) <= today
        count = rule.cadence_count
        if weekday is not None:
            count *= working_weekdays(period.first.year, chunk[0], weekday)
        for unit in units:
            done = sum(unit.get(month, 0) for month in chunk)
            required += count
            held += done
            if begun:
                missing += max(0, count - done)
    return PeriodResult(
        period=period,
        status=period_status(period, today),
        required=required,
        held=held,
        missing=missing,
        span=span,
    )


def working_weekdays(year: int, month: int, weekday: int) -> int:
    """How many of the month's `weekday`s are working days (notices' holiday calendar)."""
    day = datetime.date(year, month, 1)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    count = 0
    while day.month == month:
        count += is_working_day(day)
        day += datetime.timedelta(days=7)
    return count


def _months_in(period: Period) -> int:
    return (period.after.year - period.first.year) * 12 + period.after.month - period.first.month


def compliance_for(
    branches: QuerySet[Organisation] | Iterable[Organisation],
    *,
    year: int,
    period_kind: str | None = None,
    until: datetime.date | None = None,
    rules: list[ActivityType] | None = None,
) -> list[BranchCompliance]:
    """Required vs held for every branch, rule and period of `year` (three queries).

    `period_kind`: month, quarter or year; None gives each rule in its own cadence period
    (the same as month, since a rule is never split finer than its own period).
    `until`: the day the check is made (today by default); later periods are not due.
    `rules`: compliance_rules() when the caller has them already (one query fewer).
    """
    if period_kind is not None and period_kind not in MONTHS_IN:
        raise ValueError(f"Unknown period kind: {period_kind!r}")
    today = until or timezone.localdate(timezone=timezone.get_default_timezone())
    rules = compliance_rules() if rules is None else rules
    structure = _branches_with_groups(branches, [r for r in rules if r.cadence_period == WEEK])
    organisation_ids = [org.pk for branch, groups in structure for org in (branch, *groups)]
    held = _held_by_month(organisation_ids, rules, year)

    return [
        BranchCompliance(
            branch,
            groups,
            [
                result
                for rule in rules
                if (result := _rule_result(rule, branch, groups, held, year, period_kind, today))
            ],
        )
        for branch, groups in structure
    ]


def _rule_result(
    rule: ActivityType,
    branch: Organisation,
    groups: list[Organisation],
    held: dict[tuple[int, int], dict[int, int]],
    year: int,
    period_kind: str | None,
    today: datetime.date,
    containing: datetime.date | None = None,
) -> RuleResult | None:
    """One rule for one branch; None when the rule does not apply to it.

    A weekly rule applies to a branch with an active weekly series of its type (the
    branch's study day), on that series' weekday.

    `containing`: only the period containing that day, without the per-group detail
    (what the reminders look at).
    """
    per_group = rule.level == ActivityType.Level.GROUP
    if (per_group and not groups) or (not per_group and not rule.held_by(branch)):
        return None
    weekday = None
    if rule.cadence_period == WEEK:
        weekday = getattr(branch, f"weekday_{rule.pk}", None)
        if weekday is None or per_group:
            return None
    kind = _coarser(MONTH if weekday is not None else rule.cadence_period, period_kind)
    span = MONTHS_IN[kind] // MONTHS_IN[period_kind or MONTH]
    periods = year_periods(year, kind)
    if containing is not None:
        periods = [p for p in periods if p.first <= containing < p.after]
    units = groups if per_group else [branch]
    counts = [held.get((unit.pk, rule.pk), {}) for unit in units]

    def results(unit_counts: list[dict[int, int]]) -> list[PeriodResult]:
        return [
            _period_result(
                period, rule=rule, units=unit_counts, today=today, span=span, weekday=weekday
            )
            for period in periods
        ]

    group_results = (
        [GroupResult(group, results([c])) for group, c in zip(groups, counts, strict=True)]
        if per_group and containing is None
        else []
    )
    return RuleResult(rule, kind, results(counts), group_results, weekday)


# --- for reminders -------------------------------------------------------------------
class Gap(NamedTuple):
    rule: str  # the activity type's name, e.g. 支部党员大会
    period: str  # e.g. 2026-Q2
    missing: int


def compliance_gaps(
    branch: Organisation, today: datetime.date | None = None, *, period_kind: str = QUARTER
) -> list[Gap]:
    """What the branch still lacks in the period containing `today` (the current quarter).

    Monthly rules count every month of the quarter begun so far (a month already over
    with no meeting stays missing); yearly rules look at the whole year. Three queries.
    """
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    [result] = compliance_for([branch], year=today.year, period_kind=period_kind, until=today)
    return current_gaps(result, today)


def gaps_on_days(
    branches: QuerySet[Organisation] | Iterable[Organisation],
    days: Iterable[datetime.date],
    *,
    period_kind: str = QUARTER,
    rules: list[ActivityType] | None = None,
) -> dict[datetime.date, list[tuple[Organisation, list[Gap]]]]:
    """For each day, the branches with gaps in the period containing it, and those gaps.

    What `current_gaps(compliance_for(..., until=day), day)` gives for each day, but the
    branches are read once and the activities once per year (not once per day), and only
    the period containing each day is computed: a year's plan of the cadence reminders
    for a province takes seconds, not minutes.
    """
    rules = compliance_rules() if rules is None else rules
    structure = _branches_with_groups(branches)
    organisation_ids = [org.pk for branch, groups in structure for org in (branch, *groups)]
    found = {}
    for year, year_days in groupby(sorted(set(days)), key=lambda day: day.year):
        held = _held_by_month(organisation_ids, rules, year)
        for day in year_days:
            found[day] = [
                (branch, gaps)
                for branch, groups in structure
                if (
                    gaps := current_gaps(
                        BranchCompliance(
                            branch,
                            groups,
                            [
                                result
                                for rule in rules
                                if (
                                    result := _rule_result(
                                        rule, branch, groups, held, year, period_kind, day, day
                                    )
                                )
                            ],
                        ),
                        day,
                    )
                )
            ]
    return found


def current_gaps(result: BranchCompliance, today: datetime.date) -> list[Gap]:
    """The gaps of one branch's result in the periods containing `today`."""
    return [
        Gap(rule.name, period.label, period.missing)
        for rule in result.rules
        for period in rule.periods
        if period.period.first <= today < period.period.after and period.missing
    ]
