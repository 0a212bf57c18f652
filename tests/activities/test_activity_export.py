"""Exporting the activity list to Excel: the list's filters, the import's columns, importable again."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.importing import HEADERS, activity_import_preview
from activities.models import Attendance
from activities.services import AttendanceEntry
from tests.activities.conftest import at, record
from tests.factories import make_member

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(content: bytes) -> list[dict]:
    workbook = load_workbook(BytesIO(content))
    rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == list(HEADERS)
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def export(as_persona):
    """The exported rows (dicts by header) for a persona and the list's GET parameters."""

    def run(persona, **params):
        response = as_persona(persona).get(reverse("activities:export"), params)
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert response["Content-Disposition"].startswith("attachment;")
        return sheet_rows(response.content)

    return run


@pytest.fixture
def branch_b_study(court, types):
    return record(
        court,
        types,
        organisation=court.branch_b,
        by=court.admin,
        topic="刑庭理论学习",
        start=at("2026-02-27", "15:00"),
        attendance=[AttendanceEntry(court.member_b)],
    )


def test_the_export_writes_each_activity_as_the_import_reads_it(export, court, recorded):
    (row,) = export("secretary_a")
    for column in ("参加人员", "请假人员", "缺席人员"):  # names in the database's collation order
        row[column] = "、".join(sorted(row[column].split("、")))
    assert row == {
        "支部": court.branch_a.name,
        "活动类型": "理论学习日",
        "主题": "学习党的二十届三中全会精神",
        "日期": datetime.datetime(2026, 3, 6),
        "开始时间": datetime.time(14, 30),
        "结束时间": datetime.time(16, 30),
        "地点": "第三会议室",
        "主持人/领学人": "李书记",
        "参加人员": "、".join(sorted(["李书记", "甲1", "甲2", "甲3"])),
        "请假人员": "王党员：外出开庭",
        "缺席人员": "甲0",
        "纪要": "李书记领学，大家交流发言。",
        # A study records no service results and no partner organisations.
        "服务群众人数": None,
        "化解纠纷件数": None,
        "收集意见建议条数": None,
        "服务时长（小时）": None,
        "共建单位": None,
    }


def test_the_export_is_scoped_and_uses_the_list_filters(
    export, court, types, recorded, branch_b_study
):
    record(court, types, code="theme_party_day", topic="三月主题党日", start=at("2026-03-10"))
    topics = lambda rows: [row["主题"] for row in rows]  # noqa: E731
    assert topics(export("secretary_a")) == ["三月主题党日", "学习党的二十届三中全会精神"]
    assert topics(export("member_b")) == ["刑庭理论学习"]
    assert topics(export("committee")) == [
        "三月主题党日",
        "学习党的二十届三中全会精神",
        "刑庭理论学习",
    ]
    assert topics(export("committee", activity_type=types["theme_party_day"].pk)) == [
        "三月主题党日"
    ]
    assert topics(export("committee", period="2026-02")) == ["刑庭理论学习"]
    assert topics(export("committee", q="主题")) == ["三月主题党日"]
    assert topics(export("committee", organisation=court.branch_b.pk)) == ["刑庭理论学习"]
    assert len(export("committee", period="nonsense", page="3")) == 3  # ignored, as on the list


def test_guests_and_shared_names_carry_the_employee_number(export, court, types, recorded):
    make_member(court.branch_b, name="甲1", employee_number="92009", login=False)
    record(
        court,
        types,
        topic="联学",
        start=at("2026-03-11"),
        attendance=[AttendanceEntry(court.secretary_a)],
        guests=["92001"],
    )
    rows = {row["主题"]: row for row in export("secretary_a")}
    assert rows["联学"]["参加人员"] == "李书记、赵党员(92001)"
    shared = [m for m in recorded.attendances.all() if m.member.name == "甲1"][0].member
    assert f"甲1({shared.employee_number})" in rows["学习党的二十届三中全会精神"]["参加人员"]


def test_an_export_imports_back_unchanged(as_persona, court, types, recorded, branch_b_study):
    record(
        court,
        types,
        code="group_meeting",
        organisation=court.group_a1,
        topic="小组会",
        start=at("2026-03-02", "09:00"),
        attendance=[AttendanceEntry(court.secretary_a)],
    )
    content = as_persona("committee").get(reverse("activities:export")).content
    preview = activity_import_preview(user=court.staff.user, file=BytesIO(content))
    assert preview.errors == []
    assert (preview.new_count, preview.unchanged_count) == (0, 3)

    # Read back, the file says what the portal holds: the same times, lead and attendance.
    study = next(plan for plan in preview.rows if plan.topic == "学习党的二十届三中全会精神")
    assert {(e.member.name, e.status, e.reason) for e in study.attendance} == {
        ("李书记", "present", ""),
        ("甲1", "present", ""),
        ("甲2", "present", ""),
        ("甲3", "present", ""),
        ("王党员", "on_leave", "外出开庭"),
        ("甲0", "absent", ""),
    }
    assert study.lead == court.secretary_a and study.end == at("2026-03-06", "16:30")


def add_activities(court, types, members, first, n):
    for i in range(first, first + n):
        day = datetime.date(2026, 3, 12) - datetime.timedelta(days=i)
        entries = [AttendanceEntry(m) for m in members[:-1]]
        entries.append(AttendanceEntry(members[-1], Attendance.Status.ON_LEAVE, "出差"))
        record(court, types, topic=f"学习第{i}讲", start=at(day.isoformat()), attendance=entries)


@pytest.mark.parametrize("persona", ["secretary_a", "committee", "member_a"])
def test_the_export_costs_the_same_queries_at_5_and_30_activities(
    as_persona, court, types, branch_a_members, persona
):
    client = as_persona(persona)
    url = reverse("activities:export") + "?period=2026&state=held"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add_activities(court, types, branch_a_members, 0, 5)
    small = queries()
    add_activities(court, types, branch_a_members, 5, 25)
    assert queries() == small


def test_anonymous_is_sent_to_sign_in(client, court):
    response = client.get(reverse("activities:export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
