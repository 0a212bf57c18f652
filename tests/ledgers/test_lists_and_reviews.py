"""Lists over the year, next year's lists, the Excel export, the annual report review."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ledgers import services
from ledgers.models import AnnualReport, LedgerError, ResponsibilityList, Task

pytestmark = pytest.mark.django_db


def test_create_next_years_lists_from_this_years(client, court, branch_list):
    committee_list = services.list_create(year=2026, organisation=court.committee)
    parent = services.task_create(
        responsibility_list=committee_list,
        title="落实司法责任制改革",
        category="business",
        period_kind="half_year",
        assignee_organisation=court.branch_a,
    )
    services.task_break_down(task=parent, by=None, assignees=[court.group_a1])
    services.task_create(
        responsibility_list=branch_list,
        title="清理长期未结案件",
        category="business",
        period_kind="quarterly",
    )
    client.force_login(court.staff.user)
    response = client.post(reverse("ledgers:create_next_year"), {"year": "2026"})
    assert response.status_code == 302
    lists = ResponsibilityList.objects.filter(year=2027)
    assert set(lists.values_list("organisation", flat=True)) == {
        court.committee.pk,
        court.branch_a.pk,
    }
    assert all(lst.state == "draft" for lst in lists)
    branch_2027 = lists.get(organisation=court.branch_a)
    assert branch_2027.tasks.filter(standard_target__isnull=False).count() == 8
    assert branch_2027.tasks.filter(title="清理长期未结案件").exists()
    child = branch_2027.tasks.get(assignee_organisation=court.group_a1)
    assert child.parent.responsibility_list.year == 2027
    assert child.periods.first().period == "2027-H1"
    # Running it again creates nothing twice.
    client.post(reverse("ledgers:create_next_year"), {"year": "2026"})
    assert ResponsibilityList.objects.filter(year=2027).count() == 2


def test_excel_export_keeps_user_text_as_text(client, court, branch_list):
    services.task_create(
        responsibility_list=branch_list,
        title='=HYPERLINK("http://evil","点我")',
        category="special",
        period_kind="annual",
    )
    client.force_login(court.secretary_a.user)
    response = client.get(reverse("ledgers:list_export", args=[branch_list.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["专项工作"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert workbook["党建工作"].max_row >= 2 + 12  # the monthly committee meeting's twelve rows


def test_annual_report_submit_and_grade(client, court, branch_list):
    client.force_login(court.secretary_a.user)
    url = reverse("ledgers:report_detail", args=[court.branch_a.pk, 2026])
    client.post(url, {"action": "submit", "text": "支部全年工作扎实。"})
    report = AnnualReport.objects.get(organisation=court.branch_a, year=2026)
    assert report.text == "支部全年工作扎实。"
    assert "支部委员会会议" in report.summary and "志愿服务" in report.summary
    # The secretary cannot grade their own report.
    assert client.post(url, {"action": "grade", "grade": "good"}).status_code == 403
    client.force_login(court.staff.user)
    client.post(url, {"action": "grade", "grade": "fairly_good", "comments": "组织生活规范"})
    report.refresh_from_db()
    assert report.get_grade_display() == "较好" and report.graded_by == court.staff.user
    with pytest.raises(LedgerError):
        services.report_submit(
            organisation=court.branch_a, year=2026, text="改", by=court.secretary_a.user
        )


def test_withdrawn_task_is_kept_but_no_longer_listed(client, court, branch_list):
    task = services.task_create(
        responsibility_list=branch_list,
        title="临时任务",
        category="special",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 20),
    )
    client.force_login(court.secretary_a.user)
    client.post(reverse("ledgers:task_withdraw", args=[task.pk]), {"reason": "已并入其他任务"})
    task.refresh_from_db()
    assert task.is_withdrawn and Task.objects.filter(pk=task.pk).exists()
    page = client.get(reverse("ledgers:list_detail", args=[branch_list.pk])).content.decode()
    assert "临时任务" not in page
    assert task.history.count() == 2


def test_list_lifecycle(court, branch_list, english):
    services.list_close(responsibility_list=branch_list, by=None)
    with pytest.raises(LedgerError, match="cannot become"):
        services.list_publish(responsibility_list=branch_list, by=None)
    assert ResponsibilityList.objects.get(pk=branch_list.pk).history.count() == 3
