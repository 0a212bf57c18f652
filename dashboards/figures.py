"""The figures of the dashboards, read through the batch selectors of the apps below.

`committee_figures(root, period, today)` gives the root organisation's totals and one row
per child (general branches and branches under a committee, branches under a general
branch, party groups under a branch), each row covering its whole subtree, with the
charts' series; `branch_extras(...)` adds what a branch secretary needs (members, what is
due next). Both cost a fixed number of queries whatever the size of the tree or the data:
every figure comes from one batch selector call for all the rows at once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode

from activities import compliance
from activities import statistics as stats
from activities.models import Activity, ActivityType, Attendance
from branches.models import Member, Organisation
from branches.periods import Period
from dashboards import sources
from dashboards.models import BranchRating
from points.models import PointEntry
from points.statistics import PointFigures, points_by_organisation

CATEGORIES = ActivityType.Category


@dataclass
class Row:
    organisation: Organisation
    by_type: dict[int, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    held: int = 0
    cadence: stats.Cadence = field(default_factory=stats.Cadence)
    attendance: stats.AttendanceFigures | None = None
    results: stats.Results = field(default_factory=stats.Results)
    points: PointFigures | None = None
    ledger: object = None
    brand: object = None
    honours: dict | None = None
    rating: BranchRating | None = None  # the last confirmed rating up to the period's year
    links: dict[str, str] = field(default_factory=dict)

    @property
    def category_cells(self) -> list[tuple[str, int]]:
        return [(value, self.by_category.get(value, 0)) for value in CATEGORIES.values]

    @property
    def honours_total(self) -> int | None:
        return None if self.honours is None else sum(self.honours.values())

    @property
    def ledger_percent(self) -> int | None:
        rate = getattr(self.ledger, "rate", None)
        return None if rate is None else round(rate * 100)


@dataclass
class Figures:
    root: Row
    rows: list[Row]
    period: Period
    months: list[Period]
    types: list[ActivityType]
    chart_activities: dict
    chart_attendance: dict
    heatmap: dict
    branch_compliance: list


def children_of(root: Organisation) -> list[Organisation]:
    """The active organisations one level under the root (one query)."""
    return list(
        Organisation.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, is_active=True
        ).order_by("path")
    )


def _activity_list_url(org: Organisation, period: Period, **extra) -> str:
    query = {"organisation": org.pk, "period": period.value, "state": Activity.State.HELD}
    query.update(extra)
    return f"{reverse('activities:list')}?{urlencode(query)}"


def _overlaps(result: compliance.PeriodResult, period: Period) -> bool:
    return result.period.first < period.after and result.period.after > period.first


def _cadence_rows(branch_results, period: Period):
    """(path, "all", Cadence) rows: a group-level rule counts at each party group's own path."""
    for branch in branch_results:
        for rule in branch.rules:
            if rule.per_group:
                for group in rule.groups:
                    for result in group.periods:
                        if _overlaps(result, period):
                            yield group.group.path, "all", stats.cadence_of(result)
            else:
                for result in rule.periods:
                    if _overlaps(result, period):
                        yield branch.branch.path, "all", stats.cadence_of(result)


def committee_figures(root: Organisation, period: Period, *, today: datetime.date) -> Figures:
    """Totals of `root` and a row per child for the period (fixed number of queries)."""
    children = children_of(root)
    organisations = [root, *children]
    ids = [org.pk for org in organisations]
    types = list(ActivityType.objects.all())
    type_category = {t.pk: t.category for t in types}
    months = period.split(Period.Kind.MONTH) or [period]

    held = stats.held_activities(organisations=organisations, period=period, by=Period.Kind.MONTH)
    attendance = stats.attendance_rates(
        organisations=organisations, period=period, by=Period.Kind.MONTH
    )
    results = stats.volunteer_results(organisations=organisations, period=period)
    points = points_by_organisation(organisations=organisations, period=period)
    branch_results = compliance.compliance_for(
        stats.branches_under(organisations), year=period.first.year, until=today
    )
    cadence = stats.roll_up(
        _cadence_rows(branch_results, period), [(o.pk, o.path) for o in organisations]
    )
    ledger = sources.ledger_figures(organisation_ids=ids, period=period, today=today)
    brands = sources.brands(organisation_ids=ids)
    honours = sources.honours(organisation_ids=ids, period=period)
    ratings = {}
    for rating in BranchRating.objects.filter(
        branch__in=[c for c in children if c.kind == Organisation.Kind.BRANCH],
        year__lte=period.first.year,
        state=BranchRating.State.CONFIRMED,
    ).order_by("branch_id", "year"):
        ratings[rating.branch_id] = rating  # the latest year wins

    def row_for(org: Organisation) -> Row:
        by_type, by_category = defaultdict(int), defaultdict(int)
        for (type_id, _month), n in held.get(org.pk, {}).items():
            by_type[type_id] += n
            by_category[type_category[type_id]] += n
        present = sum(f.present for f in attendance.get(org.pk, {}).values())
        expected = sum(f.expected for f in attendance.get(org.pk, {}).values())
        row = Row(
            organisation=org,
            by_type=dict(by_type),
            by_category=dict(by_category),
            held=sum(by_type.values()),
            cadence=cadence.get(org.pk, {}).get("all", stats.Cadence()),
            attendance=stats.AttendanceFigures(present, expected) if expected else None,
            results=results.get(org.pk, {}).get(period, stats.Results()),
            points=points.get(org.pk),
            ledger=ledger.get(org.pk),
            brand=brands.get(org.pk),
            honours=honours.get(org.pk, {}),
            rating=ratings.get(org.pk),
        )
        query = {"org": org.pk, "period": period.value}
        row.links = {
            "held": _activity_list_url(org, period),
            "missing": f"{reverse('dashboards:missing')}?{urlencode(query)}",
            "drill": f"{reverse('dashboards:committee')}?{urlencode(query)}",
            "overdue": sources.overdue_tasks_url(org.pk),
        }
        if org.kind == Organisation.Kind.BRANCH:
            row.links["branch"] = (
                f"{reverse('dashboards:branch', args=[org.pk])}?{urlencode({'period': period.value})}"
            )
        return row

    root_row = row_for(root)
    rows = [row_for(child) for child in children]

    # Charts (each also drawn as a table by the template).
    root_held = held.get(root.pk, {})
    category_labels = dict(CATEGORIES.choices)
    series = []
    for category in CATEGORIES.values:
        values = [
            sum(n for (t, m), n in root_held.items() if m == month and type_category[t] == category)
            for month in months
        ]
        if any(values):
            series.append({"name": str(category_labels[category]), "values": values})
    chart_activities = {"months": [m.label for m in months], "series": series}
    root_attendance = attendance.get(root.pk, {})
    chart_attendance = {
        "months": [m.label for m in months],
        "values": [root_attendance[m].percent if m in root_attendance else None for m in months],
    }
    year_months = Period.year(period.first.year).split(Period.Kind.MONTH)
    heat_rows = []
    for branch in branch_results:
        cells = [0] * 12
        for rule in branch.rules:
            for result in rule.periods:
                if result.gap:  # a gap shows in the last month of its period
                    cells[(result.period.after - datetime.timedelta(days=1)).month - 1] += (
                        result.gap
                    )
        heat_rows.append({"name": branch.branch.name, "id": branch.branch.pk, "cells": cells})
    heatmap = {"months": [m.label for m in year_months], "rows": heat_rows}
    return Figures(
        root=root_row,
        rows=rows,
        period=period,
        months=months,
        types=types,
        chart_activities=chart_activities,
        chart_attendance=chart_attendance,
        heatmap=heatmap,
        branch_compliance=branch_results,
    )


# --- a branch: members and what is due next ------------------------------------------------------
@dataclass
class MemberLine:
    member: Member
    points: object
    present: int
    expected: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.present / self.expected) if self.expected else None


def branch_members(branch: Organisation, period: Period) -> list[MemberLine]:
    """The branch's members in group and name order (never by points), three queries."""
    members = list(
        Member.objects.current()
        .filter(branch=branch)
        .select_related("group")
        .order_by(F("group__path").asc(nulls_last=True), "name", "pk")
    )
    ids = [m.pk for m in members]
    points = dict(
        PointEntry.objects.filter(member_id__in=ids, date__gte=period.first, date__lt=period.after)
        .order_by()
        .values_list("member_id")
        .annotate(total=Sum("points"))
    )
    start, end = period.datetimes()
    attendance = {
        row["member_id"]: row
        for row in Attendance.objects.filter(
            member_id__in=ids,
            is_guest=False,
            activity__state=Activity.State.HELD,
            activity__start__gte=start,
            activity__start__lt=end,
        )
        .order_by()
        .values("member_id")
        .annotate(
            present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)), expected=Count("pk")
        )
    }
    return [
        MemberLine(
            m,
            points.get(m.pk, 0),
            attendance.get(m.pk, {}).get("present", 0),
            attendance.get(m.pk, {}).get("expected", 0),
        )
        for m in members
    ]


def upcoming_activities(branch: Organisation, *, now, limit: int = 5) -> list[Activity]:
    """The next planned activities of the branch and its groups (one query)."""
    return list(
        Activity.objects.filter(branch.subtree_q("organisation__"), state=Activity.State.PLANNED)
        .filter(start__gte=now)
        .select_related("activity_type", "organisation")
        .order_by("start")[:limit]
    )


def current_gaps(branch: Organisation, today: datetime.date) -> list:
    """What the branch still lacks in the quarter containing today (three queries)."""
    return compliance.compliance_gaps(branch, today)
