"""Issue 14, build 8 in Chromium at 390 px: the unread count shows without opening the menu,
the activity list is a list of cards (no column one character wide), the inbox's buttons
stay inside the screen. Screenshots in artifacts/screenshots/."""

import pytest

from activities.models import ActivityType
from activities.notifications import STUDY_DAY
from activities.services import AttendanceEntry, activity_record
from notices.outbox import notify
from tests.activities.conftest import at
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 390


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def inside(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_phone_width(page, court, password, screenshot):
    study, _created = ActivityType.objects.get_or_create(
        code="study_day", defaults={"name": "理论学习日", "category": "study", "level": "branch"}
    )
    activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=study,
        topic="学习贯彻党的二十届四中全会精神专题研讨",
        start=at("2026-03-06"),
        attendance=[AttendanceEntry(court.secretary_a), AttendanceEntry(court.member_a)],
    )
    for n in range(2):
        notify(
            recipient=court.member_a.user,
            kind=STUDY_DAY,
            title=f"理论日今天14:30在第三会议室举行，由李书记领学（第{n + 1}次通知）",
            body="地点：第三会议室",
            dedupe_key=f"phone-test:{n}",
        )

    page.set_viewport_size({"width": WIDTH, "height": 844})
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    badge = page.locator("#notices-unread-badge")
    assert badge.is_visible()  # without opening the menu
    assert "2" in badge.inner_text()
    assert not page.locator("#portal-nav").is_visible()
    assert fits(page)
    screenshot(page, "phone-home")

    page.goto("/activities/")
    cards = page.locator("#activity-cards")
    assert cards.is_visible()
    assert "学习贯彻党的二十届四中全会精神专题研讨" in cards.inner_text()
    assert not page.locator("main table").first.is_visible()
    assert fits(page)
    screenshot(page, "phone-activity-list")

    page.goto("/notices/")
    buttons = page.locator("main button:visible, main a.btn:visible")
    assert buttons.count() >= 3
    for index in range(buttons.count()):
        assert inside(buttons.nth(index)), buttons.nth(index).inner_text()
    assert fits(page)
    screenshot(page, "phone-inbox")
