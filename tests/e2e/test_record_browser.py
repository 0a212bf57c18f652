"""Issue 4's journey in Chromium: a secretary records Friday's study in one form; the member
on leave finds it in their own history. Screenshots go to artifacts/screenshots/."""

import pytest

from activities.models import Activity, Attendance
from tests.activities.conftest import NOW, png_bytes
from tests.browser import login
from tests.factories import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def now(time_machine):
    """The clock starts at Friday 18:00 and runs (the browser and server need it to move)."""
    time_machine.move_to(NOW, tick=True)
    return NOW


def test_secretary_records_friday_study_in_one_form(
    page, court, password, screenshot, types, tmp_path
):
    others = [make_member(court.branch_a, name=f"党员{i:02d}", login=False) for i in range(1, 13)]
    absent = others[-1]
    photo = tmp_path / "学习现场.png"
    photo.write_bytes(png_bytes())

    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(f"/activities/new/?organisation={court.branch_a.pk}&type=study_day")
    rows = page.locator("#attendance-table tbody tr")
    assert rows.count() == 14

    page.get_by_label("主题").fill("学习《中国共产党纪律处分条例》")
    page.get_by_label("日期").fill("2026-03-13")
    page.get_by_label("开始时间").fill("14:30")
    page.get_by_label("结束时间").fill("16:30")
    page.get_by_label("主持人/领学人/主讲人").select_option(label="李书记")
    page.get_by_label("其他地点").fill("第三会议室")
    page.get_by_label("会议纪要").fill("李书记领学第一至三章，王党员因开庭请假。")

    # the search box narrows the table; marking leave asks for the reason
    page.locator("#attendance-search").fill("王党员")
    assert page.locator("#attendance-table tbody tr:visible").count() == 1
    page.locator(f"label[for=attendance-{court.member_a.pk}-on_leave]").click()
    page.locator(f"input[name=reason-{court.member_a.pk}]").fill("外出开庭")
    page.locator("#attendance-search").fill("")
    page.locator(f"label[for=attendance-{absent.pk}-absent]").click()
    assert page.locator("[data-count=present]").inner_text() == "12"
    page.locator("#id_attachments").set_input_files(str(photo))
    screenshot(page, "activities-record-form")

    page.get_by_role("button", name="保存记录").click()
    activity = Activity.objects.get()
    page.wait_for_url(f"**{activity.get_absolute_url()}")
    assert "出席率 86%" in page.locator("main").inner_text()  # 12 of 14
    assert page.locator("img[alt='学习现场.png']").is_visible()
    screenshot(page, "activities-detail")
    assert activity.attendances.filter(status=Attendance.Status.PRESENT).count() == 12
    assert activity.attendances.get(member=court.member_a).reason == "外出开庭"
    assert activity.attendances.get(member=absent).status == Attendance.Status.ABSENT

    page.goto("/activities/")
    assert "学习《中国共产党纪律处分条例》" in page.locator("main").inner_text()
    screenshot(page, "activities-list")
    page.goto("/activities/calendar/?month=2026-03")
    assert (
        "学习《中国共产党纪律处分条例》" in page.locator("td[data-date='2026-03-13']").inner_text()
    )
    screenshot(page, "activities-calendar")
    page.goto(f"/activities/{activity.pk}/print/")
    screenshot(page, "activities-print")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto("/activities/mine/")
    history = page.locator("main").inner_text()
    assert "学习《中国共产党纪律处分条例》" in history
    assert "外出开庭" in history
    screenshot(page, "activities-my-attendance-phone")
    assert page.outside_requests == []
