"""Issue 14, build 9 in Chromium: another member of the branch sees who was on leave but not
why; the member on leave reads their own reason. Screenshots in artifacts/screenshots/."""

import pytest

from activities.models import ActivityType, Attendance
from activities.services import AttendanceEntry, activity_record
from tests.activities.conftest import at
from tests.browser import login
from tests.factories import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_leave_reason_is_private(page, court, password, screenshot):
    study, _created = ActivityType.objects.get_or_create(
        code="study_day", defaults={"name": "理论学习日", "category": "study", "level": "branch"}
    )
    colleague = make_member(court.branch_a, name="同支部党员")
    activity = activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=study,
        topic="学习党章",
        start=at("2026-03-06"),
        attendance=[
            AttendanceEntry(court.secretary_a),
            AttendanceEntry(court.member_a, Attendance.Status.ON_LEAVE, "病假"),
            AttendanceEntry(colleague),
        ],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, colleague.employee_number, password)
    page.wait_for_url("**/")
    page.goto(activity.get_absolute_url())
    main = page.locator("main").inner_text()
    assert court.member_a.name in main
    assert "病假" not in main
    screenshot(page, "privacy-leave-reason-other-member")

    page.context.clear_cookies()
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(activity.get_absolute_url())
    assert "病假" in page.locator("main").inner_text()
    screenshot(page, "privacy-leave-reason-own")
