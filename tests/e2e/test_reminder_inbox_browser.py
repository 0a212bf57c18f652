"""A member finds the Friday study reminder: the unread count in the navigation bar, the
inbox, the reminder naming the lead, time and room, and the session it links to.
The screenshot goes to artifacts/screenshots/reminder-inbox.png."""

import datetime
import re

import pytest

from activities import rota
from activities.models import Activity
from activities.tasks import send_study_day_reminders
from tests.activities.conftest import at
from tests.browser import login
from tests.factories import make_study_series

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def friday_session(court, types, time_machine):
    """理论日 of branch A, planned on Monday; the secretary 李书记 leads on Friday 2026-03-13."""
    time_machine.move_to(at("2026-03-09", "10:00"), tick=True)
    series = make_study_series(
        court.branch_a,
        leads=[court.secretary_a, court.member_a],
        default_location="第三会议室",
    )
    rota.rota_plan(series=series, start=datetime.date(2026, 3, 9), weeks=1, by=None)
    return Activity.objects.get(series=series)


def test_a_member_reads_the_friday_reminder_naming_the_lead(
    page, court, password, screenshot, friday_session, time_machine
):
    # Friday morning: beat runs the study day job.
    time_machine.move_to(at("2026-03-13", "08:30"), tick=True)
    send_study_day_reminders(today="2026-03-13")

    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    assert re.match(r"^1\b", page.locator("#notices-unread-badge").inner_text())

    page.locator("#notices-bell").click()  # the bell sits outside the menu (issue 14)
    page.wait_for_url("**/notices/")
    reminder = page.locator(".notification-unread")
    assert reminder.count() == 1
    text = reminder.inner_text()
    assert "李书记" in text  # the lead
    assert "14:30" in text
    assert "第三会议室" in text
    screenshot(page, "reminder-inbox")

    reminder.get_by_role("link").first.click()
    page.wait_for_url(f"**{friday_session.get_absolute_url()}")
    assert "d-none" in (page.locator("#notices-unread-badge").get_attribute("class") or "")
    assert page.outside_requests == []
