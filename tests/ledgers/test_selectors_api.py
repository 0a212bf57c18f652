"""The read API for dashboards: figures, scores and a member's open tasks, at a fixed
number of queries whatever the number of organisations."""

import datetime
from decimal import Decimal

import pytest

from branches.models import Organisation
from branches.periods import Period
from ledgers import selectors, services
from ledgers.models import TaskPeriod
from tests.factories import make_organisation
from tests.ledgers.conftest import TODAY, record

pytestmark = pytest.mark.django_db


def test_ledger_figures_of_a_branch(court, types, branch_list):
    record(court, types, code="committee_meeting")  # December's committee meeting held
    member_task = services.task_create(
        responsibility_list=branch_list,
        title="调研报告",
        category="business",
        period_kind="monthly",
        assignee_member=court.member_a,
    )
    services.period_report(
        period=member_task.periods.get(period="2026-11"), by=None, note="完成", done=True
    )
    services.period_waive(
        period=member_task.periods.get(period="2026-10"), by=None, reason="外出学习"
    )
    figures = selectors.ledger_figures(
        organisation_ids=[court.branch_a.pk, court.branch_b.pk],
        period=Period.quarter(2026, 4),
        today=TODAY,
    )
    a = figures[court.branch_a.pk]
    # Q4: 3 monthly standard targets × 3 months + 2 quarterly + 3 annual (due 12-31) = 14,
    # plus the member's 3 months.
    assert a.due == 17
    assert a.done == 2 and a.waived == 1
    assert a.by_category["business"] == (1, 3)
    assert a.by_category["special"] == (0, 0)
    # Overdue: October and November of the 3 monthly targets, and the member's nothing else.
    assert a.overdue == 6
    assert a.rate == pytest.approx(2 / 16)
    assert figures[court.branch_b.pk].due == 0 and figures[court.branch_b.pk].rate is None


def test_a_draft_list_does_not_count(court):
    services.list_create(year=2026, organisation=court.branch_b)
    figures = selectors.ledger_figures(
        organisation_ids=[court.branch_b.pk], period=Period.year(2026), today=TODAY
    )
    assert figures[court.branch_b.pk].due == 0


def test_figures_and_scores_cost_the_same_for_many_organisations(
    court, branch_list, django_assert_num_queries
):
    services.assessments_compute(year=2026, month=11)
    few = [court.branch_a.pk]
    many = few + [
        make_organisation(court.committee, Organisation.Kind.BRANCH, f"支部{i}").pk
        for i in range(8)
    ]
    for ids in (few, many):
        with django_assert_num_queries(2):
            selectors.ledger_figures(organisation_ids=ids, period=Period.year(2026), today=TODAY)
        with django_assert_num_queries(1):
            scores = selectors.assessment_scores(organisation_ids=ids, year=2026)
    assert isinstance(scores[court.branch_a.pk][11], Decimal)


def test_open_tasks_for_a_member(court, branch_list, django_assert_num_queries):
    first = services.task_create(
        responsibility_list=branch_list,
        title="调研报告",
        category="business",
        period_kind="monthly",
        assignee_member=court.member_a,
    )
    services.task_create(
        responsibility_list=branch_list,
        title="年度学习计划",
        category="party_building",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 10),
        assignee_member=court.member_a,
    )
    with django_assert_num_queries(1):
        rows = selectors.open_tasks_for(court.member_a, today=TODAY, limit=3)
    assert [(r.task.title, r.period) for r in rows] == [
        ("调研报告", "2026-01"),
        ("调研报告", "2026-02"),
        ("调研报告", "2026-03"),
    ]
    assert all(r.is_overdue for r in rows)
    TaskPeriod.objects.filter(task=first).exclude(period="2026-12").update(status="done")
    rows = selectors.open_tasks_for(court.member_a, today=TODAY)
    assert [(r.task.title, r.is_overdue) for r in rows] == [
        ("年度学习计划", False),
        ("调研报告", False),
    ]


def test_the_home_panel_renders_the_open_tasks(court, branch_list):
    from django.template.loader import render_to_string

    services.task_create(
        responsibility_list=branch_list,
        title="年度学习计划",
        category="party_building",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 10),
        assignee_member=court.member_a,
    )
    html = render_to_string(
        "ledgers/_my_tasks_panel.html",
        {"ledger_tasks": selectors.open_tasks_for(court.member_a, today=TODAY)},
    )
    assert "年度学习计划" in html and "2026-12-10" in html
    assert "暂无未完成任务" in render_to_string(
        "ledgers/_my_tasks_panel.html", {"ledger_tasks": []}
    )
