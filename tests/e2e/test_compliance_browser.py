"""The cadence check in Chromium: committee staff find the branch with gaps in the table and
open its report, then export the table. Screenshots go to artifacts/screenshots/."""

import datetime

import pytest

from activities.models import Activity
from tests.activities.conftest import at
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 20 October 2026, 10:00 in Shanghai: three quarters are over, the fourth is in progress.
NOW = datetime.datetime(2026, 10, 20, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=True)
    return NOW


def held(organisation, activity_type, days):
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            activity_type=activity_type,
            topic=activity_type.name,
            start=at(day),
            state=Activity.State.HELD,
        )
        for day in days
    )


def test_committee_finds_the_gaps_and_opens_a_branch_report(
    page, court, password, screenshot, types
):
    months = [f"2026-{month:02d}-10" for month in range(1, 10)]
    for branch in (court.office, court.branch_a, court.branch_b):
        held(branch, types["committee_meeting"], months)
        held(branch, types["theme_party_day"], months)
        held(branch, types["party_lecture"], ["2026-03-05", "2026-06-05", "2026-09-05"])
        held(branch, types["annual_review"], ["2026-02-15"])
    held(court.branch_b, types["general_meeting"], ["2026-03-20", "2026-06-19", "2026-09-18"])
    held(court.office, types["general_meeting"], ["2026-03-20", "2026-06-19", "2026-09-18"])
    held(court.branch_a, types["general_meeting"], ["2026-03-20", "2026-09-18"])  # none in Q2
    held(court.group_a1, types["group_meeting"], months)
    held(court.group_a2, types["group_meeting"], months[:7])  # none in August, September

    login(page, court.staff.employee_number, password)
    page.wait_for_url("**/")
    page.goto("/activities/compliance/?year=2026")
    row_a = page.locator(f"tr[data-branch='{court.branch_a.pk}']")
    assert row_a.locator("td.table-danger").count() == 2  # general meeting, group meeting
    assert page.locator(f"tr[data-branch='{court.branch_b.pk}'] td.table-danger").count() == 0
    assert "2026-Q2" in row_a.inner_text()
    screenshot(page, "compliance-committee-table")

    with page.expect_download() as download:
        page.locator("#compliance-export").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    row_a.get_by_role("link", name="民一庭党支部").click()
    page.wait_for_url(f"**/activities/compliance/branch/{court.branch_a.pk}/**")
    assert page.locator("#compliance-gaps").inner_text() == "3"
    group_row = page.locator(f"tr[data-group='{court.group_a2.pk}']")
    assert group_row.locator("td.table-danger").count() == 2
    screenshot(page, "compliance-branch-report")

    page.locator("#c-period").select_option("quarter")
    page.get_by_role("button", name="Show").or_(page.locator("form.filters button")).first.click()
    page.wait_for_url("**period=quarter**")
    screenshot(page, "compliance-branch-report-by-quarter")
