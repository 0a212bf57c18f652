"""Pages of the meeting-cadence check: a branch's report, the committee's table, the export."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from tests.activities.conftest import at
from tests.conftest import PERSONAS
from tests.factories import make_organisation
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def held(organisation, activity_type, *days):
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            activity_type=activity_type,
            topic=f"{activity_type.name} {day}",
            start=at(day),
            state=Activity.State.HELD,
        )
        for day in days
    )


@pytest.fixture
def after_2026(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)


# --- who may see what -----------------------------------------------------------------------
# PERSONAS: admin, committee, secretary_a, member_a, member_b, anonymous.
MATRIX = [
    ("activities:compliance", lambda c: [], [200, 200, 200, 404, 404, 302]),
    ("activities:compliance_export", lambda c: [], [200, 200, 200, 404, 404, 302]),
    ("activities:compliance_branch", lambda c: [c.branch_a.pk], [200, 200, 200, 404, 404, 302]),
    ("activities:compliance_branch", lambda c: [c.branch_b.pk], [200, 200, 404, 404, 404, 302]),
    ("activities:compliance_branch", lambda c: [c.group_a1.pk], [404, 404, 404, 404, 404, 302]),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {name for name, _args, _expected in MATRIX}


@pytest.mark.parametrize(("name", "args", "expected"), MATRIX)
def test_permission_matrix(as_persona, court, types, name, args, expected):
    url = reverse(name, args=args(court))
    statuses = [as_persona(persona).get(url).status_code for persona in PERSONAS]
    assert statuses == expected, url


def test_secretary_sees_only_their_branch_in_the_table(as_persona, court, types):
    page = as_persona("secretary_a").get(reverse("activities:compliance")).content.decode()
    assert "民一庭党支部" in page
    assert "刑庭党支部" not in page
    assert "机关党委办公室党支部" not in page


def test_committee_staff_see_every_branch(as_persona, court, types):
    page = as_persona("committee").get(reverse("activities:compliance")).content.decode()
    for name in ("民一庭党支部", "刑庭党支部", "机关党委办公室党支部"):
        assert name in page


# --- a branch's report ---------------------------------------------------------------------
def test_branch_report_shows_held_against_required_with_the_gaps_in_red(
    as_persona, court, types, after_2026
):
    held(court.branch_a, types["general_meeting"], "2026-03-20", "2026-09-18")
    url = reverse("activities:compliance_branch", args=[court.branch_a.pk])
    response = as_persona("secretary_a").get(url, {"year": 2026, "period": "quarter"})
    assert response.status_code == 200
    result = response.context["result"]
    meetings = result.by_code["general_meeting"]
    assert [(p.label, p.held, p.required, p.gap) for p in meetings.periods] == [
        ("2026-Q1", 1, 1, 0),
        ("2026-Q2", 0, 1, 1),
        ("2026-Q3", 1, 1, 0),
        ("2026-Q4", 0, 1, 1),
    ]
    page = response.content.decode()
    row = page.split('data-rule="general_meeting"')[1].split("</tr>")[0]
    assert row.count("table-danger") == 2
    assert row.count("table-success") == 2
    assert 'data-period="2026-Q2" data-status="due"' in row
    # The party groups each have their row under the group meeting.
    assert "民一庭第一党小组" in page and "民一庭第二党小组" in page


def test_branch_report_by_month_keeps_quarterly_rules_in_quarters(as_persona, court, types):
    url = reverse("activities:compliance_branch", args=[court.branch_a.pk])
    page = as_persona("secretary_a").get(url, {"year": 2026}).content.decode()
    row = page.split('data-rule="general_meeting"')[1].split("</tr>")[0]
    assert row.count('colspan="3"') == 4
    committee_row = page.split('data-rule="committee_meeting"')[1].split("</tr>")[0]
    assert committee_row.count('colspan="1"') == 12


def test_branch_report_marks_the_current_quarter_in_progress_and_later_ones_not_due(
    as_persona, court, types
):
    # Now: 13 March 2026 (tests/activities/conftest.py).
    url = reverse("activities:compliance_branch", args=[court.branch_a.pk])
    response = as_persona("secretary_a").get(url, {"year": 2026, "period": "quarter"})
    row = response.content.decode().split('data-rule="general_meeting"')[1].split("</tr>")[0]
    assert row.count("table-warning") == 1
    assert row.count('data-status="not_due"') == 3
    assert "table-danger" not in row


# --- the committee's table ------------------------------------------------------------------
def test_committee_table_sums_the_gaps_and_filters(as_persona, court, types, after_2026):
    for branch in (court.office, court.branch_a, court.branch_b):
        held(branch, types["general_meeting"], "2026-02-01", "2026-05-01", "2026-08-01")
    held(court.branch_b, types["general_meeting"], "2026-11-01")
    client = as_persona("committee")

    response = client.get(reverse("activities:compliance"), {"year": 2026})
    rows = {r.branch.name: r for r, _cells in response.context["page"].object_list}
    assert rows["刑庭党支部"].by_code["general_meeting"].gaps == 0
    assert rows["民一庭党支部"].by_code["general_meeting"].gaps == 1
    assert [p.label for p in rows["民一庭党支部"].by_code["general_meeting"].gap_periods] == [
        "2026-Q4"
    ]
    codes = [rule.code for rule in response.context["rules"]]
    assert response.context["totals"][codes.index("general_meeting")] == 2

    searched = client.get(reverse("activities:compliance"), {"year": 2026, "q": "刑庭"})
    assert [r.branch.name for r, _ in searched.context["page"].object_list] == ["刑庭党支部"]


def test_committee_table_can_show_only_branches_with_gaps(as_persona, court, types):
    # Now: 13 March 2026; only branch B held everything due so far.
    held(court.branch_b, types["committee_meeting"], "2026-01-10", "2026-02-10")
    held(court.branch_b, types["theme_party_day"], "2026-01-12", "2026-02-12")
    response = as_persona("committee").get(reverse("activities:compliance"), {"gaps": "1"})
    names = [r.branch.name for r, _ in response.context["page"].object_list]
    assert names == ["机关党委办公室党支部", "民一庭党支部"]


def test_export_has_the_gaps_and_every_period(as_persona, court, types, after_2026):
    held(court.branch_a, types["general_meeting"], "2026-03-20", "2026-09-18")
    response = as_persona("committee").get(reverse("activities:compliance_export"), {"year": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    summary, details = workbook.worksheets[:2]
    header, *rows = list(summary.iter_rows(values_only=True))
    column = header.index("支部党员大会")
    by_branch = {row[0]: row for row in rows}
    assert by_branch["民一庭党支部"][column] == 2
    assert by_branch["刑庭党支部"][column] == 4
    assert by_branch["刑庭党支部"][header.index("党小组会")] == "—"  # branch B has no groups
    lines = list(details.iter_rows(values_only=True))[1:]
    q2 = [
        row
        for row in lines
        if row[0] == "民一庭党支部" and row[1] == "支部党员大会" and row[3] == "2026-Q2"
    ]
    assert [(row[5], row[6], row[7]) for row in q2] == [(1, 0, 1)]
    group_rows = [row for row in lines if row[2] == "民一庭第二党小组"]
    assert len(group_rows) == 12


def test_export_is_scoped_like_the_table(as_persona, court, types):
    response = as_persona("secretary_a").get(reverse("activities:compliance_export"))
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    names = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == ["民一庭党支部"]


# --- cost ---------------------------------------------------------------------------------------
def add_branches(court, types, count):
    for index in range(count):
        branch = make_organisation(court.committee, "branch", f"新建第{index}支部")
        for group_index in range(2):
            group = make_organisation(branch, "group", f"新建第{index}支部第{group_index}小组")
            held(group, types["group_meeting"], "2026-01-09", "2026-02-06")
        held(branch, types["general_meeting"], "2026-01-20")
        held(branch, types["committee_meeting"], "2026-01-05", "2026-02-05", "2026-03-05")


@pytest.mark.parametrize("url_name", ["activities:compliance", "activities:compliance_export"])
def test_committee_table_costs_the_same_queries_at_2_and_8_branches(
    as_persona, court, types, url_name, django_assert_num_queries
):
    client = as_persona("committee")
    url = reverse(url_name)
    add_branches(court, types, 2)
    small = count_queries(client, url, {"year": 2026})
    add_branches(court, types, 6)
    assert Activity.objects.count() == 8 * 8
    with django_assert_num_queries(small):
        response = client.get(url, {"year": 2026})
    if url_name == "activities:compliance":
        assert len(response.context["page"].object_list) == 3 + 8


def test_branch_report_costs_the_same_queries_with_more_activities(as_persona, court, types):
    client = as_persona("secretary_a")
    url = reverse("activities:compliance_branch", args=[court.branch_a.pk])
    held(court.group_a1, types["group_meeting"], "2026-01-09")
    small = count_queries(client, url, {"year": 2026})
    held(court.group_a2, types["group_meeting"], "2026-01-09", "2026-02-06", "2026-03-06")
    held(court.branch_a, types["committee_meeting"], "2026-01-05", "2026-02-05")
    assert count_queries(client, url, {"year": 2026}) == small
