"""The demo activities: every branch has a year of them, the cadence holds but for the gaps, the same every time."""

import datetime
from collections import Counter

import pytest

from activities.demo import seed_demo_activities
from activities.demo.content import GAPS, STUDY_DAY, STUDY_DAY_DEPARTMENTS
from activities.demo.courts import load_courts
from activities.demo.planning import plan_court_activities
from activities.demo.writing import RESULT_FIELDS
from activities.models import Activity, ActivitySeries, Attendance
from branches.demo import seed_demo_data
from branches.models import Member, Organisation, Post
from tests.activities.conftest import NOW
from tests.demo import seeded_once

pytestmark = pytest.mark.django_db

TODAY = NOW.date()  # Friday 13 March 2026 (the clock is frozen by the activities conftest)
LAST_YEAR = TODAY.year - 1
STATUTORY = {
    "committee_meeting": "month",
    "theme_party_day": "month",
    "general_meeting": "quarter",
    "party_lecture": "quarter",
    "annual_review": "year",
    "democratic_evaluation": "year",
}


def seed(courts=1):
    seed_demo_data(courts=courts, today=TODAY)
    return seed_demo_activities(today=TODAY)


# The one-court demo, seeded once for the module (copies: test_demo_copies.py).
demo = seeded_once(seed, now=NOW)


def period_of(day: datetime.date, kind: str):
    return {"month": day.month, "quarter": (day.month - 1) // 3 + 1, "year": 1}[kind]


def snapshot_of_database():
    """What the database holds, in the shape of ActivityPlan.snapshot(), but the sessions the
    rota planned from today (they come from the rota's services, not the demo's plans)."""
    rows = []
    activities = (
        Activity.objects.filter(rota_slot__isnull=True)
        .select_related("organisation", "activity_type", "series", "lead")
        .prefetch_related("attendances__member")
    )
    for a in activities:
        results = {name: getattr(a, name) for name in RESULT_FIELDS if getattr(a, name) is not None}
        rows.append(
            (
                a.organisation.name,
                a.activity_type.code,
                a.series.name if a.series else "",
                a.topic,
                a.start,
                a.end,
                a.lead.employee_number if a.lead else "",
                tuple(
                    sorted(
                        (r.member.employee_number, r.status, r.reason) for r in a.attendances.all()
                    )
                ),
                a.minutes,
                a.partner_names,
                tuple(sorted(results.items())),
            )
        )
    return sorted(rows, key=lambda row: (row[0], row[4], row[3]))


def test_every_branch_has_a_year_of_activities_with_the_cadence_and_its_gaps(demo):
    counts = demo

    branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH)
    assert counts["activities"] == Activity.objects.count() > 1000
    held = Activity.objects.filter(state=Activity.State.HELD)
    # all held, but the study sessions the rota planned from today on
    planned = Activity.objects.exclude(state=Activity.State.HELD)
    assert held.count() + planned.count() == Activity.objects.count()
    assert planned.filter(state=Activity.State.PLANNED, rota_slot__isnull=False).count() == (
        planned.count()
    )
    assert all(a.start.date() >= TODAY for a in planned)
    first, last = held.order_by("start").first().start, held.order_by("start").last().start
    assert first.date() >= datetime.date(LAST_YEAR, 1, 1)
    assert last < NOW and last.date() < TODAY

    per_type = Counter()
    for branch in branches:
        own = held.filter(organisation=branch)
        assert own.count() >= 40, branch
        codes = set(own.values_list("activity_type__code", flat=True))
        assert set(STATUTORY) <= codes, branch
        per_type.update(codes)
        # The statutory cadence in last year, except the deliberate gaps.
        for code, kind in STATUTORY.items():
            days = [
                a.start.astimezone(NOW.tzinfo).date()
                for a in own.filter(activity_type__code=code, start__year=LAST_YEAR)
            ]
            periods = {period_of(day, kind) for day in days}
            expected = {period_of(datetime.date(LAST_YEAR, m, 1), kind) for m in range(1, 13)}
            gaps = {
                period_of(datetime.date(LAST_YEAR, m, 1), kind)
                for gap in GAPS
                if gap.code == code and gap.organisation == branch.department
                for m in gap.months
            }
            assert periods == expected - gaps, (branch.name, code)
        for group in Organisation.objects.filter(
            kind=Organisation.Kind.GROUP, path__startswith=branch.path
        ):
            months = {
                a.start.astimezone(NOW.tzinfo).month
                for a in held.filter(
                    organisation=group, activity_type__code="group_meeting", start__year=LAST_YEAR
                )
            }
            missing = {
                m
                for gap in GAPS
                if gap.code == "group_meeting" and gap.organisation == group.name
                for m in gap.months
            }
            assert months == set(range(1, 13)) - missing, group.name
    # Every gap of the list shows: each names an organisation of the demo court.
    names = set(Organisation.objects.values_list("department", flat=True))
    names |= set(Organisation.objects.values_list("name", flat=True))
    assert {gap.organisation for gap in GAPS} <= names
    assert {"case_review", "volunteer_service", "co_building", "warning_education"} <= set(per_type)
    assert {"study_day", "micro_lecture", "youth_talk"} <= set(per_type)

    # The weekly theory day on Fridays at 14:30, skipping days off, with rotating leads.
    for branch in branches.filter(department__in=STUDY_DAY_DEPARTMENTS):
        series = ActivitySeries.objects.get(branch=branch, name=STUDY_DAY)
        assert (series.weekday, series.start_time) == (4, datetime.time(14, 30))
        sessions = list(series.activities.order_by("start"))
        assert len(sessions) >= 50
        starts = [s.start.astimezone(NOW.tzinfo) for s in sessions]
        assert {(s.weekday(), s.time()) for s in starts} == {(4, datetime.time(14, 30))}
        days = {s.date() for s in starts}
        assert not days & {datetime.date(2025, 10, 3), datetime.date(2025, 5, 2)}  # holidays
        leads = [s.lead_id for s in sessions]
        assert len(set(leads)) >= 4 and all(leads)

    # Attendance: mostly present, some on leave with a reason, a few absent.
    statuses = Counter(Attendance.objects.values_list("status", flat=True))
    total = sum(statuses.values())
    assert 0.85 < statuses["present"] / total < 0.95
    assert statuses["on_leave"] > 0 and 0 < statuses["absent"] < statuses["on_leave"]
    reasons = set(Attendance.objects.filter(status="on_leave").values_list("reason", flat=True))
    assert {"出差", "开庭", "病假", "休假"} <= reasons
    # Only members who had joined the Party by the day are listed.
    late = [
        row
        for row in Attendance.objects.select_related("member", "activity")
        if row.member.joined_on and row.activity.start.date() < row.member.joined_on
    ]
    assert late == []
    # The lead is always present, and the secretary recorded the branch's activities.
    lead_rows = Attendance.objects.filter(role=Attendance.Role.LEAD)
    assert set(lead_rows.values_list("status", flat=True)) == {"present"}
    study = held.filter(activity_type__code="general_meeting").select_related("organisation")[0]
    secretary = Post.objects.current().get(organisation=study.organisation, kind="secretary").member
    assert study.created_by == secretary.user
    assert study.history.get().history_user == secretary.user
    # Co-building names its partner; volunteer service counts its results.
    assert held.filter(activity_type__code="co_building").exclude(partner_names="").exists()
    service = held.filter(activity_type__code="volunteer_service")
    assert service.exists() and not service.filter(people_served=None).exists()


def test_the_demo_has_a_partner_register_and_links_its_service_to_it(demo, client):
    from activities.models import PartnerOrganisation

    kinds = set(PartnerOrganisation.objects.values_list("kind", flat=True))
    assert {"community", "school", "enterprise", "court", "government"} <= kinds
    worked = Activity.objects.filter(
        activity_type__code__in=["co_building", "volunteer_service"], state="held"
    )
    assert worked.exists() and not worked.filter(partner_organisations=None).exists()
    # Co-building is linked to the partner its free text names.
    for activity in worked.filter(activity_type__code="co_building")[:20]:
        names = set(activity.partner_organisations.values_list("name", flat=True))
        assert activity.partner_names in names
    # The secretary of 民一庭 sees the community's history with totals.
    community = PartnerOrganisation.objects.get(name="城东社区党委")
    client.force_login(Member.objects.get(employee_number="my001").user)
    response = client.get(community.get_absolute_url())
    assert response.status_code == 200 and response.context["totals"]["activities"] > 0
    assert response.context["totals"]["people_served"] > 0


def test_the_demo_is_the_same_every_time(demo):
    stored = snapshot_of_database()
    (court,) = load_courts()
    again = sorted(
        (plan.snapshot() for plan in plan_court_activities(court, today=TODAY)),
        key=lambda row: (row[0], row[4], row[3]),
    )
    assert again == stored
    assert len(stored) == Activity.objects.filter(rota_slot__isnull=True).count()
