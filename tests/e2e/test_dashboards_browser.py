"""Committee staff follow the court's missing meetings down to a branch and the list of its
missing periods; the charts are drawn by the vendored ECharts, with nothing from outside.

Elements are found by URL and id, so the test reads the same in either UI language.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityType
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def year_of_meetings(court, time_machine):
    """2025: branch B holds its committee meeting and theme party day every month; branch A
    holds them only in the first half-year, so its second half is missing."""
    time_machine.move_to(NOW, tick=False)
    if not ActivityType.objects.exists():  # a transactional test before this one flushed them
        migration = importlib.import_module("activities.migrations.0002_activity_types")
        migration.load_types(apps, None)
    types = {t.code: t for t in ActivityType.objects.all()}
    rows = []
    for branch, months in [(court.branch_b, range(1, 13)), (court.branch_a, range(1, 7))]:
        for month in months:
            for code in ("committee_meeting", "theme_party_day"):
                start = timezone.make_aware(datetime.datetime(2025, month, 8, 14, 30))
                rows.append(
                    Activity(
                        organisation=branch,
                        activity_type=types[code],
                        topic=f"{month}月{types[code].name}",
                        start=start,
                        state=Activity.State.HELD,
                    )
                )
    Activity.objects.bulk_create(rows)


def test_from_the_courts_missing_meetings_down_to_a_branchs_missing_periods(
    page, court, password, year_of_meetings, screenshot
):
    login(page, court.staff.employee_number, password)
    page.wait_for_url("**/")
    page.locator(f"#home-dashboards a[href='{reverse('dashboards:committee')}']").click()
    page.wait_for_url(f"**{reverse('dashboards:committee')}")
    page.locator("#d-period").fill("2025")
    page.locator("#d-period").press("Enter")
    page.wait_for_url("**period=2025**")
    page.locator("#chart-activities canvas").first.wait_for()
    page.locator("#chart-heatmap canvas").first.wait_for()
    court_missing = int(page.locator("#total-missing").inner_text())
    assert court_missing > 0
    assert page.locator("#total-held").inner_text() == "36"
    screenshot(page, "dashboards-committee-2025")

    page.locator("#total-missing-link").click()
    page.wait_for_url(f"**{reverse('dashboards:missing')}**")
    branches = page.locator("#missing-branches a.missing-branch")
    names = branches.all_inner_texts()
    assert "民一庭党支部" in names and "刑庭党支部" in names
    screenshot(page, "dashboards-missing-court")

    branches.filter(has_text="民一庭党支部").click()
    page.wait_for_url(f"**org={court.branch_a.pk}**")
    table = page.locator("#missing-periods")
    text = table.inner_text()
    # the second half-year's committee meetings and theme party days are missing
    assert "支部委员会会议" in text and "主题党日" in text
    for month in range(7, 13):
        assert page.locator("tr.missing-period", has_text=f"2025年{month}月").count() >= 2
    march = " ".join(page.locator("tr.missing-period", has_text="2025年3月").all_inner_texts())
    assert "党小组会" in march  # its party groups never met
    assert "支部委员会会议" not in march and "主题党日" not in march  # held in March
    assert page.locator("#dashboard-breadcrumbs").inner_text().startswith("某某法院机关党委")
    screenshot(page, "dashboards-missing-branch")
    assert page.outside_requests == []


def test_branch_dashboard_for_its_secretary(page, court, password, year_of_meetings, screenshot):
    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    page.locator("#home-branch-dashboard").click()
    page.wait_for_url(f"**{reverse('dashboards:branch', args=[court.branch_a.pk])}**")
    page.goto(reverse("dashboards:branch", args=[court.branch_a.pk]) + "?period=2025")
    page.locator("#chart-attendance canvas").first.wait_for()
    assert "王党员" in page.locator("#branch-members").inner_text()
    screenshot(page, "dashboards-branch-2025")
    assert page.outside_requests == []
