"""Importing past activities from Excel: every error by row and column, all or nothing, idempotent."""

import datetime
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from activities.importing import (
    HEADERS,
    ActivityImportError,
    activity_import_commit,
    activity_import_preview,
    split_people,
)
from activities.models import Activity, Attendance
from branches import services as branch_services
from branches.models import ActivityRoom, ImportJob, Post
from tests.activities.conftest import at
from tests.factories import give_post, make_member
from tests.imports import error_table, xlsx_bytes

pytestmark = pytest.mark.django_db


# --- helpers -----------------------------------------------------------------------------
def xlsx(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(rows, headers)


def upload(client, rows=(), *, content=None, name="activities.xlsx"):
    file = SimpleUploadedFile(name, xlsx(rows) if content is None else content)
    return client.post(reverse("activities:import"), {"file": file})


def confirm(client, response, jobs_run_here):
    """Confirm the previewed file; the queued job runs here, as the worker would."""
    with jobs_run_here():
        return client.post(reverse("activities:import"), {"token": response.context["token"]})


def where(errors) -> list[tuple[str, str]]:
    """(row number, column) of each error."""
    return [(re.sub(r"\D", "", row), column) for row, column, _problem in errors]


def preview_of(user, rows):
    return activity_import_preview(user=user, file=BytesIO(xlsx(rows)))


def counts():
    return (Activity.objects.count(), Attendance.objects.count())


@pytest.fixture
def people(court, branch_a_members):
    """Branch A's members: 李书记 (secretary), 王党员 (member_a), 甲0 … 甲3."""
    return branch_a_members


def row(court, **cells):
    """One good row of branch A: a Friday study, everyone present but 王党员 (on leave) and 甲0."""
    values = {
        "支部": court.branch_a.name,
        "活动类型": "理论学习日",
        "主题": "学习贯彻党的二十届四中全会精神",
        "日期": "2026-03-06",
        "开始时间": "14:30",
        "结束时间": "16:30",
        "地点": "第三会议室",
        "主持人/领学人": "李书记",
        "参加人员": "李书记、甲1、甲2，甲3",
        "请假人员": "王党员：出差",
        "缺席人员": "甲0",
        "纪要": "李书记领学，大家交流发言。",
    }
    values.update(cells)
    return values


KINDS = [
    ("理论学习日", "学习贯彻党的二十届四中全会精神"),
    ("主题党日", "重温入党誓词"),
    ("党课", "书记讲党课：以高质量党建引领审判工作高质量发展"),
    ("支部党员大会", "讨论发展党员事宜"),
    ("警示教育", "观看警示教育片"),
]


def hundred_rows(court):
    """100 past activities of branches A and B (and A's first party group), one every three days."""
    rows = []
    for i in range(100):
        day = datetime.date(2026, 3, 12) - datetime.timedelta(days=3 * i)
        kind, topic = KINDS[i % len(KINDS)]
        if i % 10 == 3:
            rows.append(
                {
                    "支部": court.group_a1.name,
                    "活动类型": "党小组会",
                    "主题": f"第{i}次党小组学习",
                    "日期": day,  # a real Excel date cell
                    "开始时间": datetime.time(9, 0),  # a real Excel time cell
                    "主持人/领学人": "李书记",
                    "参加人员": "李书记、甲0、甲1",
                    "请假人员": "甲2:病假",
                }
            )
        elif i % 10 == 7:
            rows.append(
                {
                    "支部": court.branch_b.name,
                    "活动类型": kind,
                    "主题": f"{topic}（第{i}期）",
                    "日期": day.isoformat(),
                    "开始时间": "15:00",
                    "参加人员": "赵党员",
                }
            )
        else:
            rows.append(
                row(
                    court,
                    活动类型=kind,
                    主题=f"{topic}（第{i}期）",
                    日期=f"{day:%Y/%m/%d}",
                )
            )
    return rows


# --- the acceptance test ------------------------------------------------------------------
def test_a_hundred_rows_with_two_errors_then_corrected_then_imported_again(
    as_persona, court, people, jobs_run_here
):
    client = as_persona("committee")
    rows = hundred_rows(court)
    rows[9]["日期"] = "2026-02-30"  # Excel row 11: no such day
    rows[56]["参加人员"] = "李书记、查无此人"  # Excel row 58: nobody of that name in branch A
    before = counts()

    response = upload(client, rows)

    assert response.status_code == 200
    errors = error_table(response)
    assert where(errors) == [("11", "日期"), ("58", "参加人员")]
    assert "2026-02-30" in errors[0][2]
    assert "查无此人" in errors[1][2]
    assert 'name="token"' not in response.content.decode()  # nothing to confirm
    assert counts() == before

    rows[9]["日期"] = "2026-02-05"
    rows[56]["参加人员"] = "李书记、甲1、甲2，甲3"
    response = upload(client, rows)
    preview = response.context["preview"]
    assert error_table(response) == []
    assert (preview.new_count, preview.unchanged_count) == (100, 0)
    assert counts() == before  # the preview writes nothing

    response = confirm(client, response, jobs_run_here)

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("activities:import_job", args=[job.pk])
    assert (job.kind, job.state, job.rows_done, job.rows_total) == ("activities", "done", 100, 100)
    page = client.get(response["Location"])
    assert page.context["results"][0][1] == 100
    assert reverse("activities:list") in page.content.decode()
    imported = Activity.objects.filter(state=Activity.State.HELD)
    assert imported.count() == before[0] + 100
    study = imported.get(topic="学习贯彻党的二十届四中全会精神（第0期）")
    assert study.organisation == court.branch_a
    assert study.start == at("2026-03-12", "14:30")
    assert study.end == at("2026-03-12", "16:30")
    assert (study.location, study.lead, study.minutes) == (
        "第三会议室",
        court.secretary_a,
        "李书记领学，大家交流发言。",
    )
    statuses = {a.member.name: (a.status, a.reason) for a in study.attendances.all()}
    assert statuses == {
        "李书记": ("present", ""),
        "甲1": ("present", ""),
        "甲2": ("present", ""),
        "甲3": ("present", ""),
        "王党员": ("on_leave", "出差"),
        "甲0": ("absent", ""),
    }
    group_meeting = imported.get(topic="第3次党小组学习")
    assert group_meeting.organisation == court.group_a1
    assert group_meeting.start == at("2026-03-03", "09:00")
    assert group_meeting.attendances.get(member__name="甲2").reason == "病假"
    assert imported.get(topic__endswith="（第7期）").organisation == court.branch_b
    assert Activity.objects.get(topic__endswith="（第9期）").start == at("2026-02-05", "14:30")
    expected_rows = 80 * 6 + 10 * 4 + 10 * 1
    assert Attendance.objects.count() == before[1] + expected_rows
    after = counts()

    response = upload(client, rows)
    preview = response.context["preview"]
    assert (preview.new_count, preview.unchanged_count) == (0, 100)
    assert 'name="token"' not in response.content.decode()
    activity_import_commit(user=court.staff.user, file=BytesIO(xlsx(rows)))
    assert counts() == after


# --- who may import -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("committee", 200),
        ("secretary_a", 200),
        ("member_a", 404),
        ("member_b", 404),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("url_name", ["activities:import", "activities:import_template"])
def test_only_branch_leaders_and_committee_staff_may_import(
    as_persona, court, persona, status, url_name
):
    response = as_persona(persona).get(reverse(url_name))
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["member_a", "member_b"])
def test_a_member_cannot_post_a_file_either(as_persona, court, people, persona):
    before = counts()
    assert upload(as_persona(persona), [row(court)]).status_code == 404
    assert counts() == before


def test_a_group_leader_who_leads_no_branch_gets_404(client, court, people):
    leader = make_member(court.branch_a, group=court.group_a1, name="组长")
    give_post(leader, court.group_a1, Post.Kind.GROUP_LEADER)
    client.force_login(leader.user)
    assert client.get(reverse("activities:import")).status_code == 404


def test_the_list_offers_the_import_only_to_those_who_may_use_it(as_persona, court):
    import_url = reverse("activities:import")
    assert import_url in as_persona("secretary_a").get(reverse("activities:list")).content.decode()
    assert import_url in as_persona("committee").get(reverse("activities:list")).content.decode()
    page = as_persona("member_a").get(reverse("activities:list")).content.decode()
    assert import_url not in page
    assert reverse("activities:export") in page


def test_a_secretary_imports_into_their_branch_only(as_persona, court, people, jobs_run_here):
    client = as_persona("secretary_a")
    other = row(
        court,
        **{
            "支部": court.branch_b.name,
            "参加人员": "赵党员",
            "请假人员": "",
            "缺席人员": "",
            "主持人/领学人": "",
        },
    )
    response = upload(client, [row(court), other])
    assert where(error_table(response)) == [("3", "支部")]
    assert court.branch_b.name in error_table(response)[0][2]

    response = upload(client, [row(court)])
    assert confirm(client, response, jobs_run_here).status_code == 302
    assert Activity.objects.get().created_by == court.secretary_a.user


def test_committee_staff_import_into_any_branch(court, people):
    other = row(
        court,
        **{
            "支部": "刑庭党支部",
            "参加人员": "赵党员",
            "请假人员": "",
            "缺席人员": "",
            "主持人/领学人": "",
        },
    )
    preview = preview_of(court.staff.user, [other])
    assert preview.ok and preview.rows[0].organisation == court.branch_b


def test_a_token_is_good_once_and_only_for_its_uploader(as_persona, court, people, jobs_run_here):
    client = as_persona("secretary_a")
    response = upload(client, [row(court)])
    token = response.context["token"]
    other = as_persona("committee")
    assert other.post(reverse("activities:import"), {"token": token}).status_code == 404
    client = as_persona("secretary_a")
    with jobs_run_here():
        assert client.post(reverse("activities:import"), {"token": token}).status_code == 302
        assert client.post(reverse("activities:import"), {"token": token}).status_code == 404
    assert Activity.objects.count() == 1


# --- what a row may say -----------------------------------------------------------------
def test_every_kind_of_error_is_reported_by_row_and_column(court, people):
    user = court.staff.user
    rows = [
        row(court, 支部="不存在的党支部"),  # 2
        row(court, 活动类型="茶话会"),  # 3
        row(court, 活动类型="党小组会"),  # 4: a branch holds no group meeting
        row(court, 主题=""),  # 5
        row(court, 日期="2026-03-14"),  # 6: tomorrow
        row(court, 日期="2026-03-13", 开始时间="19:00", 结束时间=""),  # 7: later today
        row(court, 开始时间="25:00"),  # 8
        row(court, 结束时间="14:00"),  # 9: before the start
        row(court, **{"主持人/领学人": "李书记、王党员"}),  # 10
        row(court, 缺席人员="甲1"),  # 11: 甲1 is also present
        row(court, 请假人员="王党员(出差"),  # 12: unclosed parenthesis
        row(court, 参加人员="李书记(99999)"),  # 13: no such employee number
        row(court, 活动类型="谈心谈话"),  # 14: takes no attendance
        row(court, 主题="长" * 201),  # 15
        row(court),  # 16
        row(court),  # 17: the same as row 16
    ]
    preview = preview_of(user, rows)
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "支部"),
        (3, "活动类型"),
        (4, "活动类型"),
        (5, "主题"),
        (6, "日期"),
        (7, "开始时间"),
        (8, "开始时间"),
        (9, "结束时间"),
        (10, "主持人/领学人"),
        (11, "缺席人员"),
        (12, "请假人员"),
        (13, "参加人员"),
        (14, "参加人员"),
        (15, "主题"),
        (17, "主题"),
    ]
    messages = {e.row: e.message for e in preview.errors}
    assert "不存在的党支部" in messages[2]
    assert "茶话会" in messages[3] and "理论学习日" in messages[3]
    assert "25:00" in messages[8]
    assert "甲1" in messages[11] and "参加人员" in messages[11]
    assert "99999" in messages[13]
    assert "16" in messages[17]
    assert not preview.ok


def test_names_two_members_share_need_the_employee_number(court, people):
    twin = make_member(court.branch_a, name="甲1", employee_number="91009", login=False)
    preview = preview_of(court.staff.user, [row(court)])
    (error,) = preview.errors
    assert (error.row, error.column) == (2, "参加人员")
    assert f"甲1({people[3].employee_number})" in error.message
    assert "甲1(91009)" in error.message

    preview = preview_of(court.staff.user, [row(court, 参加人员="李书记、甲1（91009）、甲2、甲3")])
    assert preview.ok
    present = {e.member for e in preview.rows[0].attendance if e.status == "present"}
    assert twin in present and people[3] not in present

    preview = preview_of(court.staff.user, [row(court, 参加人员="李书记、甲2(91009)")])
    assert "91009" in preview.errors[0].message  # the number is 甲1's, not 甲2's


def test_leave_reasons_and_numbers_in_parentheses(court, people):
    rows = [
        row(court, 请假人员="王党员 (91002)：开庭, 甲0", 缺席人员=""),
    ]
    preview = preview_of(court.staff.user, rows)
    assert preview.ok
    leave = {e.member.name: e.reason for e in preview.rows[0].attendance if e.status == "on_leave"}
    assert leave == {"王党员": "开庭", "甲0": gettext("not stated")}


def test_a_member_of_another_branch_is_refused_with_or_without_the_number(court, people):
    preview = preview_of(court.staff.user, [row(court, 参加人员="李书记、赵党员")])
    assert [e.column for e in preview.errors] == ["参加人员"]
    assert "赵党员" in preview.errors[0].message

    preview = preview_of(court.staff.user, [row(court, 参加人员="李书记、赵党员(92001)")])
    assert [(e.row, e.column) for e in preview.errors] == [(2, "参加人员")]
    assert "2026-03-06" in preview.errors[0].message
    with pytest.raises(ActivityImportError):
        activity_import_commit(
            user=court.staff.user,
            file=BytesIO(xlsx([row(court, 参加人员="李书记、赵党员(92001)")])),
        )
    assert not Attendance.objects.filter(member=court.member_b).exists()


def test_a_member_who_has_left_the_branch_is_still_found_by_name(court, people):
    branch_services.member_transfer(
        member=people[5], branch=court.branch_b, group=None, on=datetime.date(2026, 1, 1), note=""
    )
    preview = preview_of(court.staff.user, [row(court, 日期="2025-12-12")])
    assert preview.ok
    assert people[5] in {e.member for e in preview.rows[0].attendance}

    # After the transfer, 甲3 is no longer a member of branch A: the row is refused.
    preview = preview_of(court.staff.user, [row(court)])
    assert [(e.row, e.column) for e in preview.errors] == [(2, "参加人员")]
    assert people[5].name in preview.errors[0].message


def test_a_member_who_joined_after_the_activity_is_refused(court, people):
    newcomer = make_member(
        court.branch_a, name="新党员", since=datetime.date(2026, 3, 1), login=False
    )
    preview = preview_of(
        court.staff.user, [row(court, 日期="2026-02-27", 参加人员="李书记、新党员")]
    )
    assert [(e.row, e.column) for e in preview.errors] == [(2, "参加人员")]
    assert "新党员" in preview.errors[0].message and "2026-02-27" in preview.errors[0].message
    assert preview_of(court.staff.user, [row(court, 参加人员="李书记、新党员")]).ok
    assert newcomer.memberships.get().start == datetime.date(2026, 3, 1)


def test_a_parenthesised_value_must_be_a_known_number_in_every_column(court, people):
    """夏嘉琪(xs999) under 请假人员 is an error, not a leave with the reason xs999."""
    for column in ("主持人/领学人", "参加人员", "请假人员", "缺席人员"):
        cells = {"参加人员": "李书记、甲1", "请假人员": "", "缺席人员": ""}
        cells[column] = "王党员(xs999)"
        preview = preview_of(court.staff.user, [row(court, **cells)])
        assert [(e.row, e.column) for e in preview.errors] == [(2, column)], column
        assert "xs999" in preview.errors[0].message


def test_a_wrong_number_error_never_names_the_numbers_owner(court, people):
    """The number is 赵党员's (branch B): the secretary of A must not learn that."""
    preview = preview_of(court.secretary_a.user, [row(court, 参加人员="李书记、甲1(92001)")])
    (error,) = preview.errors
    assert "92001" in error.message and "赵党员" not in error.message


def test_a_reason_outside_the_leave_column_is_an_error(court, people):
    preview = preview_of(court.staff.user, [row(court, 缺席人员="甲0：出差")])
    assert [(e.row, e.column) for e in preview.errors] == [(2, "缺席人员")]


def test_a_room_name_sets_the_room_other_text_the_location(court, people):
    room = ActivityRoom.objects.create(organisation=court.branch_a, name="民一庭党员活动室")
    preview = preview_of(
        court.staff.user,
        [row(court, 地点="民一庭党员活动室"), row(court, 日期="2026-03-05")],
    )
    assert (preview.rows[0].room, preview.rows[0].location) == (room, "")
    assert (preview.rows[1].room, preview.rows[1].location) == (None, "第三会议室")


def test_times_and_dates_in_every_accepted_spelling(court, people):
    spellings = [
        ("2026年3月6日", "14：30"),
        ("2026.3.6", "14时30分"),
        (datetime.datetime(2026, 3, 6), datetime.datetime(1899, 12, 30, 14, 30)),
        (datetime.date(2026, 3, 6), 14.5 / 24),
    ]
    for day, time in spellings:
        preview = preview_of(court.staff.user, [row(court, 日期=day, 开始时间=time)])
        assert preview.ok, (day, time, preview.errors)
        assert preview.rows[0].start == at("2026-03-06", "14:30")


def test_only_the_people_listed_get_attendance_and_the_lead_is_present(court, people):
    content = xlsx(
        [row(court, **{"主持人/领学人": "甲3", "参加人员": "甲1", "请假人员": "", "缺席人员": ""})]
    )
    activity_import_commit(user=court.staff.user, file=BytesIO(content))
    activity = Activity.objects.get()
    assert activity.lead == people[5]
    assert sorted(a.member.name for a in activity.attendances.all()) == ["甲1", "甲3"]


def test_a_withdrawn_activity_does_not_count_as_already_imported(court, people):
    from activities.services import activity_withdraw

    content = xlsx([row(court)])
    activity_import_commit(user=court.staff.user, file=BytesIO(content))
    activity_withdraw(activity=Activity.objects.get(), reason="录错了", by=court.staff.user)
    preview = activity_import_preview(user=court.staff.user, file=BytesIO(content))
    assert (preview.new_count, preview.unchanged_count) == (1, 0)


def test_the_import_awards_points_through_the_activity_signal(court, people):
    """Recording through the service sends activity_recorded for each row (the points app listens)."""
    from activities.signals import activity_recorded

    seen = []

    def receiver(sender, activity, created, **kwargs):
        seen.append((activity.topic, created))

    activity_recorded.connect(receiver)
    try:
        content = xlsx([row(court), row(court, 日期="2026-03-05")])
        activity_import_commit(user=court.staff.user, file=BytesIO(content))
    finally:
        activity_recorded.disconnect(receiver)
    assert seen == [("学习贯彻党的二十届四中全会精神", True)] * 2


def test_a_file_without_the_header_row_or_rows_is_refused(court, people):
    preview = activity_import_preview(
        user=court.staff.user, file=BytesIO(xlsx([], headers=["主题", "日期"]))
    )
    assert [(e.row, e.column) for e in preview.errors] == [(1, "")]
    assert "支部" in preview.errors[0].message and "开始时间" in preview.errors[0].message
    preview = activity_import_preview(user=court.staff.user, file=BytesIO(xlsx([])))
    assert [(e.row, e.column) for e in preview.errors] == [(None, "")]


def test_a_file_that_is_not_xlsx_is_refused(as_persona, court):
    response = upload(as_persona("secretary_a"), content=b"not a workbook", name="a.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = upload(as_persona("secretary_a"), content=b"a,b", name="a.csv")
    assert response.context["form"].errors["file"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("张三、李四", [("张三", (), "")] + [("李四", (), "")]),
        (
            "张三,李四，王五;赵六",
            [("张三", (), ""), ("李四", (), ""), ("王五", (), ""), ("赵六", (), "")],
        ),
        ("张伟(my012)：出差 北京", [("张伟", ("my012",), "出差 北京")]),
        ("李四:开庭、王五", [("李四", (), "开庭"), ("王五", (), "")]),
        ("  张三 、\n李四  ", [("张三", (), ""), ("李四", (), "")]),
        ("", []),
    ],
)
def test_split_people(text, people):
    assert [(p.name, p.notes, p.reason) for p in split_people(text)] == people


def test_the_template_has_the_headers_and_the_users_branches(as_persona, court):
    response = as_persona("secretary_a").get(reverse("activities:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(BytesIO(response.content))
    data, notes = workbook.worksheets
    assert [cell.value for cell in data[1]] == list(HEADERS)
    assert data.max_row == 1  # no example rows that would be imported
    names = {row[0] for row in notes.iter_rows(values_only=True)}
    assert court.branch_a.name in names and court.group_a1.name in names
    assert court.branch_b.name not in names
    assert "理论学习日" in names


def test_the_preview_costs_the_same_queries_at_5_and_50_rows(court, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n):
        rows = [
            row(court, 日期=(datetime.date(2026, 3, 12) - datetime.timedelta(days=i)).isoformat())
            for i in range(n)
        ]
        content = xlsx(rows)
        with CaptureQueriesContext(connection) as ctx:
            preview = activity_import_preview(user=court.staff.user, file=BytesIO(content))
        assert preview.ok and len(preview.rows) == n
        return len(ctx.captured_queries)

    queries(1)  # the user's access scope is computed once, then cached
    assert queries(5) == queries(50)
