"""Issue 11 in Chromium: recording a committee meeting of 民一庭 ticks that month's
"支部委员会每月1次" in the branch's ledger with no further input; withdrawing it reopens
the period. The member's tasks at phone width. Screenshots go to artifacts/screenshots/."""

import datetime
import importlib

import pytest
from django.apps import apps

from activities.models import Activity
from ledgers import services
from ledgers.defaults import install_standard_targets
from ledgers.models import TaskPeriod
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=True)
    return NOW


@pytest.fixture
def ledger(db, court):
    """The activity types and standard targets (as the migrations install them), and 民一庭's
    published 2026 list."""
    importlib.import_module("activities.migrations.0002_activity_types").load_types(apps, None)
    # After a browser test's flush the defaults were installed while no type existed;
    # installing again (as the next migrate does) binds them to the types just loaded.
    install_standard_targets()
    responsibility_list = services.list_create(year=2026, organisation=court.branch_a)
    services.list_publish(responsibility_list=responsibility_list, by=None)
    return responsibility_list


def test_committee_meeting_ticks_the_ledger_and_withdrawal_reopens_it(
    page, court, password, screenshot, ledger
):
    task = ledger.tasks.get(title="支部委员会每月1次")
    cell = f"tr[data-task='{task.pk}'] td[data-period='2026-12']"

    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(ledger.get_absolute_url())
    assert "未开始" in page.locator(cell).inner_text()
    assert (
        "逾期" in page.locator(f"tr[data-task='{task.pk}'] td[data-period='2026-11']").inner_text()
    )
    screenshot(page, "ledgers-branch-ledger-before")

    page.goto(f"/activities/new/?organisation={court.branch_a.pk}&type=committee_meeting")
    page.get_by_label("主题").fill("研究部署12月支部工作")
    page.get_by_label("日期").fill("2026-12-01")
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("结束时间").fill("10:00")
    page.get_by_label("会议纪要").fill("传达学习上级会议精神，研究年度述职评议准备工作。")
    page.get_by_role("button", name="保存记录").click()
    activity = Activity.objects.get()
    page.wait_for_url(f"**{activity.get_absolute_url()}")

    page.goto(ledger.get_absolute_url())
    assert "已完成" in page.locator(cell).inner_text()
    assert page.locator(f"{cell} a[href='/activities/{activity.pk}/']").count() == 1
    screenshot(page, "ledgers-branch-ledger-ticked")
    december = task.periods.get(period="2026-12")
    assert december.status == TaskPeriod.Status.DONE

    page.goto(f"/activities/{activity.pk}/withdraw/")
    page.get_by_label("撤销原因").fill("误录，会议改期")
    page.locator("main").get_by_role("button", name="撤销").click()
    page.wait_for_url(f"**{activity.get_absolute_url()}")

    page.goto(ledger.get_absolute_url())
    assert "未开始" in page.locator(cell).inner_text()
    screenshot(page, "ledgers-branch-ledger-reopened")
    december.refresh_from_db()
    assert december.status == TaskPeriod.Status.OPEN and not december.activities.exists()

    page.goto(task.get_absolute_url())
    screenshot(page, "ledgers-task-detail")
    page.goto(f"/ledgers/lists/{ledger.pk}/print/")
    screenshot(page, "ledgers-ledger-print")
    assert page.outside_requests == []


def test_member_sees_their_tasks_at_phone_width(page, court, password, screenshot, ledger):
    services.task_create(
        responsibility_list=ledger,
        title="撰写司法改革调研报告",
        category="business",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 20),
        assignee_member=court.member_a,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto("/ledgers/mine/")
    tasks = page.locator("#my-tasks")
    assert "撰写司法改革调研报告" in tasks.inner_text()
    # Nothing sticks out at phone width.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "ledgers-my-tasks-phone")
