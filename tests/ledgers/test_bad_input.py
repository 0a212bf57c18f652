"""Bad input gets a clear Chinese message and changes nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledgers import services
from ledgers.models import LedgerError, ResponsibilityList, Task, TaskPeriod, TaskUpdate
from tests.ledgers.conftest import committee_task

pytestmark = pytest.mark.django_db


def _counts():
    return Task.objects.count(), TaskPeriod.objects.count(), TaskUpdate.objects.count()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.fixture
def secretary(client, court):
    client.force_login(court.secretary_a.user)
    return client


def task_data(**overrides):
    data = {
        "title": "专项整治",
        "category": "special",
        "period_kind": "annual",
        "weight": "1",
        "target_kind": "",
        "assignee": "",
    }
    data.update(overrides)
    return data


def test_due_date_outside_the_year(secretary, branch_list):
    before = _counts()
    response = secretary.post(
        reverse("ledgers:task_create", args=[branch_list.pk]), task_data(due_date="2027-01-15")
    )
    assert response.status_code == 200
    assert "截止日期必须在2026年内" in response.content.decode()
    assert _counts() == before


def test_child_task_assigned_outside_the_branch(court, branch_list):
    committee_list = services.list_create(year=2026, organisation=court.committee)
    task = services.task_create(
        responsibility_list=committee_list,
        title="任务",
        category="business",
        period_kind="annual",
        assignee_organisation=court.branch_a,
    )
    before = _counts()
    with pytest.raises(LedgerError) as error:
        services.task_break_down(task=task, by=None, assignees=[court.group_a1, court.member_b])
    assert "赵党员" in str(error.value) and "只能分解给本组织的党小组和党员" in str(error.value)
    assert _counts() == before  # the group's child was rolled back with the rest


def test_child_task_outside_the_branch_through_the_page(secretary, court, branch_list):
    response = secretary.post(
        reverse("ledgers:task_create", args=[branch_list.pk]),
        task_data(assignee=f"member:{court.member_b.pk}"),
    )
    assert response.status_code == 200  # not a choice of branch A's form
    assert "选择一个有效的选项" in response.content.decode()
    before = _counts()
    with pytest.raises(LedgerError, match="请在该组织内分配"):
        services.task_create(
            responsibility_list=branch_list,
            title="x",
            category="special",
            period_kind="annual",
            assignee_member=court.member_b,
        )
    assert _counts() == before


def test_unknown_target_type(secretary, branch_list):
    before = _counts()
    with pytest.raises(LedgerError, match="未知的计数目标类型"):
        services.task_create(
            responsibility_list=branch_list,
            title="x",
            category="special",
            period_kind="monthly",
            target_kind="likes",
        )
    response = secretary.post(
        reverse("ledgers:task_create", args=[branch_list.pk]), task_data(target_kind="likes")
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert _counts() == before


def test_edit_of_a_closed_list(secretary, court, branch_list):
    services.list_close(responsibility_list=branch_list, by=None)
    task = committee_task(branch_list)
    before = _counts()
    response = secretary.post(
        reverse("ledgers:task_create", args=[branch_list.pk]), task_data(), follow=True
    )
    assert "已关闭，不能再修改" in response.content.decode()
    response = secretary.post(
        reverse("ledgers:task_edit", args=[task.pk]), {"title": "新", "weight": "1"}
    )
    assert response.status_code == 200
    assert "已关闭，不能再修改" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "支部委员会每月1次"
    assert _counts() == before
    assert ResponsibilityList.objects.get(pk=branch_list.pk).state == "closed"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "只能上传"),
        ("伪装.pdf", b"MZ\x90\x00", "不是真正的"),
        ("太大.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "超过"),
    ],
)
def test_wrong_file_type_or_size(secretary, court, branch_list, name, content, message):
    task = services.task_create(
        responsibility_list=branch_list, title="调研报告", category="business", period_kind="annual"
    )
    period = task.periods.get()
    before = _counts()
    response = secretary.post(
        reverse("ledgers:period_report", args=[period.pk]),
        {"note": "已完成", "done": "on", "evidence": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in _messages(response)
    period.refresh_from_db()
    assert period.status == TaskPeriod.Status.OPEN
    assert _counts() == before


def test_evidence_is_never_required(secretary, branch_list):
    task = services.task_create(
        responsibility_list=branch_list, title="调研报告", category="business", period_kind="annual"
    )
    period = task.periods.get()
    secretary.post(
        reverse("ledgers:period_report", args=[period.pk]), {"note": "已完成", "done": "on"}
    )
    period.refresh_from_db()
    assert period.status == TaskPeriod.Status.DONE
    assert period.done_on == datetime.date(2026, 12, 2)
