"""Reading activities: who attends, what a user's lists and calendar hold, a member's history.

Every function that lists activities starts from `Activity.objects.visible_to(user)` and
costs a fixed number of queries whatever the data size.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from activities.models import (
    Activity,
    ActivitySeries,
    ActivityType,
    Attendance,
    PartnerOrganisation,
    court_path,
)
from branches.models import ActivityRoom, Member, Organisation, Post
from branches.periods import Period, local_midnight
from notices.models import AdjustedWorkingDay, Holiday


# --- organisations and their people ---------------------------------------------------
def ancestor_paths(organisation: Organisation) -> list[str]:
    """Paths of the organisation and every organisation above it (no query)."""
    step = Organisation.steplen
    return [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]


def organisation_members(organisation: Organisation) -> QuerySet[Member]:
    """Current (active) members of a party group, a branch, or everything under a committee."""
    members = Member.objects.current()
    if organisation.kind == Organisation.Kind.GROUP:
        return members.filter(group=organisation)
    if organisation.kind == Organisation.Kind.BRANCH:
        return members.filter(branch=organisation)
    return members.filter(organisation.subtree_q("branch__"))


def activity_attendees(
    organisation: Organisation, activity_type: ActivityType | None
) -> QuerySet[Member]:
    """The members listed in the attendance table of an activity of this type."""
    members = organisation_members(organisation)
    if activity_type is not None and activity_type.audience == ActivityType.Audience.COMMITTEE:
        committee = Post.objects.current().filter(organisation=organisation, kind__in=Post.MANAGING)
        members = Member.objects.current().filter(pk__in=committee.values("member_id"))
    return members.order_by("name", "employee_number")


def types_for(organisation: Organisation) -> QuerySet[ActivityType]:
    """Active types an organisation of this kind holds."""
    levels = [
        level for level, kinds in ActivityType.LEVEL_KINDS.items() if organisation.kind in kinds
    ]
    return ActivityType.objects.filter(is_active=True, level__in=[*levels, ActivityType.Level.ANY])


def series_for(organisation: Organisation) -> QuerySet[ActivitySeries]:
    """Active series of the organisation or of the branch above it."""
    return ActivitySeries.objects.filter(
        branch__path__in=ancestor_paths(organisation), is_active=True
    )


def rooms_for(organisation: Organisation) -> QuerySet[ActivityRoom]:
    """Active rooms of the organisation and of the organisations above it."""
    return ActivityRoom.objects.filter(
        organisation__path__in=ancestor_paths(organisation), is_active=True
    )


def partner_choices(organisation: Organisation) -> QuerySet[Organisation]:
    """Other branches of the same court tree, for co-building."""
    root = court_path(organisation.path)
    return (
        Organisation.objects.filter(
            Organisation.subtrees_q([root]),
            kind__in=[Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH],
            is_active=True,
        )
        .exclude(pk=organisation.pk)
        .order_by("path")
    )


# --- lists -----------------------------------------------------------------------------
def activity_list(
    user,
    *,
    organisation: Organisation | None = None,
    activity_type: ActivityType | None = None,
    period: Period | None = None,
    series: ActivitySeries | None = None,
    state: str = "",
    search: str = "",
) -> QuerySet[Activity]:
    """The user's visible activities, filtered, newest first, with attendance counts."""
    activities = Activity.objects.visible_to(user)
    if organisation is not None:
        activities = activities.filter(organisation.subtree_q("organisation__"))
    if activity_type is not None:
        activities = activities.filter(activity_type=activity_type)
    if period is not None:
        activities = activities.in_range(*period.datetimes())
    if series is not None:
        activities = activities.filter(series=series)
    if state:
        activities = activities.filter(state=state)
    if search:
        activities = activities.filter(topic__icontains=search.strip())
    return (
        activities.select_related("organisation", "activity_type", "series", "room", "lead")
        .with_attendance_counts()
        .order_by("-start", "-pk")
    )


@dataclass
class CalendarDay:
    day: datetime.date
    in_month: bool
    is_today: bool
    activities: list = field(default_factory=list)
    holiday: str = ""  # the public holiday whose break this day off belongs to
    adjusted_working_day: bool = False  # a Saturday or Sunday that is worked (调休)


def calendar_month(
    user, *, year: int, month: int, organisation: Organisation | None = None
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month's grid, each day with its planned and held activities.

    Three queries, whatever the number of activities: the activities, the public holiday
    breaks and the adjusted working days (notices' calendar) of the grid.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    activities = Activity.objects.visible_to(user).exclude(state=Activity.State.WITHDRAWN)
    if organisation is not None:
        activities = activities.filter(organisation.subtree_q("organisation__"))
    activities = (
        activities.in_range(
            local_midnight(first), local_midnight(last + datetime.timedelta(days=1))
        )
        .select_related("organisation", "activity_type")
        .order_by("start", "pk")
    )
    by_day: dict[datetime.date, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(timezone.localtime(activity.start).date(), []).append(activity)
    today = timezone.localdate()
    holidays = {}
    for holiday in Holiday.objects.filter(first_day__lte=last, last_day__gte=first):
        day = max(holiday.first_day, first)
        while day <= min(holiday.last_day, last):
            holidays[day] = holiday.name
            day += datetime.timedelta(days=1)
    adjusted = set(
        AdjustedWorkingDay.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    )
    return [
        [
            CalendarDay(
                day,
                day.month == month,
                day == today,
                by_day.get(day, []),
                holiday=holidays.get(day, ""),
                adjusted_working_day=day in adjusted and day not in holidays,
            )
            for day in week
        ]
        for week in weeks
    ]


# --- a member's own history ---------------------------------------------------------
def member_attendance(member: Member, *, year: int | None = None) -> QuerySet[Attendance]:
    """A member's attendance rows at activities that were not withdrawn, newest first."""
    rows = Attendance.objects.filter(member=member).exclude(
        activity__state=Activity.State.WITHDRAWN
    )
    if year is not None:
        start, end = Period.year(year).datetimes()
        rows = rows.filter(activity__start__gte=start, activity__start__lt=end)
    return rows.select_related("activity__activity_type", "activity__organisation").order_by(
        "-activity__start", "-pk"
    )


def attendance_summary(rows: QuerySet[Attendance]) -> dict:
    """Counts by status and the attendance rate of some attendance rows (one query)."""
    counts = rows.aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        on_leave=Count("pk", filter=Q(status=Attendance.Status.ON_LEAVE)),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    )
    total = counts["present"] + counts["on_leave"] + counts["absent"]
    counts["total"] = total
    counts["percent"] = round(100 * counts["present"] / total) if total else None
    return counts


# --- one activity ------------------------------------------------------------------------
def attendance_by_status(activity: Activity) -> dict[str, list[Attendance]]:
    """The activity's attendance rows grouped by status (one query), members first then guests."""
    groups: dict[str, list[Attendance]] = {status: [] for status in Attendance.Status.values}
    rows = activity.attendances.select_related("member").order_by(
        "is_guest", "member__name", "member__pk"
    )
    for row in rows:
        groups[row.status].append(row)
    return groups


HISTORY_FIELDS = [
    "activity_type",
    "series",
    "topic",
    "start",
    "end",
    "room",
    "location",
    "lead",
    "content",
    "minutes",
    "decisions",
    "partner_names",
    "people_served",
    "disputes_resolved",
    "suggestions_collected",
    "service_hours",
    "state",
    "withdrawn_reason",
]


def activity_history(activity: Activity, *, limit: int = 30) -> list[dict]:
    """The activity's recorded changes, newest first, each with the names of changed fields."""
    records = list(
        activity.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fields = {name: Activity._meta.get_field(name) for name in HISTORY_FIELDS}
    labels = {name: field.verbose_name for name, field in fields.items()}
    attnames = {name: field.attname for name, field in fields.items()}
    entries, previous = [], None
    for record in records:
        if previous is None:
            changed = []
        else:
            changed = [
                labels[name]
                for name, attname in attnames.items()
                if getattr(record, attname) != getattr(previous, attname)
            ]
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "kind": record.history_type,
                "state": Activity.State(record.state).label,
                "changed": changed,
            }
        )
        previous = record
    return list(reversed(entries))[:limit]


def same_day_records(
    organisation: Organisation,
    *,
    day: datetime.date,
    activity_type: ActivityType | None,
    series: ActivitySeries | None = None,
    exclude: Activity | None = None,
) -> QuerySet[Activity]:
    """Held records of the organisation on `day` of the same type (or the same series):
    a second record of one session, which the record form asks about before saving."""
    same = Q(pk__in=[])
    if activity_type is not None:
        same |= Q(activity_type=activity_type)
    if series is not None:
        same |= Q(series=series)
    records = Activity.objects.filter(
        same,
        organisation=organisation,
        state=Activity.State.HELD,
        start__gte=local_midnight(day),
        start__lt=local_midnight(day + datetime.timedelta(days=1)),
    )
    if exclude is not None and exclude.pk:
        records = records.exclude(pk=exclude.pk)
    return records.order_by("start", "pk")


# --- volunteer service and co-building results --------------------------------------
RESULT_SUMS = ("people_served", "disputes_resolved", "suggestions_collected", "service_hours")


def service_results(branches, period: "Period") -> list[tuple[Organisation, dict]]:
    """Each branch (with its party groups) and the period's totals of its held activities'
    results: people served, disputes resolved, suggestions collected, service hours, and the
    number of activities with results. Two queries whatever the number of branches."""
    branches = list(branches)
    start, end = period.datetimes()
    under = Q(pk__in=[])
    for branch in branches:
        under |= Q(organisation__path__startswith=branch.path)
    rows = (
        Activity.objects.filter(
            state=Activity.State.HELD,
            activity_type__has_results=True,
            start__gte=start,
            start__lt=end,
        )
        .filter(under)
        .order_by()
        .values("organisation__path")
        .annotate(activities=Count("pk"), **{name: Sum(name) for name in RESULT_SUMS})
    )
    rows = list(rows)
    results = []
    for branch in branches:
        totals = dict.fromkeys(("activities", *RESULT_SUMS), 0)
        for row in rows:
            if row["organisation__path"].startswith(branch.path):
                for key in totals:
                    totals[key] += row[key] or 0
        results.append((branch, totals))
    return results


# --- the partner register --------------------------------------------------------------
def partner_list(
    user, *, search: str = "", kind: str = "", archived: bool = False
) -> QuerySet[PartnerOrganisation]:
    """The user's courts' registers, by name: current partners, or with `archived` the
    archived ones too."""
    partners = PartnerOrganisation.objects.visible_to(user)
    if not archived:
        partners = partners.current()
    if search.strip():
        partners = partners.filter(name__icontains=" ".join(search.split()))
    if kind:
        partners = partners.filter(kind=kind)
    return partners.order_by("name", "pk")


def partner_history(user, partner: PartnerOrganisation) -> QuerySet[Activity]:
    """The held activities with the partner the user may see, newest first."""
    return (
        Activity.objects.visible_to(user)
        .filter(partner_organisations=partner, state=Activity.State.HELD)
        .select_related("organisation", "activity_type")
        .order_by("-start", "-pk")
    )


def partner_totals(activities: QuerySet[Activity]) -> dict:
    """Number of activities and the sums of their results, in one query (None sums as 0)."""
    totals = activities.order_by().aggregate(
        activities=Count("pk"), **{name: Sum(name) for name in RESULT_SUMS}
    )
    return {key: value or 0 for key, value in totals.items()}


def top_partners(branches, period: "Period", *, limit: int = 10) -> list[dict]:
    """The partners with the most held activities of these branches in the period, with sums."""
    start, end = period.datetimes()
    under = Q(pk__in=[])
    for branch in branches:
        under |= Q(activities__organisation__path__startswith=branch.path)
    held = Q(
        activities__state=Activity.State.HELD,
        activities__start__gte=start,
        activities__start__lt=end,
    )
    rows = list(
        PartnerOrganisation.objects.filter(held & under)
        .values("pk", "name", "kind")
        .annotate(
            activities_count=Count("activities", distinct=True),
            **{name: Sum(f"activities__{name}") for name in RESULT_SUMS},
        )
        .order_by("-activities_count", "name")[:limit]
    )
    for row in rows:
        row["kind_label"] = PartnerOrganisation.Kind(row["kind"]).label
        for name in RESULT_SUMS:
            row[name] = row[name] or 0
    return rows
