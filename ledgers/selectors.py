"""Reading the ledgers: the pages' data and the public read API for dashboards.

Public API (for the dashboards app; a fixed number of queries for any number of
organisations):

* `ledger_figures(organisation_ids=..., period=..., today=...)` → {org id: LedgerFigures}
* `assessment_scores(organisation_ids=..., year=...)` → {org id: {month: score}}
* `open_tasks_for(member, today=..., limit=5)` → a member's open task periods
  (templates/ledgers/_my_tasks_panel.html renders them as `ledger_tasks`).

Only tasks of published (or closed) lists count; withdrawn tasks never do.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from activities import compliance
from activities.models import Activity, ActivityType, Attendance
from branches.models import Member, Organisation
from branches.periods import Period
from ledgers.models import (
    Category,
    MonthlyAssessment,
    ResponsibilityList,
    Task,
    TaskPeriod,
)

COUNTING_STATES = [ResponsibilityList.State.PUBLISHED, ResponsibilityList.State.CLOSED]
UNFINISHED = [s.value for s in TaskPeriod.UNFINISHED]


# --- public API -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LedgerFigures:
    due: int  # task periods due in the period, for tasks of the organisation, its groups, members
    done: int
    overdue: int
    waived: int
    by_category: dict[str, tuple[int, int]]  # category code -> (done, due)

    @property
    def rate(self) -> float | None:
        """done / (due - waived); None when nothing is due."""
        base = self.due - self.waived
        return self.done / base if base > 0 else None

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)


EMPTY = LedgerFigures(0, 0, 0, 0, dict.fromkeys(Category.values, (0, 0)))


def _counting_periods():
    return TaskPeriod.objects.filter(
        task__is_withdrawn=False, task__responsibility_list__state__in=COUNTING_STATES
    ).annotate(
        assignee_path=Coalesce(
            F("task__assignee_organisation__path"), F("task__assignee_member__branch__path")
        )
    )


def ledger_figures(
    *, organisation_ids: Iterable[int], period: Period, today: datetime.date
) -> dict[int, LedgerFigures]:
    """Figures of each organisation's ledger for `period` (two queries)."""
    organisations = list(
        Organisation.objects.filter(pk__in=list(organisation_ids)).values_list("pk", "path")
    )
    if not organisations:
        return {}
    prefixes = Q(pk__in=[])
    for _pk, path in organisations:
        prefixes |= Q(assignee_path__startswith=path)
    # Aggregate by (path, category, status, late): rows grow with organisations, not tasks.
    rows = (
        _counting_periods()
        .filter(prefixes, due_date__gte=period.first, due_date__lt=period.after)
        .order_by()
        .values("assignee_path", "task__category")
        .annotate(
            due=Count("pk"),
            done=Count("pk", filter=Q(status=TaskPeriod.Status.DONE)),
            waived=Count("pk", filter=Q(status=TaskPeriod.Status.WAIVED)),
            overdue=Count("pk", filter=Q(status__in=UNFINISHED, due_date__lt=today)),
        )
    )
    totals: dict[int, dict] = {
        pk: {"due": 0, "done": 0, "waived": 0, "overdue": 0, "cat": defaultdict(lambda: [0, 0])}
        for pk, _path in organisations
    }
    for row in rows:
        for pk, path in organisations:
            if row["assignee_path"] and row["assignee_path"].startswith(path):
                total = totals[pk]
                for key in ("due", "done", "waived", "overdue"):
                    total[key] += row[key]
                total["cat"][row["task__category"]][0] += row["done"]
                total["cat"][row["task__category"]][1] += row["due"]
    return {
        pk: LedgerFigures(
            due=t["due"],
            done=t["done"],
            overdue=t["overdue"],
            waived=t["waived"],
            by_category={code: tuple(t["cat"][code]) for code in Category.values},
        )
        for pk, t in totals.items()
    }


def assessment_scores(
    *, organisation_ids: Iterable[int], year: int
) -> dict[int, dict[int, Decimal]]:
    """{org id: {month: confirmed score, else computed}} (one query)."""
    scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = MonthlyAssessment.objects.filter(
        organisation_id__in=list(organisation_ids), year=year
    ).values_list("organisation_id", "month", "computed_score", "confirmed_score")
    for org, month, computed, confirmed in rows:
        scores[org][month] = confirmed if confirmed is not None else computed
    return dict(scores)


def open_tasks_for(member, *, today: datetime.date, limit: int = 5) -> list:
    """A member's unfinished task periods that have begun, soonest due first (one query).

    Each is a TaskPeriod with `task` (and its list) loaded and `is_overdue` set."""
    if member is None:
        return []
    rows = list(
        TaskPeriod.objects.filter(
            task__assignee_member=member,
            task__is_withdrawn=False,
            task__responsibility_list__state=ResponsibilityList.State.PUBLISHED,
            status__in=UNFINISHED,
            first_day__lte=today,
        )
        .select_related("task__responsibility_list")
        .order_by("due_date", "pk")[:limit]
    )
    for row in rows:
        row.is_overdue = row.due_date < today
    return rows


# --- pages --------------------------------------------------------------------------------------
def year_from(text, default: int) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


MONTHS = list(range(1, 13))


@dataclass
class Cell:
    """One period of a task in the ledger grid, spanning `span` months."""

    period: TaskPeriod
    span: int
    status: str
    label: str


@dataclass
class LedgerRow:
    task: Task
    cells: list[Cell]
    done: int
    due: int
    children: tuple[int, int] = (0, 0)


@dataclass
class LedgerSection:
    category: str
    label: str
    rows: list[LedgerRow] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def due(self) -> int:
        return sum(r.due for r in self.rows)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def ledger_tasks(tasks, *, today: datetime.date) -> list[LedgerSection]:
    """The tasks (a queryset) as sections by category, each task with its period cells
    (three queries: tasks, their periods with activities, children's completion)."""
    tasks = list(
        tasks.select_related(
            "assignee_organisation",
            "assignee_member",
            "target_activity_type",
            "target_series",
            "parent",
            "responsibility_list",
        ).prefetch_related(
            Prefetch(
                "periods",
                queryset=TaskPeriod.objects.order_by("first_day").prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.only("pk", "topic", "start"))
                ),
            )
        )
    )
    children = _children_progress([t.pk for t in tasks])
    sections = {code: LedgerSection(code, label) for code, label in Category.choices}
    for task in tasks:
        cells = []
        for period in task.periods.all():
            status = period.status_on(today)
            cells.append(
                Cell(
                    period,
                    _months_between(period.first_day, period.last_day),
                    status,
                    TaskPeriod.Status(status).label,
                )
            )
        done = sum(1 for c in cells if c.status == TaskPeriod.Status.DONE)
        due = sum(
            1 for c in cells if c.period.due_date <= today and c.status != TaskPeriod.Status.WAIVED
        )
        sections[task.category].rows.append(
            LedgerRow(task, cells, done, due, children.get(task.pk, (0, 0)))
        )
    return list(sections.values())


def _children_progress(task_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{parent id: (complete children, children)} in one query."""
    if not task_ids:
        return {}
    rows = (
        Task.objects.filter(parent_id__in=task_ids, is_withdrawn=False)
        .annotate(open=Count("periods", filter=~Q(periods__status__in=TaskPeriod.FINISHED)))
        .values_list("parent_id", "open")
    )
    progress: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for parent_id, open_periods in rows:
        progress[parent_id][1] += 1
        if not open_periods:
            progress[parent_id][0] += 1
    return {pk: tuple(v) for pk, v in progress.items()}


def children_progress(task: Task) -> tuple[int, int]:
    return _children_progress([task.pk]).get(task.pk, (0, 0))


def filter_tasks(tasks, *, category: str = "", status: str = "", search: str = "", today=None):
    if category in Category.values:
        tasks = tasks.filter(category=category)
    if search:
        tasks = tasks.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if status == "overdue":
        tasks = tasks.filter(periods__status__in=UNFINISHED, periods__due_date__lt=today).distinct()
    elif status == "done":
        tasks = tasks.exclude(periods__status__in=UNFINISHED)
    elif status == "open":
        tasks = tasks.filter(periods__status__in=UNFINISHED).distinct()
    return tasks


def organisation_tasks(organisation: Organisation, year: int):
    """An organisation's ledger: its own list's tasks, and the tasks other (published)
    lists assign to it (a branch's tasks received from the committee)."""
    return Task.objects.live().filter(
        Q(responsibility_list__organisation=organisation, responsibility_list__year=year)
        | Q(
            assignee_organisation=organisation,
            responsibility_list__year=year,
            responsibility_list__state__in=COUNTING_STATES,
        )
    )


def my_periods(member: Member, *, year: int, today: datetime.date, status: str = ""):
    """A member's task periods of the year (their own tasks in published lists)."""
    periods = TaskPeriod.objects.filter(
        task__assignee_member=member,
        task__is_withdrawn=False,
        task__responsibility_list__state__in=COUNTING_STATES,
        task__responsibility_list__year=year,
    ).select_related("task__responsibility_list")
    if status == "open":
        periods = periods.filter(status__in=UNFINISHED)
    elif status == "done":
        periods = periods.filter(status__in=TaskPeriod.FINISHED)
    elif status == "overdue":
        periods = periods.filter(status__in=UNFINISHED, due_date__lt=today)
    return periods.order_by("due_date", "pk")


@dataclass
class BranchFigures:
    organisation: Organisation
    figures: LedgerFigures
    list_id: int | None
    list_state: str

    @property
    def list_state_label(self) -> str:
        return ResponsibilityList.State(self.list_state).label if self.list_state else ""


def committee_table(branches, *, year: int, today: datetime.date) -> list[BranchFigures]:
    """Every branch: completion by category and overdue counts for the year so far (3 queries)."""
    branches = list(branches)
    figures = ledger_figures(
        organisation_ids=[b.pk for b in branches],
        period=Period(
            Period.year(year).first,
            min(Period.year(year).after, today + datetime.timedelta(days=1)),
            Period.Kind.YEAR,
        ),
        today=today,
    )
    lists = {
        org: (pk, state)
        for org, pk, state in ResponsibilityList.objects.filter(
            organisation_id__in=[b.pk for b in branches], year=year
        ).values_list("organisation_id", "pk", "state")
    }
    return [
        BranchFigures(
            b,
            figures.get(b.pk, EMPTY),
            lists.get(b.pk, (None, ""))[0],
            lists.get(b.pk, (None, ""))[1],
        )
        for b in branches
    ]


# --- record book (三会一课记录本) ----------------------------------------------------------------
@dataclass
class BookEntry:
    activity: Activity
    present: list[Attendance]
    on_leave: list[Attendance]
    absent: list[Attendance]

    @property
    def expected(self) -> int:
        return len(self.present) + len(self.on_leave) + len(self.absent)


def record_book(organisation: Organisation, period: Period) -> list[BookEntry]:
    """Every held 三会一课 activity of the organisation (and its party groups) in the
    period, one entry each, with its attendance (two queries)."""
    start, end = period.datetimes()
    activities = (
        Activity.objects.counted()
        .in_range(start, end)
        .filter(activity_type__is_statutory=True, organisation__path__startswith=organisation.path)
        .select_related("activity_type", "organisation", "lead", "created_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(is_guest=False)
                .select_related("member")
                .order_by("member__name"),
            )
        )
        .order_by("start", "pk")
    )
    entries = []
    for activity in activities:
        rows = list(activity.attendances.all())
        entries.append(
            BookEntry(
                activity,
                [r for r in rows if r.status == Attendance.Status.PRESENT],
                [r for r in rows if r.status == Attendance.Status.ON_LEAVE],
                [r for r in rows if r.status == Attendance.Status.ABSENT],
            )
        )
    return entries


# --- annual report summary ------------------------------------------------------------------------
def report_summary(organisation: Organisation, year: int, *, today: datetime.date) -> str:
    """What the portal writes into a secretary's yearly report from the records."""
    lines = [_("Meetings required and held in %(year)s:") % {"year": year}]
    for result in compliance.compliance_for([organisation], year=year, until=today):
        for rule in result.rules:
            required = sum(p.required for p in rule.periods)
            lines.append(
                _("- %(name)s: %(held)s held, %(required)s required")
                % {"name": rule.name, "held": rule.held, "required": required}
            )
    figures = ledger_figures(
        organisation_ids=[organisation.pk], period=Period.year(year), today=today
    ).get(organisation.pk, EMPTY)
    lines.append(
        _("Tasks: %(done)s of %(due)s periods done, %(overdue)s overdue, %(waived)s waived.")
        % {
            "done": figures.done,
            "due": figures.due,
            "overdue": figures.overdue,
            "waived": figures.waived,
        }
    )
    start, end = Period.year(year).datetimes()
    service = (
        Activity.objects.counted()
        .in_range(start, end)
        .filter(
            organisation__path__startswith=organisation.path,
            activity_type__category=ActivityType.Category.SERVICE,
        )
        .aggregate(
            n=Count("pk"),
            people=Sum("people_served"),
            disputes=Sum("disputes_resolved"),
            hours=Sum("service_hours"),
        )
    )
    lines.append(
        _(
            "Volunteer service: %(n)s activities, %(people)s people served, %(disputes)s disputes resolved, %(hours)s hours."
        )
        % {
            "n": service["n"],
            "people": service["people"] or 0,
            "disputes": service["disputes"] or 0,
            "hours": service["hours"] or 0,
        }
    )
    return "\n".join(lines)
