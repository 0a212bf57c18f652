"""The batch selectors (activities/statistics.py, points/statistics.py): a fixed number of
queries for 2 and for 20 organisations, and figures equal to a direct count."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from activities import statistics as stats
from activities.models import Activity, Attendance
from branches.models import Member, Organisation
from branches.periods import Period
from points.models import PointEntry
from points.statistics import points_by_organisation
from tests.dashboards.conftest import add_branches, count_queries, fill
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
YEAR = Period.year(2025)


@pytest.fixture
def tree(db):
    """A committee over a general branch (two branches) and twenty more branches, all filled."""
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "统计机关党委")
    general = make_organisation(committee, Organisation.Kind.GENERAL_BRANCH, "审判总支")
    branches = add_branches(general, 2) + add_branches(committee, 20, first=2)
    groups = list(Organisation.objects.filter(kind=Organisation.Kind.GROUP))
    fill(branches + groups)
    return committee, general, branches


def direct_held(org, period=YEAR):
    start, end = period.datetimes()
    return Activity.objects.filter(
        organisation__path__startswith=org.path,
        state=Activity.State.HELD,
        start__gte=start,
        start__lt=end,
    )


@pytest.mark.parametrize(
    "selector",
    [
        lambda orgs: stats.held_activities(organisations=orgs, period=YEAR, by="month"),
        lambda orgs: stats.attendance_rates(organisations=orgs, period=YEAR, by="quarter"),
        lambda orgs: stats.volunteer_results(organisations=orgs, period=YEAR),
        lambda orgs: stats.compliance_by_organisation(organisations=orgs, year=2025),
        lambda orgs: points_by_organisation(organisations=orgs, period=YEAR),
    ],
    ids=["held", "attendance", "results", "compliance", "points"],
)
def test_query_count_is_the_same_for_2_and_20_organisations(tree, selector):
    _committee, _general, branches = tree
    two = count_queries(lambda: selector(branches[:2]))
    twenty = count_queries(lambda: selector(branches[:20]))
    assert two == twenty
    assert two <= 4


def test_held_activities_by_type_and_month_equal_a_direct_count(tree):
    committee, general, branches = tree
    figures = stats.held_activities(
        organisations=[committee, general, *branches], period=YEAR, by="month"
    )
    for org in [committee, general, *branches]:
        by_key = figures[org.pk]
        assert sum(by_key.values()) == direct_held(org).count()
        for (type_id, month), n in by_key.items():
            assert n == direct_held(org, month).filter(activity_type_id=type_id).count()
    # a general branch counts both its branches and their groups; the committee everything
    assert sum(figures[general.pk].values()) == sum(
        sum(figures[b.pk].values()) for b in branches[:2]
    )
    assert sum(figures[committee.pk].values()) == Activity.objects.filter(state="held").count()


def test_planned_and_other_years_do_not_count(tree):
    committee, _general, _branches = tree
    figures = stats.held_activities(organisations=[committee], period=Period.year(2024))
    assert figures[committee.pk] == {}


def test_attendance_rates_equal_a_direct_count(tree):
    committee, general, branches = tree
    figures = stats.attendance_rates(organisations=[committee, general, branches[5]], period=YEAR)
    for org in [committee, general, branches[5]]:
        rows = Attendance.objects.filter(activity__in=direct_held(org), is_guest=False)
        got = figures[org.pk][YEAR]
        assert got.expected == rows.count()
        assert got.present == rows.filter(status="present").count()
        assert 0 < got.rate < 1


def test_volunteer_results_equal_the_sums_of_the_records(tree):
    committee, general, _branches = tree
    figures = stats.volunteer_results(organisations=[committee, general], period=YEAR)
    for org in [committee, general]:
        expected = direct_held(org).aggregate(p=Sum("people_served"), d=Sum("disputes_resolved"))
        got = figures[org.pk][YEAR]
        assert got.people_served == expected["p"]
        assert got.disputes_resolved == expected["d"]
        assert got.activities == direct_held(org).filter(people_served__isnull=False).count()


def test_compliance_sums_the_branches_of_a_subtree(tree):
    committee, general, branches = tree
    until = datetime.date(2026, 6, 30)
    figures = stats.compliance_by_organisation(
        organisations=[committee, general, branches[0]], year=2025, until=until
    )
    per_branch = stats.compliance_periods(organisations=[branches[0]], year=2025, until=until)[0]
    committee_meetings = per_branch.by_code["committee_meeting"]
    one = figures[branches[0].pk]
    assert sum(c.held for (code, _p), c in one.items() if code == "committee_meeting") == (
        committee_meetings.held
    )
    assert sum(c.missing for c in one.values()) == per_branch.gaps
    general_missing = sum(c.missing for c in figures[general.pk].values())
    both = stats.compliance_periods(organisations=branches[:2], year=2025, until=until)
    assert general_missing == sum(b.gaps for b in both)
    assert sum(c.missing for c in figures[committee.pk].values()) == sum(
        b.gaps for b in stats.compliance_periods(organisations=[committee], year=2025, until=until)
    )


def test_points_by_organisation_sum_members_and_mean(tree):
    committee, general, branches = tree
    figures = points_by_organisation(organisations=[committee, general, branches[3]], period=YEAR)
    for org in [committee, general, branches[3]]:
        members = Member.objects.current().filter(branch__path__startswith=org.path)
        total = PointEntry.objects.filter(member__in=members, year=2025).aggregate(s=Sum("points"))
        got = figures[org.pk]
        assert got.members == members.count()
        assert got.total == total["s"]
        assert got.mean == (total["s"] / members.count()).quantize(Decimal("0.1"))


def test_primary_keys_work_as_well_as_objects(tree):
    committee, _general, _branches = tree
    assert stats.held_activities(organisations=[committee.pk], period=YEAR) == (
        stats.held_activities(organisations=[committee], period=YEAR)
    )
