"""The meeting-cadence check (activities/compliance.py) and `manage.py compliance_report`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from activities.compliance import PeriodStatus, compliance_for, compliance_gaps
from activities.models import Activity
from tests.activities.conftest import at, record
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

AFTER_2026 = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)


def held(organisation, activity_type, *days, state=Activity.State.HELD):
    """Activities on the given days (14:30 Shanghai), created in bulk."""
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            activity_type=activity_type,
            topic=f"{activity_type.name} {day}",
            start=at(day) if isinstance(day, str) else day,
            state=state,
        )
        for day in days
    )


def report(*args) -> dict:
    out = StringIO()
    call_command("compliance_report", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def rule_of(data: dict, branch, code: str) -> dict:
    [found] = [b for b in data["branches"] if b["id"] == branch.pk]
    [rule] = [r for r in found["rules"] if r["type"] == code]
    return rule


def by_period(rule: dict) -> dict[str, dict]:
    return {p["period"]: p for p in rule["periods"]}


# --- the acceptance test ------------------------------------------------------------------
def test_report_lists_q2_and_q4_as_missing_when_general_meetings_were_held_in_q1_and_q3(
    court, types, time_machine
):
    time_machine.move_to(AFTER_2026, tick=False)
    for day in ("2026-03-20", "2026-09-18"):
        record(court, types, code="general_meeting", start=at(day), topic="支部党员大会")

    data = report("--year", "2026", "--branch", str(court.branch_a.pk))

    assert data["year"] == 2026
    assert [b["name"] for b in data["branches"]] == ["民一庭党支部"]
    meetings = rule_of(data, court.branch_a, "general_meeting")
    assert meetings["name"] == "支部党员大会"
    assert meetings["period"] == "quarter"
    assert meetings["periods"] == [
        {"period": "2026-Q1", "status": "due", "required": 1, "held": 1, "missing": 0},
        {"period": "2026-Q2", "status": "due", "required": 1, "held": 0, "missing": 1},
        {"period": "2026-Q3", "status": "due", "required": 1, "held": 1, "missing": 0},
        {"period": "2026-Q4", "status": "due", "required": 1, "held": 0, "missing": 1},
    ]
    missing = [p["period"] for p in meetings["periods"] if p["missing"]]
    assert missing == ["2026-Q2", "2026-Q4"]


def test_report_gives_every_rule_in_its_own_period_by_default(court, types, time_machine):
    time_machine.move_to(AFTER_2026, tick=False)
    data = report("--year", "2026", "--branch", str(court.branch_a.pk))
    rules = {r["type"]: r for r in data["branches"][0]["rules"]}

    assert list(rules) == [
        "general_meeting",
        "committee_meeting",
        "group_meeting",
        "party_lecture",
        "theme_party_day",
        "annual_review",
        "democratic_evaluation",
    ]
    assert rules["committee_meeting"]["period"] == "month"
    assert len(rules["committee_meeting"]["periods"]) == 12
    assert rules["party_lecture"]["period"] == "quarter"
    assert rules["annual_review"]["periods"] == [
        {"period": "2026", "status": "due", "required": 1, "held": 0, "missing": 1}
    ]
    assert data["branches"][0]["gaps"] == 4 + 12 + 2 * 12 + 4 + 12 + 1 + 1


def test_report_covers_every_active_branch_without_a_branch_option(court, types, time_machine):
    time_machine.move_to(AFTER_2026, tick=False)
    data = report("--year", "2026")
    assert [b["name"] for b in data["branches"]] == [
        "机关党委办公室党支部",
        "民一庭党支部",
        "刑庭党支部",
    ]


def test_monthly_rule_by_quarter_counts_each_month_on_its_own(court, types, time_machine):
    time_machine.move_to(AFTER_2026, tick=False)
    held(court.branch_a, types["committee_meeting"], "2026-01-05", "2026-01-15", "2026-01-25")
    held(court.branch_a, types["committee_meeting"], "2026-04-05", "2026-05-05", "2026-06-05")

    data = report("--year", "2026", "--branch", str(court.branch_a.pk), "--period", "quarter")
    meetings = by_period(rule_of(data, court.branch_a, "committee_meeting"))

    assert meetings["2026-Q1"] == {
        "period": "2026-Q1",
        "status": "due",
        "required": 3,
        "held": 3,
        "missing": 2,  # February and March had none
    }
    assert meetings["2026-Q2"]["missing"] == 0
    assert meetings["2026-Q3"]["missing"] == 3
    # A yearly rule is never split: it stays yearly when quarters are asked for.
    assert rule_of(data, court.branch_a, "annual_review")["period"] == "year"


def test_table_format_reads_as_a_grid(court, types, time_machine):
    time_machine.move_to(AFTER_2026, tick=False)
    held(court.branch_a, types["general_meeting"], "2026-03-20", "2026-09-18")
    out = StringIO()
    call_command(
        "compliance_report", "--year", "2026", "--branch", str(court.branch_a.pk), stdout=out
    )
    text = out.getvalue()

    assert "民一庭党支部" in text
    line = next(line for line in text.splitlines() if line.strip().startswith("支部党员大会"))
    assert line.split()[-6:] == ["1/1", "0/1", "-1", "1/1", "0/1", "-1"]
    assert "民一庭第一党小组" in text  # the group meeting is broken down per party group


def test_report_refuses_an_unknown_branch(court):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("compliance_report", "--year", "2026", "--branch", "999999")


# --- party groups ---------------------------------------------------------------------------
def test_group_meetings_are_required_of_every_party_group(court, types):
    # Now: Friday 13 March 2026 (tests/activities/conftest.py).
    meeting = types["group_meeting"]
    held(court.group_a1, meeting, "2026-01-09", "2026-02-06", "2026-02-20")
    held(court.group_a2, meeting, "2026-01-16")

    [result] = compliance_for([court.branch_a], year=2026)
    rule = result.by_code["group_meeting"]
    months = {p.label: p for p in rule.periods}

    january, february = months["2026-01"], months["2026-02"]
    assert (january.required, january.held, january.missing) == (2, 2, 0)
    # Two meetings of the first group do not make up for none in the second.
    assert (february.required, february.held, february.missing) == (2, 2, 1)
    assert months["2026-02"].gap == 1
    assert months["2026-03"].status == PeriodStatus.IN_PROGRESS
    assert months["2026-03"].gap == 0 and months["2026-03"].to_do == 2
    assert months["2026-04"].status == PeriodStatus.NOT_DUE and months["2026-04"].missing == 0

    groups = {g.group.name: {p.label: p.missing for p in g.periods} for g in rule.groups}
    assert groups["民一庭第一党小组"]["2026-02"] == 0
    assert groups["民一庭第二党小组"]["2026-02"] == 1
    assert [g.gaps for g in rule.groups] == [0, 1]


def test_a_branch_without_party_groups_has_no_group_meeting_rule(court, types):
    [result] = compliance_for([court.branch_b], year=2026)
    assert "group_meeting" not in result.by_code
    assert "general_meeting" in result.by_code


def test_group_meetings_of_another_branch_do_not_count(court, types):
    group_b = make_organisation(court.branch_b, "group", "刑庭党小组")
    held(group_b, types["group_meeting"], "2026-01-09")
    [a, b] = compliance_for([court.branch_a, court.branch_b], year=2026)
    assert a.by_code["group_meeting"].periods[0].held == 0
    assert b.by_code["group_meeting"].periods[0].held == 1
    assert [g.group.name for g in b.by_code["group_meeting"].groups] == ["刑庭党小组"]


def test_report_json_breaks_group_meetings_down_per_group(court, types, time_machine):
    time_machine.move_to(AFTER_2026, tick=False)
    held(court.group_a1, types["group_meeting"], "2026-01-09")
    rule = rule_of(report("--year", "2026"), court.branch_a, "group_meeting")
    assert rule["cadence"] == {"count": 1, "period": "month", "per_group": True}
    assert by_period(rule)["2026-01"] == {
        "period": "2026-01",
        "status": "due",
        "required": 2,
        "held": 1,
        "missing": 1,
    }
    groups = {g["name"]: by_period(g)["2026-01"]["missing"] for g in rule["groups"]}
    assert groups == {"民一庭第一党小组": 0, "民一庭第二党小组": 1}


# --- periods not over ------------------------------------------------------------------------
def test_future_periods_are_not_missing(court, types):
    # Now: 13 March 2026. Nothing held at all.
    [result] = compliance_for([court.branch_a], year=2026)
    quarters = result.by_code["general_meeting"].periods

    assert [p.status for p in quarters] == ["in_progress", "not_due", "not_due", "not_due"]
    assert [p.missing for p in quarters] == [1, 0, 0, 0]
    assert [p.gap for p in quarters] == [0, 0, 0, 0]
    committee = result.by_code["committee_meeting"].periods
    assert [p.gap for p in committee[:3]] == [1, 1, 0]  # January and February are over
    assert committee[2].to_do == 1
    assert result.by_code["annual_review"].gaps == 0
    assert result.gaps == 2 + 2 * 2 + 2  # committee, group (×2 groups), theme party day


def test_a_later_year_has_nothing_due(court, types):
    [result] = compliance_for([court.branch_a], year=2027)
    assert result.gaps == 0 and result.to_do == 0


def test_until_moves_the_day_of_the_check(court, types):
    held(court.branch_a, types["general_meeting"], "2026-02-10")
    [result] = compliance_for([court.branch_a], year=2026, until=datetime.date(2026, 12, 31))
    assert [p.status for p in result.by_code["general_meeting"].periods] == [
        "due",
        "due",
        "due",
        "in_progress",
    ]
    assert result.by_code["general_meeting"].gaps == 2


# --- what counts --------------------------------------------------------------------------------
def test_only_held_activities_count_by_their_date_in_shanghai(court, types):
    meeting = types["general_meeting"]
    held(court.branch_a, meeting, "2026-02-10", state=Activity.State.PLANNED)
    held(court.branch_a, meeting, "2026-02-11", state=Activity.State.WITHDRAWN)
    # 1 April 07:00 in Shanghai is still 31 March in UTC: it belongs to Q2.
    held(court.branch_a, meeting, at("2026-04-01", "07:00"))
    # 1 January 2026 07:00 in Shanghai is 31 December 2025 in UTC: it belongs to 2026.
    held(court.branch_a, meeting, at("2026-01-01", "07:00"))

    [result] = compliance_for([court.branch_a], year=2026, until=datetime.date(2026, 12, 31))
    quarters = result.by_code["general_meeting"].periods
    assert [p.held for p in quarters] == [1, 1, 0, 0]


def test_activities_of_the_branch_itself_count_not_those_of_other_branches(court, types):
    held(court.branch_b, types["general_meeting"], "2026-02-10")
    [a, b] = compliance_for([court.branch_a, court.branch_b], year=2026)
    assert a.by_code["general_meeting"].periods[0].held == 0
    assert b.by_code["general_meeting"].periods[0].held == 1


def test_cadence_edited_in_the_admin_is_followed(court, types):
    meeting = types["general_meeting"]
    meeting.cadence_count = 2
    meeting.save()
    types["theme_party_day"].is_active = False
    types["theme_party_day"].save()
    held(court.branch_a, meeting, "2026-01-10")

    [result] = compliance_for([court.branch_a], year=2026, until=datetime.date(2026, 4, 1))
    q1 = result.by_code["general_meeting"].periods[0]
    assert (q1.required, q1.held, q1.missing) == (2, 1, 1)
    assert "theme_party_day" not in result.by_code


def test_compliance_costs_three_queries_at_any_size(court, types, django_assert_num_queries):
    branches = [court.branch_a, court.branch_b] + [
        make_organisation(court.committee, "branch", f"第{i}支部") for i in range(6)
    ]
    for branch in branches:
        make_organisation(branch, "group", f"{branch.name}小组")
        held(branch, types["general_meeting"], "2026-01-10", "2026-02-10")
    from branches.models import Organisation

    with django_assert_num_queries(3):
        results = compliance_for(Organisation.objects.branches(), year=2026)
    assert len(results) == 9
    with django_assert_num_queries(3):
        compliance_for(branches[:2], year=2026, period_kind="year")


# --- the reminder's question ---------------------------------------------------------------
def test_compliance_gaps_lists_what_the_current_quarter_still_lacks(court, types):
    held(court.branch_a, types["general_meeting"], "2026-01-20")
    held(court.branch_a, types["committee_meeting"], "2026-01-05", "2026-03-02")
    for group in (court.group_a1, court.group_a2):
        held(group, types["group_meeting"], "2026-01-09", "2026-02-06", "2026-03-06")

    gaps = compliance_gaps(court.branch_a, datetime.date(2026, 3, 13))

    assert gaps == [
        ("支部委员会会议", "2026-Q1", 1),  # February
        ("党课", "2026-Q1", 1),
        ("主题党日", "2026-Q1", 3),
        ("组织生活会", "2026", 1),
        ("民主评议党员", "2026", 1),
    ]
    assert gaps[0].rule == "支部委员会会议" and gaps[0].period == "2026-Q1"
