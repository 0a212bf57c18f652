"""Without the ledgers and brands apps, their figures are empty and the pages show "—"."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from branches.periods import Period
from dashboards import sources

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    apps.is_installed("ledgers") or apps.is_installed("brands"),
    reason="the lead tests the sources with ledgers and brands installed",
)
def test_sources_are_empty_and_the_dashboard_shows_dashes(as_persona, court):
    ids = [court.branch_a.pk, court.branch_b.pk]
    year = Period.year(2025)
    assert (
        sources.ledger_figures(organisation_ids=ids, period=year, today=datetime.date(2026, 1, 5))
        == {}
    )
    assert sources.assessment_means(organisation_ids=ids, year=2025) == {}
    assert sources.brands(organisation_ids=ids) == {}
    assert sources.honours(organisation_ids=ids, period=year) == {}
    assert sources.innovation(organisation_ids=ids, year=2025) == {}
    assert sources.open_tasks(court.member_a, today=datetime.date(2026, 1, 5)) is None
    assert sources.overdue_tasks_url(court.branch_a.pk) is None
    page = as_persona("committee").get(reverse("dashboards:committee") + "?period=2025")
    row = page.content.decode().split(f'data-org="{court.branch_a.pk}"')[1].split("</tr>")[0]
    assert row.count("—") >= 4  # ledger %, overdue, brand, honours
