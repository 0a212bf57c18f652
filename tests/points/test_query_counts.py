"""The points pages cost the same number of queries with 10 and with 1,000 members."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.models import Member
from points.models import PointClaim, PointEntry, PointsSettings, PointSummary
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_members(court, rules, first, n):
    """Bulk-add members to branch A with entries and summaries; each also gets a pending claim."""
    members = Member.objects.bulk_create(
        Member(
            name=f"测试{i}",
            employee_number=f"P{i:06d}",
            branch=court.branch_a,
            group=court.group_a1,
        )
        for i in range(first, first + n)
    )
    rule, claimable = rules["manual_bonus"], rules["claim_study_article"]
    entries, summaries, claims = [], [], []
    for index, member in enumerate(members):
        points = Decimal(index % 7 + 1)
        entries.append(
            PointEntry(
                member=member,
                rule=rule,
                category=rule.category,
                points=points,
                date=datetime.date(2026, 2, index % 28 + 1),
                year=2026,
                source="manual",
            )
        )
        summaries.append(
            PointSummary(
                member=member,
                year=2026,
                base=Decimal(70),
                total=Decimal(70) + points,
                organisational_life=points,
            )
        )
        claims.append(
            PointClaim(
                member=member, rule=claimable, date=datetime.date(2026, 3, 1), description="文章"
            )
        )
    PointEntry.objects.bulk_create(entries)
    PointSummary.objects.bulk_create(summaries)
    PointClaim.objects.bulk_create(claims)
    # The member whose page is measured gets more history too.
    PointEntry.objects.bulk_create(
        PointEntry(
            member=court.member_a,
            rule=rule,
            category=rule.category,
            points=Decimal(1),
            date=datetime.date(2026, 1, index % 28 + 1),
            year=2026,
            source="manual",
        )
        for index in range(n // 10 + 1)
    )


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("member_a", lambda c: reverse("points:mine")),
        ("member_a", lambda c: reverse("points:mine") + "?page=2"),
        ("member_a", lambda c: reverse("points:claims")),
        ("secretary_a", lambda c: reverse("points:member", args=[c.member_a.pk])),
        ("secretary_a", lambda c: reverse("points:branch", args=[c.branch_a.pk])),
        (
            "secretary_a",
            lambda c: reverse("points:branch", args=[c.branch_a.pk]) + "?sort=name&page=2",
        ),
        ("secretary_a", lambda c: reverse("points:claims_pending")),
        ("secretary_a", lambda c: reverse("points:pioneer")),
        ("committee", lambda c: reverse("points:committee")),
        (
            "committee",
            lambda c: (
                reverse("points:committee") + f"?branch={c.branch_a.pk}&job_category=other&q=测试"
            ),
        ),
        ("committee", lambda c: reverse("points:pioneer") + "?period=Q1"),
    ],
)
def test_page_query_count_does_not_grow_with_members(as_persona, court, rules, persona, url):
    settings = PointsSettings.load()
    settings.show_rank_to_members = True
    settings.save()
    client = as_persona(persona)
    add_members(court, rules, 0, 10)
    small = count_queries(client, url(court))
    add_members(court, rules, 10, 990)
    large = count_queries(client, url(court))
    assert small == large


def test_my_points_runs_a_fixed_small_number_of_queries(
    as_persona, court, rules, django_assert_max_num_queries
):
    client = as_persona("member_a")
    add_members(court, rules, 0, 1000)
    with django_assert_max_num_queries(14):
        client.get(reverse("points:mine"))
