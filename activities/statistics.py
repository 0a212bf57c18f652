"""Batch figures of organisational life for the apps above (dashboards, ledgers, brands).

The read API. Every function takes many organisations at once and costs a FIXED number of
queries whatever their number (and whatever the number of activities); an organisation's
figure includes its whole subtree (a branch counts its party groups' activities, a general
branch or a committee the branches under it), found by `Organisation.path` prefixes.
`organisations` is an iterable of Organisation objects (no query) or of primary keys (one
query more). Periods are `branches.periods.Period`; only held activities count, by their
start in the portal's time zone.

* `held_activities(organisations=..., period=..., by=None)` → {org id: {(type id, sub-period): n}}:
  held activities by organisation × type × period; `by` ("month", "quarter", "week", ...)
  splits `period` into sub-periods, None keeps the whole period. One query.
* `attendance_rates(organisations=..., period=..., by=None)` → {org id: {sub-period: Attendance}}:
  present / (present + on leave + absent) of non-guest attendance rows. One query.
* `volunteer_results(organisations=..., period=..., by=None)` → {org id: {sub-period: Results}}:
  the sums of Activity's result fields (people served, disputes resolved, suggestions
  collected, service hours) and the number of activities with results. One query.
* `compliance_by_organisation(organisations=..., year=..., period_kind=None, until=None)` →
  {org id: {(rule code, Period): Cadence}}: required / held / missing of the meeting
  cadence (activities/compliance.py), summed over the branches of each subtree. Four
  queries (the branches under the organisations, then compliance_for's three).
* `compliance_periods(...)`: the same per branch, as compliance_for's BranchCompliance.

Sub-periods that have nothing are absent from the inner mappings (read them with `.get`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from activities import compliance
from activities.models import Activity, Attendance
from branches.models import Organisation
from branches.periods import Period

RESULT_FIELDS = ("people_served", "disputes_resolved", "suggestions_collected", "service_hours")


# --- organisations and their subtrees -------------------------------------------------------
def targets(organisations: Iterable) -> list[tuple[int, str]]:
    """(pk, path) of each organisation; primary keys are looked up in one query."""
    items = list(organisations)
    if items and not isinstance(items[0], Organisation):
        return list(Organisation.objects.filter(pk__in=items).values_list("pk", "path"))
    return [(org.pk, org.path) for org in items]


def subtree_filter(paths: Iterable[str], prefix: str = "") -> Q:
    """Rows under any of `paths` (nested paths are dropped: one LIKE per outermost subtree)."""
    outer = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in outer):
            outer.append(path)
    return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in outer), Q(pk__in=[]))


def roll_up(rows: Iterable[tuple[str, object, object]], target_list) -> dict[int, dict]:
    """Add up (path, key, value) rows into each target whose subtree holds the path.

    Values are numbers or tuples of numbers (added element by element).
    """
    by_path = defaultdict(list)
    for pk, path in target_list:
        by_path[path].append(pk)
    steplen = Organisation.steplen
    result: dict[int, dict] = {pk: {} for pk, _ in target_list}
    for path, key, value in rows:
        for depth in range(1, len(path) // steplen + 1):
            for pk in by_path.get(path[: depth * steplen], ()):
                bucket = result[pk]
                old = bucket.get(key)
                if old is None:
                    bucket[key] = value
                elif isinstance(value, tuple):
                    bucket[key] = tuple(a + b for a, b in zip(old, value, strict=True))
                else:
                    bucket[key] = old + value
    return result


def _zone():
    return timezone.get_default_timezone()


def _truncation(field: str, by: str | None):
    """Truncate `field` to the local month (or day, for weeks) that maps onto sub-periods."""
    if by == Period.Kind.WEEK:
        return TruncDate(field, tzinfo=_zone())
    return TruncMonth(field, tzinfo=_zone())


def _sub_period(period: Period, by: str | None, value) -> Period:
    if by is None:
        return period
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value, _zone()).date()
    return Period.of(by, value)


def _held_in(period: Period, prefix: str = "") -> Q:
    start, end = period.datetimes()
    return Q(
        **{
            f"{prefix}state": Activity.State.HELD,
            f"{prefix}start__gte": start,
            f"{prefix}start__lt": end,
        }
    )


# --- held activities -------------------------------------------------------------------------
def held_activities(
    *, organisations: Iterable, period: Period, by: str | None = None
) -> dict[int, dict[tuple[int, Period], int]]:
    """{org id: {(activity type id, sub-period): number held}} (one query)."""
    target_list = targets(organisations)
    if not target_list:
        return {}
    rows = (
        Activity.objects.filter(_held_in(period))
        .filter(subtree_filter([p for _, p in target_list], "organisation__"))
        .annotate(bucket=_truncation("start", by))
        .order_by()
        .values("organisation__path", "activity_type_id", "bucket")
        .annotate(n=Count("pk"))
    )
    return roll_up(
        (
            (
                row["organisation__path"],
                (row["activity_type_id"], _sub_period(period, by, row["bucket"])),
                row["n"],
            )
            for row in rows
        ),
        target_list,
    )


# --- attendance ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttendanceFigures:
    present: int
    expected: int  # present + on leave + absent (guests not counted)

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def attendance_rates(
    *, organisations: Iterable, period: Period, by: str | None = None
) -> dict[int, dict[Period, AttendanceFigures]]:
    """{org id: {sub-period: AttendanceFigures}} of held activities' members (one query)."""
    target_list = targets(organisations)
    if not target_list:
        return {}
    rows = (
        Attendance.objects.filter(_held_in(period, "activity__"), is_guest=False)
        .filter(subtree_filter([p for _, p in target_list], "activity__organisation__"))
        .annotate(bucket=_truncation("activity__start", by))
        .order_by()
        .values("activity__organisation__path", "bucket")
        .annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
            expected=Count("pk"),
        )
    )
    rolled = roll_up(
        (
            (
                row["activity__organisation__path"],
                _sub_period(period, by, row["bucket"]),
                (row["present"], row["expected"]),
            )
            for row in rows
        ),
        target_list,
    )
    return {
        pk: {key: AttendanceFigures(*value) for key, value in buckets.items()}
        for pk, buckets in rolled.items()
    }


# --- volunteer results -----------------------------------------------------------------------
@dataclass(frozen=True)
class Results:
    activities: int = 0  # held activities that recorded any result
    people_served: int = 0
    disputes_resolved: int = 0
    suggestions_collected: int = 0
    service_hours: Decimal = Decimal(0)

    def __add__(self, other: Results) -> Results:
        return Results(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )


def volunteer_results(
    *, organisations: Iterable, period: Period, by: str | None = None
) -> dict[int, dict[Period, Results]]:
    """{org id: {sub-period: Results}}: the counted results of service work (one query)."""
    target_list = targets(organisations)
    if not target_list:
        return {}
    any_result = reduce(or_, (Q(**{f"{name}__isnull": False}) for name in RESULT_FIELDS))
    rows = (
        Activity.objects.filter(_held_in(period))
        .filter(any_result)
        .filter(subtree_filter([p for _, p in target_list], "organisation__"))
        .annotate(bucket=_truncation("start", by))
        .order_by()
        .values("organisation__path", "bucket")
        .annotate(n=Count("pk"), **{f"sum_{name}": Sum(name) for name in RESULT_FIELDS})
    )

    def results(row) -> Results:
        return Results(
            row["n"],
            row["sum_people_served"] or 0,
            row["sum_disputes_resolved"] or 0,
            row["sum_suggestions_collected"] or 0,
            row["sum_service_hours"] or Decimal(0),
        )

    return roll_up(
        (
            (row["organisation__path"], _sub_period(period, by, row["bucket"]), results(row))
            for row in rows
        ),
        target_list,
    )


# --- compliance with the meeting cadence -----------------------------------------------------
@dataclass(frozen=True)
class Cadence:
    """One rule in one period, summed over the branches of a subtree."""

    required: int = 0  # required in periods already begun
    held: int = 0
    missing: int = 0  # shortfall in periods already over (gaps)
    to_do: int = 0  # shortfall in the period in progress

    def __add__(self, other: Cadence) -> Cadence:
        return Cadence(
            self.required + other.required,
            self.held + other.held,
            self.missing + other.missing,
            self.to_do + other.to_do,
        )

    @property
    def percent(self) -> int | None:
        """Share of the requirement met, in %, over begun periods (None when none is due)."""
        if not self.required:
            return None
        return round(100 * (self.required - self.missing - self.to_do) / self.required)


def branches_under(organisations: Iterable) -> list[Organisation]:
    """The active branches in the organisations' subtrees, in tree order (one query)."""
    target_list = targets(organisations)
    if not target_list:
        return []
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.BRANCH, is_active=True).filter(
            subtree_filter([p for _, p in target_list])
        )
    )


def compliance_periods(
    *,
    organisations: Iterable,
    year: int,
    period_kind: str | None = None,
    until: datetime.date | None = None,
) -> list[compliance.BranchCompliance]:
    """compliance.compliance_for over the branches under the organisations (four queries)."""
    return compliance.compliance_for(
        branches_under(organisations), year=year, period_kind=period_kind, until=until
    )


def to_period(result: compliance.PeriodResult) -> Period:
    """The shared Period of a compliance period."""
    return Period.parse(result.period.text)


def cadence_of(result: compliance.PeriodResult) -> Cadence:
    if result.is_not_due:
        return Cadence(held=result.held)
    return Cadence(result.required, result.held, result.gap, result.to_do)


def compliance_by_organisation(
    *,
    organisations: Iterable,
    year: int,
    period_kind: str | None = None,
    until: datetime.date | None = None,
) -> dict[int, dict[tuple[str, Period], Cadence]]:
    """{org id: {(rule code, Period): Cadence}} summed over each subtree (four queries).

    `period_kind` as in compliance.compliance_for: month, quarter, year (None: each rule's
    own period, a quarterly rule keeps its quarters).
    """
    target_list = targets(organisations)
    results = compliance_periods(
        organisations=[
            Organisation(pk=pk, path=path) for pk, path in target_list
        ],  # no second look-up
        year=year,
        period_kind=period_kind,
        until=until,
    )
    rows = (
        (branch.branch.path, (rule.code, to_period(period)), cadence_of(period))
        for branch in results
        for rule in branch.rules
        for period in rule.periods
    )
    return roll_up(rows, target_list)
