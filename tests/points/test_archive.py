"""The performance archive: one printable page per member and year, for the member and their leaders."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from points import services
from points.models import PointClaim, PointEntry
from tests.conftest import PERSONAS
from tests.points.conftest import absent, at, claim, on_leave, present, record
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(court, types, rules):
    """member_a in 2026: two study days present, one on leave, a committee meeting absent;
    an approved and a pending claim; a manual bonus."""
    a, s = court.member_a, court.secretary_a
    record(court, types, start=at("2026-01-09"), attendance=present(a, s))
    record(court, types, start=at("2026-02-06"), attendance=present(a, s))
    record(court, types, start=at("2026-02-13"), attendance=[on_leave(a), *present(s)])
    record(
        court,
        types,
        code="general_meeting",
        start=at("2026-03-06"),
        attendance=[absent(a), *present(s)],
    )
    approved = claim(court.member_a, rules["claim_research_paper"], description="调研文章获奖")
    services.claim_approve(claim=approved, by=s.user)
    claim(court.member_a, rules["claim_study_article"], description="学习体会一篇")
    services.points_award(
        member=a, rule=rules["manual_bonus"], date=datetime.date(2026, 3, 2), by=None
    )
    return a


def test_the_archive_shows_the_years_record(as_persona, history):
    response = as_persona("member_a").get(reverse("points:archive", args=[history.pk, 2026]))
    archive = response.context["archive"]
    # 70 + 2 study days + research paper 5 + bonus 1 − absent from the general meeting 2
    assert archive.summary.total == Decimal(70 + 2 + 5 + 1 - 2)
    assert archive.summary.study == Decimal(2)
    assert archive.summary.casework == Decimal(5)
    assert archive.summary.deductions == Decimal(-2)
    assert archive.attendance == {
        "present": 2,
        "on_leave": 1,
        "absent": 1,
        "total": 4,
        "percent": 50,
    }
    assert [c.status for c in archive.claims] == ["approved", "pending"]
    page = response.content.decode()
    assert "调研文章获奖" in page
    assert "50%" in page
    assert 'id="print-archive"' in page


def test_another_year_is_empty_but_opens(as_persona, history):
    response = as_persona("member_a").get(reverse("points:archive", args=[history.pk, 2025]))
    assert response.status_code == 200
    assert response.context["archive"].summary.total == Decimal(70)
    assert not response.context["archive"].claims


def test_a_future_year_is_not_found(as_persona, history):
    url = reverse("points:archive", args=[history.pk, 2027])
    assert as_persona("member_a").get(url).status_code == 404


def test_my_points_links_to_the_archive(as_persona, court):
    page = as_persona("member_a").get(reverse("points:mine")).content.decode()
    assert reverse("points:archive", args=[court.member_a.pk, 2026]) in page


# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {"points:archive"}


@pytest.mark.parametrize(
    ("whose", "statuses"),
    [
        ("member_a", [200, 200, 200, 200, 404, 302]),
        ("member_b", [200, 200, 404, 404, 200, 302]),
    ],
)
def test_archive_access_for_every_persona(as_persona, court, whose, statuses):
    member = getattr(court, whose)
    for persona, status in zip(PERSONAS, statuses, strict=True):
        response = as_persona(persona).get(reverse("points:archive", args=[member.pk, 2026]))
        assert response.status_code == status, persona


def test_a_group_leader_does_not_see_the_archive(client, court):
    from branches.models import Post
    from tests.factories import give_post, make_member

    leader = make_member(court.branch_a, group=court.group_a2, name="组长")
    give_post(leader, court.group_a2, Post.Kind.GROUP_LEADER)
    client.force_login(leader.user)
    assert client.get(reverse("points:archive", args=[court.member_a.pk, 2026])).status_code == 404


def test_the_archive_costs_the_same_queries_with_a_long_history(as_persona, court, history, rules):
    client = as_persona("secretary_a")
    url = reverse("points:archive", args=[history.pk, 2026])
    small = count_queries(client, url)
    rule = rules["manual_bonus"]
    PointEntry.objects.bulk_create(
        PointEntry(
            member=history,
            rule=rule,
            category=rule.category,
            points=Decimal(1),
            date=datetime.date(2026, 1, i % 28 + 1),
            year=2026,
            source="manual",
        )
        for i in range(200)
    )
    PointClaim.objects.bulk_create(
        PointClaim(
            member=history,
            rule=rules["claim_study_article"],
            date=datetime.date(2026, 2, i % 28 + 1),
            description=f"文章{i}",
        )
        for i in range(100)
    )
    assert count_queries(client, url) == small
