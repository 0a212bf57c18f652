"""Every dashboards page (and export) costs the same number of queries with a small tree and
with a tree five times bigger holding many more activities, members and ratings."""

import pytest
from django.urls import reverse

from activities import statistics as stats
from dashboards import services
from tests.dashboards.conftest import add_branches, count_queries, fill

pytestmark = pytest.mark.django_db


def pages(court):
    a, root = court.branch_a.pk, court.committee.pk
    return [
        ("committee", reverse("dashboards:committee") + "?period=2025"),
        ("committee-q", reverse("dashboards:committee") + f"?org={root}&period=2025-Q2"),
        ("committee-branch", reverse("dashboards:committee") + f"?org={a}&period=2025"),
        ("export", reverse("dashboards:committee_export") + "?period=2025"),
        ("missing", reverse("dashboards:missing") + f"?org={root}&period=2025"),
        ("missing-branch", reverse("dashboards:missing") + f"?org={a}&period=2025"),
        ("branch", reverse("dashboards:branch", args=[a]) + "?period=2025"),
        ("annual", reverse("dashboards:annual") + f"?org={root}&period=2025"),
        ("annual-xlsx", reverse("dashboards:annual_xlsx") + f"?org={root}&period=2025"),
        ("annual-docx", reverse("dashboards:annual_docx") + f"?org={root}&period=2025"),
        ("ratings", reverse("dashboards:ratings") + "?year=2025"),
        ("rating", reverse("dashboards:rating_detail", args=[a, 2025])),
        ("record", reverse("dashboards:record", args=[a, 2025])),
        ("record-docx", reverse("dashboards:record_docx", args=[a, 2025])),
        ("home", reverse("home")),
    ]


def measure(client, court) -> dict[str, int]:
    counts = {}
    for name, url in pages(court):
        counts[name] = count_queries(lambda url=url: client.get(url))
        assert client.get(url).status_code == 200, name
    return counts


def grow(court, n):
    branches = add_branches(court.committee, n, first=100 + n)
    fill(branches + [court.branch_a, court.group_a1, court.group_a2], per_org=6, members=4)
    services.ratings_compute(branches=stats.branches_under([court.committee]), year=2025)


def test_every_page_costs_the_same_at_two_data_sizes(as_persona, court):
    client = as_persona("committee")
    grow(court, 2)
    small = measure(client, court)
    grow(court, 10)
    large = measure(client, court)
    assert small == large
    assert max(small.values()) <= 30


def test_the_branch_dashboard_costs_the_same_for_its_secretary(as_persona, court):
    client = as_persona("secretary_a")
    url = reverse("dashboards:branch", args=[court.branch_a.pk]) + "?period=2025"
    grow(court, 1)
    small = count_queries(lambda: client.get(url))
    grow(court, 6)
    assert count_queries(lambda: client.get(url)) == small
