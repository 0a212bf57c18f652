"""The figures the dashboards read from ledgers and brands (dashboards/sources.py), on the
demo court seeded once for the module: each equals its app's records, links down to
them, and feeds the star rating's measured criteria."""

import re

import pytest
from django.db.models import Q
from django.urls import reverse

from branches.models import Organisation, User
from branches.periods import Period
from brands.models import Brand, Honour
from dashboards import figures, rubric, services, sources
from ledgers.models import TaskPeriod
from tests.dashboards.conftest import TODAY

pytestmark = pytest.mark.django_db
YEAR = Period.year(2026)


@pytest.fixture
def staff_client(client, demo_court):
    client.force_login(User.objects.get(employee_number="jg001"))
    return client


def counted_periods(branch):
    """The task periods of the branch's published lists: its own, its groups' and members'."""
    return TaskPeriod.objects.filter(
        Q(task__assignee_organisation__path__startswith=branch.path)
        | Q(task__assignee_member__branch__path__startswith=branch.path),
        task__is_withdrawn=False,
        task__responsibility_list__state__in=["published", "closed"],
    )


def branch_rows(demo_court, period):
    court = figures.committee_figures(demo_court, period, today=TODAY)
    rows = list(court.rows)
    for row in court.rows:
        if row.organisation.kind == Organisation.Kind.GENERAL_BRANCH:
            rows += figures.committee_figures(row.organisation, period, today=TODAY).rows
    return {r.organisation.pk: r for r in rows if r.organisation.kind == "branch"}


def test_each_branch_row_shows_its_ledger_brand_and_honours(demo_court):
    rows = branch_rows(demo_court, YEAR)
    assert rows
    for pk, row in rows.items():
        branch = row.organisation
        in_branch = counted_periods(branch).filter(
            due_date__gte=YEAR.first, due_date__lt=YEAR.after
        )
        assert row.ledger.due == in_branch.count(), branch.name
        assert row.ledger.done == in_branch.filter(status="done").count(), branch.name
        current = Brand.objects.filter(organisation=branch, is_current=True).first()
        if current is None:
            assert row.brand is None
        else:
            assert (row.brand.name, row.brand.stage) == (current.name, current.stage)
        assert row.honours == sources.honours(organisation_ids=[pk], period=YEAR).get(pk, {})
    # The demo has something to show in each column.
    assert any(row.ledger.overdue for row in rows.values())
    assert any(row.brand is not None for row in rows.values())
    assert any(row.honours_total for row in rows.values())
    assert Honour.objects.exists()


def test_the_overdue_link_leads_to_the_branchs_overdue_tasks(staff_client, demo_court):
    rows = branch_rows(demo_court, YEAR)
    row = next(r for r in rows.values() if r.ledger.overdue)
    response = staff_client.get(row.links["overdue"], follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    overdue = (
        counted_periods(row.organisation)
        .filter(status__in=TaskPeriod.UNFINISHED, due_date__lt=TODAY)
        .select_related("task")
    )
    assert any(period.task.title in page for period in overdue)


def test_the_dashboard_page_shows_the_ledger_and_brand_columns(staff_client, demo_court):
    page = staff_client.get(reverse("dashboards:committee") + "?period=2026").content.decode()
    rows = branch_rows(demo_court, YEAR)
    row = next(r for r in rows.values() if r.brand is not None and r.ledger.due)
    html = page.split(f'data-org="{row.organisation.pk}"')[1].split("</tr>")[0]
    assert row.brand.stage_label in html
    assert re.search(rf"\b{row.ledger_percent}\s*%", html)


def test_the_star_rating_measures_ledger_brand_honours_and_innovation(demo_court):
    branches = list(Organisation.objects.filter(kind="branch", is_active=True))
    data = rubric.RubricData.load(branches, year=2026, today=TODAY)
    lines_by_branch = {
        branch.pk: rubric.compute(
            services.active_criteria(),
            data,
            branch_id=branch.pk,
            self_scores={},
            committee_scores={},
        )[0]
        for branch in branches
    }
    measured = {
        line.code
        for lines in lines_by_branch.values()
        for line in lines
        if line.entered_by == "measured"
    }
    sourced = {c.code for c in services.active_criteria() if c.source != rubric.COMMITTEE}
    by_source = {c.source: c.code for c in services.active_criteria()}
    # Every branch with ledger tasks due is measured on its ledger; every branch on its
    # brand stage (no brand: 0) and its innovation project.
    for branch in branches:
        lines = {line.code: line for line in lines_by_branch[branch.pk]}
        assert lines[by_source["brand_stage"]].entered_by == "measured"
        assert lines[by_source["innovation"]].entered_by == "measured"
        if data.ledger.get(branch.pk) and data.ledger[branch.pk].rate is not None:
            assert lines[by_source["ledger"]].entered_by == "measured"
    assert by_source["ledger"] in measured and by_source["honours"] in measured
    assert measured <= sourced
