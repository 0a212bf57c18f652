"""Importing the results of volunteer service and co-building: counts, hours and partners
from the register, checked by row and column, all or nothing; the template and the export
carry the same columns, so an export imports back."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities import services
from activities.importing import (
    HEADERS,
    ActivityImportError,
    activity_import_commit,
    activity_import_preview,
)
from activities.models import Activity
from tests.imports import xlsx_bytes

pytestmark = pytest.mark.django_db

RESULT_HEADERS = [
    "服务群众人数",
    "化解纠纷件数",
    "收集意见建议条数",
    "服务时长（小时）",
    "共建单位",
]


@pytest.fixture
def register(db):
    return [
        services.partner_save(by=None, name="城东社区党委", kind="community"),
        services.partner_save(by=None, name="Jiangcheng School 党支部", kind="school"),
    ]


@pytest.fixture
def people(court, branch_a_members):
    return branch_a_members


def service_row(court, **cells):
    values = {
        "支部": court.branch_a.name,
        "活动类型": "志愿服务",
        "主题": "民法典宣传进社区",
        "日期": "2026-03-10",
        "开始时间": "09:00",
        "结束时间": "11:30",
        "参加人员": "李书记、甲1",
        "服务群众人数": "120",
        "化解纠纷件数": 3,
        "收集意见建议条数": "8",
        "服务时长（小时）": "5.5",
        "共建单位": " 城东社区党委、jiangcheng school  党支部 ",
    }
    values.update(cells)
    return values


def preview_of(user, rows):
    return activity_import_preview(user=user, file=BytesIO(xlsx_bytes(rows, HEADERS)))


def test_the_columns_are_in_the_template_and_the_export(as_persona):
    response = as_persona("secretary_a").get(reverse("activities:import_template"))
    data, notes = load_workbook(BytesIO(response.content)).worksheets
    assert [cell.value for cell in data[1]][-5:] == RESULT_HEADERS
    # The notes list the register's names to copy.
    services.partner_save(by=None, name="紫芳园社区党支部", kind="community")
    response = as_persona("secretary_a").get(reverse("activities:import_template"))
    notes = load_workbook(BytesIO(response.content)).worksheets[1]
    assert "紫芳园社区党支部" in {row[0] for row in notes.iter_rows(values_only=True)}


def test_results_and_partners_are_imported_and_exported_back(as_persona, court, people, register):
    user = court.staff.user
    preview = activity_import_commit(
        user=user, file=BytesIO(xlsx_bytes([service_row(court)], HEADERS))
    )
    assert preview.new_count == 1
    activity = Activity.objects.get(topic="民法典宣传进社区")
    assert (
        activity.people_served,
        activity.disputes_resolved,
        activity.suggestions_collected,
        activity.service_hours,
    ) == (120, 3, 8, Decimal("5.5"))
    assert set(activity.partner_organisations.all()) == set(register)

    content = as_persona("committee").get(reverse("activities:export")).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    (row,) = [
        dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert [row[h] for h in RESULT_HEADERS[:4]] == [120, 3, 8, 5.5]
    assert row["共建单位"] == "Jiangcheng School 党支部、城东社区党委"
    # The export imports back as already there.
    again = preview_of(user, [{h: v for h, v in row.items() if v is not None}])
    assert again.errors == [] and again.unchanged_count == 1


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"服务群众人数": "-5"}, "服务群众人数", "-5"),
        ({"化解纠纷件数": "2.5"}, "化解纠纷件数", "整数"),
        ({"收集意见建议条数": "许多"}, "收集意见建议条数", "许多"),
        ({"服务时长（小时）": "-1"}, "服务时长（小时）", "不小于0"),
        ({"服务时长（小时）": "2.25"}, "服务时长（小时）", "一位小数"),
        ({"服务时长（小时）": "两小时"}, "服务时长（小时）", "两小时"),
        ({"共建单位": "城东社区党委、不存在的单位"}, "共建单位", "不存在的单位"),
        ({"活动类型": "理论学习日"}, "服务群众人数", "不记录服务成效"),
    ],
)
def test_a_bad_result_or_unknown_partner_is_an_error_in_its_cell(
    court, people, register, cells, column, words
):
    before = Activity.objects.count()
    rows = [service_row(court, 主题="另一次服务"), service_row(court, **cells)]
    preview = preview_of(court.staff.user, rows)
    (error,) = preview.errors
    assert (error.row, error.column) == (3, column)
    assert words in error.message
    with pytest.raises(ActivityImportError):
        activity_import_commit(user=court.staff.user, file=BytesIO(xlsx_bytes(rows, HEADERS)))
    assert Activity.objects.count() == before  # not even the good row


def test_an_archived_partner_is_refused(court, people, register):
    services.partner_archive(partner=register[0], by=None)
    (error,) = preview_of(court.staff.user, [service_row(court)]).errors
    assert error.column == "共建单位" and "归档" in error.message


def test_files_without_the_new_columns_still_import(court, people):
    old_headers = HEADERS[:-5]
    row = {h: v for h, v in service_row(court).items() if h in old_headers}
    file = BytesIO(xlsx_bytes([row], old_headers))
    preview = activity_import_preview(user=court.staff.user, file=file)
    assert preview.errors == [] and preview.new_count == 1


def test_the_preview_costs_the_same_queries_with_partners_at_5_and_40_rows(court, people, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n):
        rows = [
            service_row(
                court, 日期=(datetime.date(2026, 3, 12) - datetime.timedelta(days=i)).isoformat()
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            preview = preview_of(court.staff.user, rows)
        assert preview.ok and len(preview.rows) == n
        return len(ctx.captured_queries)

    queries(1)
    assert queries(5) == queries(40)
