"""Issue 14, build 4 (part): totals per branch and period of people served, disputes
resolved, suggestions and hours, for leaders, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.activities.conftest import at, record
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

URL = reverse("activities:service_results")


def serve(court, types, day, *, organisation=None, people=10, hours="2.5"):
    return record(
        court,
        types,
        code="volunteer_service",
        organisation=organisation or court.branch_a,
        start=at(day),
        topic="志愿服务进社区",
        people_served=people,
        disputes_resolved=1,
        suggestions_collected=2,
        service_hours=Decimal(hours),
        attendance=[],
    )


def test_totals_per_branch_and_period(as_persona, court, types):
    serve(court, types, "2026-01-15")
    serve(court, types, "2026-02-20", organisation=court.group_a1, people=5, hours="1")
    serve(court, types, "2025-12-20", people=99)  # last year
    response = as_persona("committee").get(URL + "?period=2026-Q1")
    rows = {branch.pk: row for branch, row in response.context["rows"]}
    mine = rows[court.branch_a.pk]
    assert mine["activities"] == 2
    assert mine["people_served"] == 15
    assert mine["disputes_resolved"] == 2
    assert mine["suggestions_collected"] == 4
    assert mine["service_hours"] == Decimal("3.5")
    assert rows[court.branch_b.pk]["people_served"] == 0
    page = response.content.decode()
    assert "服务群众人数" in page and "服务时长（小时）" in page and "合计" in page

    january = as_persona("committee").get(URL + "?period=2026-01").context["rows"]
    assert {b.pk: r for b, r in january}[court.branch_a.pk]["people_served"] == 10


def test_a_member_cannot_open_the_totals(as_persona):
    assert as_persona("member_a").get(URL).status_code == 404


def test_the_totals_cost_the_same_queries_for_few_or_many_branches(as_persona, court, types):
    client = as_persona("committee")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL + "?period=2026").status_code == 200
        return len(ctx.captured_queries)

    serve(court, types, "2026-01-15")
    few = count()
    for n in range(6):
        branch = make_organisation(court.committee, name=f"新支部{n}")
        serve(court, types, "2026-02-15", organisation=branch)
    assert count() == few
