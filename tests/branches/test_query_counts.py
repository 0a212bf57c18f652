"""Directory, tree and branch pages cost the same number of queries at any size."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Member, Membership
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_members(court, first, n):
    """Bulk-add members first..first+n-1, spread over branch A's two groups and branch B."""
    targets = [
        (court.branch_a, court.group_a1),
        (court.branch_a, court.group_a2),
        (court.branch_b, None),
    ]
    members = Member.objects.bulk_create(
        Member(
            name=f"测试{i}",
            employee_number=f"B{i:06d}",
            branch=targets[i % 3][0],
            group=targets[i % 3][1],
            phone=f"135{i:08d}",
            status=Member.Status.FULL if i % 5 else Member.Status.PROBATIONARY,
        )
        for i in range(first, first + n)
    )
    Membership.objects.bulk_create(
        Membership(member=m, branch=m.branch, group=m.group, start=datetime.date(2020, 1, 1))
        for m in members
    )


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("committee", lambda c: reverse("branches:member_list")),
        ("committee", lambda c: reverse("branches:member_list") + "?q=测试&status=full&page=2"),
        ("secretary_a", lambda c: reverse("branches:member_list")),
        ("committee", lambda c: reverse("branches:organisation_tree")),
        ("committee", lambda c: reverse("branches:organisation_detail", args=[c.branch_a.pk])),
        ("secretary_a", lambda c: reverse("branches:organisation_detail", args=[c.branch_a.pk])),
        ("committee", lambda c: reverse("branches:organisation_detail", args=[c.committee.pk])),
        ("committee", lambda c: reverse("branches:member_detail", args=[c.member_a.pk])),
    ],
)
def test_page_query_count_does_not_grow_with_members(as_persona, court, persona, url):
    client = as_persona(persona)
    add_members(court, 0, 10)
    small = count_queries(client, url(court))
    add_members(court, 10, 490)
    large = count_queries(client, url(court))
    assert small == large
