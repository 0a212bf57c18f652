"""Acceptance on the demo court (seeded once for this module, clock at 30 June 2026):
the dashboard's counts equal the database, each star rating is the rubric's, the Word
annual statistics hold the database's figures, and a few branches are behind."""

import io
import re
from collections import Counter

import pytest
from django.db.models import Count
from django.urls import reverse
from docx import Document

from activities.models import Activity, Attendance
from branches.models import Member, Organisation, User
from branches.periods import Period
from dashboards import figures, rubric, services
from dashboards.models import BranchRating
from tests.dashboards.conftest import TODAY

pytestmark = pytest.mark.django_db
YEAR = Period.year(2025)


@pytest.fixture
def staff_client(client, demo_court):
    client.force_login(User.objects.get(employee_number="jg001"))
    return client


def held_2025(**filters):
    start, end = YEAR.datetimes()
    return Activity.objects.filter(state="held", start__gte=start, start__lt=end, **filters)


def by_type_in_db(org) -> dict[int, int]:
    rows = (
        held_2025(organisation__path__startswith=org.path)
        .values("activity_type_id")
        .annotate(n=Count("pk"))
    )
    return {row["activity_type_id"]: row["n"] for row in rows}


def test_activities_by_type_for_2025_per_branch_and_in_total_equal_the_database(demo_court):
    court = figures.committee_figures(demo_court, YEAR, today=TODAY)
    rows = list(court.rows)
    for row in court.rows:  # branches under a general branch: one level down
        if row.organisation.kind == Organisation.Kind.GENERAL_BRANCH:
            rows += figures.committee_figures(row.organisation, YEAR, today=TODAY).rows
    branches = {r.organisation.pk: r for r in rows if r.organisation.kind == "branch"}
    assert set(branches) == set(
        Organisation.objects.filter(kind="branch", is_active=True).values_list("pk", flat=True)
    )
    for row in branches.values():
        assert row.by_type == by_type_in_db(row.organisation), row.organisation.name
        assert row.held == held_2025(organisation__path__startswith=row.organisation.path).count()
    assert court.root.by_type == by_type_in_db(demo_court)
    assert court.root.held == held_2025().count() > 1000


def test_the_dashboard_page_shows_the_databases_totals(staff_client, demo_court):
    page = staff_client.get(reverse("dashboards:committee") + "?period=2025").content.decode()
    assert f'id="total-held">{held_2025().count()}<' in page
    for pk, held in re.findall(r'data-org="(\d+)".*?class="held-link">(\d+)<', page, re.S):
        org = Organisation.objects.get(pk=pk)
        assert int(held) == held_2025(organisation__path__startswith=org.path).count()


def test_annual_statistics_page_counts_by_type_equal_the_database(staff_client, demo_court):
    page = staff_client.get(reverse("dashboards:annual") + "?period=2025").content.decode()
    expected = Counter(held_2025().values_list("activity_type__code", flat=True))
    shown = dict(re.findall(r'data-type="([\w-]+)">.*?<a href="[^"]*">(\d+)</a>', page, re.S))
    assert {code: int(n) for code, n in shown.items()} == dict(expected)
    assert "共开展组织生活" in page and f"{held_2025().count()}次" in page


def test_the_word_annual_statistics_hold_the_databases_figures(staff_client, demo_court):
    response = staff_client.get(reverse("dashboards:annual_docx") + "?period=2025")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    overview, types, categories = document.tables[:3]
    figures_ = {row.cells[0].text: row.cells[1].text for row in overview.rows[1:]}
    reached = (
        Attendance.objects.filter(activity__in=held_2025(), status="present", is_guest=False)
        .values("member_id")
        .distinct()
        .count()
    )
    assert figures_["开展活动"] == str(held_2025().count())
    assert figures_["参加活动的党员"] == str(reached)
    assert figures_["党员"] == str(Member.objects.current().count())
    served = sum(a.people_served or 0 for a in held_2025())
    assert figures_["服务群众"] == str(served) if "服务群众" in figures_ else True
    by_type = Counter(held_2025().values_list("activity_type__name", flat=True))
    assert {row.cells[0].text: int(row.cells[2].text) for row in types.rows[1:]} == dict(by_type)
    assert sum(int(row.cells[1].text) for row in categories.rows[1:]) == held_2025().count()
    assert "共开展组织生活" in document.paragraphs[1].text


def test_each_demo_branchs_star_rating_is_computed_from_the_rubric(demo_court):
    criteria = services.active_criteria()
    assert sum(c.weight for c in criteria) == 110
    ratings = list(BranchRating.objects.filter(year=2025).select_related("branch"))
    assert len(ratings) == Organisation.objects.filter(kind="branch").count()
    data = rubric.RubricData.load([r.branch for r in ratings], year=2025, today=TODAY)
    for rating in ratings:
        lines, total, _innovation = rubric.compute(
            criteria,
            data,
            branch_id=rating.branch_id,
            self_scores=rating.self_scores,
            committee_scores=rating.committee_scores,
        )
        assert [line.code for line in lines] == [c.code for c in criteria]
        assert rating.computed_score == total, rating.branch.name
        assert rating.computed_stars == rubric.stars_for(
            total, innovation=rating.has_innovation_project
        )
        measured = {line.code: line for line in lines if line.entered_by == "measured"}
        assert {"cadence", "attendance"} <= set(measured)  # from the recorded activities
        assert rating.is_confirmed and rating.reason


def test_some_demo_branches_are_behind(demo_court):
    ratings = {r.branch.department: r for r in BranchRating.objects.filter(year=2025)}
    assert ratings["执行二庭"].stars <= 2 and ratings["行政审判庭"].stars <= 2
    court = figures.committee_figures(demo_court, YEAR, today=TODAY)
    assert court.root.cadence.missing > 0
    behind = {row["name"] for row in court.heatmap["rows"] if any(row["cells"])}
    assert {"行政审判庭党支部", "执行二庭党支部", "江北人民法庭党支部"} <= behind
    assert BranchRating.objects.filter(year=2026).count() == len(ratings)
    adjusted = [r for r in ratings.values() if r.confirmed_stars != r.computed_stars]
    assert len(adjusted) == 1 and "上调" in adjusted[0].reason
    assert adjusted[0].confirmed_stars == adjusted[0].computed_stars + 1 == 4
