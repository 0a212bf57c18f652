"""Importing members from Excel: every error by row and column, all or nothing, idempotent."""

import datetime
import re
import uuid
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse

from branches import services
from branches.importing import HEADERS, RowPlan, member_import_commit, member_import_preview
from branches.models import ImportJob, Member, Membership, Organisation, User
from tests.factories import make_member, make_organisation
from tests.imports import error_table

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("import_media"),
]

TODAY = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
JOB_LABELS = ["法官", "法官助理", "书记员", "司法警察", "行政人员", "其他"]


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.fixture
def preview_of(court, make_xlsx):
    """What committee staff would see when uploading these rows."""

    def preview(rows):
        return member_import_preview(user=court.staff.user, file=BytesIO(make_xlsx(rows)))

    return preview


def member_rows(court, n):
    """n good rows spread over branch A's two groups, branch B and the office branch."""
    places = [
        (court.branch_a.name, court.group_a1.name),
        (court.branch_a.name, court.group_a2.name),
        (court.branch_b.name, ""),
        (court.office.name, ""),
    ]
    rows = []
    for i in range(n):
        branch, group = places[i % len(places)]
        rows.append(
            {
                "姓名": f"导入党员{i}",
                "性别": "男" if i % 2 else "女",
                "民族": "汉族",
                # a real Excel date cell
                "出生日期": datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                "学历": "大学本科",
                "入党日期": "2005/7/1",
                "转正日期": "2006.7.1",
                "党员状态": "预备党员" if i % 10 == 0 else "正式党员",
                "工号": f"3{i:04d}",
                "部门": "民一庭",
                "人员类别": JOB_LABELS[i % len(JOB_LABELS)],
                "职务": "审判员",
                "手机号": f"136{i:08d}",
                "所在支部": branch,
                "所在党小组": group,
            }
        )
    return rows


def database_counts():
    return {
        "members": Member.objects.count(),
        "memberships": Membership.objects.count(),
        "member history": Member.history.model.objects.count(),
        "membership history": Membership.history.model.objects.count(),
        "users": User.objects.count(),
    }


def upload(client, xlsx_upload, rows=(), **kwargs):
    return client.post(reverse("branches:member_import"), {"file": xlsx_upload(rows, **kwargs)})


def test_two_hundred_rows_with_three_errors_then_fixed_then_reimported(
    as_persona, court, xlsx_upload, make_xlsx, today, jobs_run_here
):
    client = as_persona("committee")
    rows = member_rows(court, 200)
    rows[8]["出生日期"] = "2020-13-45"  # Excel row 10
    rows[48]["所在支部"] = "不存在的党支部"  # Excel row 50
    rows[118]["手机号"] = "12345"  # Excel row 120
    before = database_counts()

    response = upload(client, xlsx_upload, rows)

    assert response.status_code == 200
    errors = error_table(response)
    assert [(re.sub(r"\D", "", row), column) for row, column, _problem in errors] == [
        ("10", "出生日期"),
        ("50", "所在支部"),
        ("120", "手机号"),
    ]
    assert "2020-13-45" in errors[0][2]
    assert "不存在的党支部" in errors[1][2]
    assert "12345" in errors[2][2]
    assert 'name="token"' not in response.content.decode()  # nothing to confirm
    assert database_counts() == before

    rows[8]["出生日期"] = "1978-09-09"
    rows[48]["所在支部"] = court.branch_a.name
    rows[118]["手机号"] = "13600000118"
    response = upload(client, xlsx_upload, rows)
    preview = response.context["preview"]
    assert error_table(response) == []
    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (200, 0, 0)
    assert database_counts() == before  # the preview writes nothing

    with jobs_run_here():
        response = client.post(
            reverse("branches:member_import"), {"token": response.context["token"]}
        )

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response.url == reverse("branches:member_import_job", args=[job.pk])
    assert (job.state, job.rows_done, job.rows_total) == ("done", 200, 200)
    assert job.result == {"new": 200, "updated": 0, "unchanged": 0}
    page = client.get(response.url).content.decode()
    assert 'id="import-result"' in page and reverse("branches:member_list") in page
    after = database_counts()
    assert after["members"] == before["members"] + 200
    assert after["memberships"] == before["memberships"] + 200
    assert after["users"] == before["users"] + 200
    imported = Member.objects.filter(employee_number__startswith="3")
    assert imported.count() == 200
    assert Membership.objects.open().filter(member__in=imported, start=today).count() == 200
    first = Member.objects.select_related("user", "branch", "group").get(employee_number="30001")
    assert (first.branch, first.group) == (court.branch_a, court.group_a2)
    assert first.birth_date == datetime.date(1971, 2, 2)
    assert (first.joined_on, first.full_member_on) == (
        datetime.date(2005, 7, 1),
        datetime.date(2006, 7, 1),
    )
    assert (first.gender, first.job_category, first.status) == ("male", "assistant", "full")
    assert first.phone == "13600000001"
    assert first.user.employee_number == "30001" and not first.user.has_usable_password()
    assert Member.objects.get(employee_number="30008").birth_date == datetime.date(1978, 9, 9)

    response = upload(client, xlsx_upload, rows)
    preview = response.context["preview"]
    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (0, 0, 200)
    assert 'name="token"' not in response.content.decode()
    assert database_counts() == after
    member_import_commit(user=court.staff.user, file=BytesIO(make_xlsx(rows)))
    assert database_counts() == after


def test_changed_cells_update_and_a_new_branch_transfers_today(
    as_persona, court, xlsx_upload, today, jobs_run_here
):
    client = as_persona("committee")
    row = {"姓名": "王党员", "工号": "91002", "部门": "刑事审判庭", "所在支部": court.branch_b.name}
    before = Member.history.model.objects.filter(id=court.member_a.pk).count()

    response = upload(client, xlsx_upload, [row])
    preview = response.context["preview"]
    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (0, 1, 0)
    assert preview.rows[0].changed_headers == ["部门", "所在支部", "所在党小组"]
    with jobs_run_here():
        client.post(reverse("branches:member_import"), {"token": response.context["token"]})

    member = Member.objects.get(pk=court.member_a.pk)
    assert (member.department, member.branch, member.group) == ("刑事审判庭", court.branch_b, None)
    assert member.phone == "13822223333"  # no phone cell: kept
    old, new = member.memberships.order_by("start")
    assert (old.branch, old.end) == (court.branch_a, today - datetime.timedelta(days=1))
    assert (new.branch, new.start, new.end) == (court.branch_b, today, None)
    assert Member.history.model.objects.filter(id=member.pk).count() > before


def test_empty_group_cell_keeps_the_group_in_the_same_branch(court, preview_of):
    row = {"姓名": "王党员", "工号": "91002", "所在支部": court.branch_a.name, "所在党小组": ""}
    preview = preview_of([row])
    assert preview.rows[0].action == RowPlan.UNCHANGED
    row["所在党小组"] = court.group_a1.name
    preview = preview_of([row])
    assert preview.rows[0].transfer and preview.rows[0].changed_headers == ["所在党小组"]


def test_every_kind_of_error_is_reported_by_row_and_column(court, preview_of):
    other_court = make_organisation(None, Organisation.Kind.COMMITTEE, "另一法院机关党委")
    other_branch = make_organisation(other_court, Organisation.Kind.BRANCH, "另一法院支部")
    make_member(other_branch, name="外院党员", employee_number="77001")
    good = {"姓名": "甲", "工号": "40001", "所在支部": court.branch_a.name}
    rows = [
        {**good, "姓名": ""},  # row 2
        {**good, "工号": ""},  # row 3
        {**good, "工号": "40003", "所在支部": ""},  # row 4
        {**good, "工号": "40004", "性别": "未知"},  # row 5
        {**good, "工号": "40005", "出生日期": "1990-02-30"},  # row 6
        {**good, "工号": "40006", "所在支部": other_branch.name},  # row 7: outside the user's scope
        {**good, "工号": "40007", "所在党小组": "第九党小组"},  # row 8
        {**good, "工号": "40008", "手机号": "2380000111"},  # row 9
        {**good, "工号": "40008"},  # row 10: same number as row 9
        {**good, "工号": "77001"},  # row 11: a member of another court
        {**good, "工号": "40011", "入党日期": "2010-01-01", "转正日期": "2009-01-01"},  # row 12
        {**good, "工号": "40012", "手机号": "138****1234"},  # row 13: masked, new member
        {**good, "工号": "40013", "人员类别": "院长"},  # row 14
        {**good, "工号": "40014", "入党日期": "2030-01-01"},  # row 15
    ]
    found = [(error.row, error.column) for error in preview_of(rows).errors]
    assert found == [
        (2, "姓名"),
        (3, "工号"),
        (4, "所在支部"),
        (5, "性别"),
        (6, "出生日期"),
        (7, "所在支部"),
        (8, "所在党小组"),
        (9, "手机号"),
        (10, "工号"),
        (11, "工号"),
        (12, "转正日期"),
        (13, "手机号"),
        (14, "人员类别"),
        (15, "入党日期"),
    ]


def test_dates_and_choices_are_read_in_every_accepted_spelling(court, preview_of):
    rows = [
        {"姓名": "甲", "工号": "50001", "所在支部": court.branch_a.short_name or court.branch_a.name,
         "出生日期": datetime.datetime(1990, 5, 6), "入党日期": "2015/1/2", "转正日期": "2016.1.2",
         "性别": "female", "学历": "Master", "党员状态": "probationary", "人员类别": "Judge", "手机号": 13800001111},
        {"姓名": "乙", "工号": 50002, "所在支部": court.branch_a.name, "出生日期": "1991年2月3日",
         "学历": "本科", "党员状态": "预备党员", "人员类别": "法官助理", "手机号": "138 0000 2222"},
    ]  # fmt: skip
    preview = preview_of(rows)
    assert preview.errors == []
    first, second = (plan.values for plan in preview.rows)
    assert first["birth_date"] == datetime.date(1990, 5, 6)
    assert (first["joined_on"], first["full_member_on"]) == (
        datetime.date(2015, 1, 2),
        datetime.date(2016, 1, 2),
    )
    assert (first["gender"], first["education"], first["status"], first["job_category"]) == (
        "female",
        "master",
        "probationary",
        "judge",
    )
    assert first["phone"] == "13800001111"
    assert (second["employee_number"], second["birth_date"], second["phone"]) == (
        "50002",
        datetime.date(1991, 2, 3),
        "13800002222",
    )
    assert (second["education"], second["job_category"]) == ("bachelor", "assistant")


def test_empty_cells_keep_an_existing_members_values(court, preview_of):
    services.member_update(
        member=court.member_a, birth_date=datetime.date(1985, 1, 1), education="master"
    )
    row = {"姓名": "王党员", "工号": "91002", "所在支部": court.branch_a.name}
    preview = preview_of([row])
    assert preview.rows[0].action == RowPlan.UNCHANGED


def test_a_file_without_the_header_row_is_refused(court, make_xlsx):
    content = make_xlsx([{"姓名": "甲"}], headers=["名字", "编号"])
    preview = member_import_preview(user=court.staff.user, file=BytesIO(content))
    assert [(e.row, e.column) for e in preview.errors] == [(1, "")]
    assert "所在支部" in preview.errors[0].message
    empty = member_import_preview(user=court.staff.user, file=BytesIO(make_xlsx([])))
    assert len(empty.errors) == 1 and not empty.ok


def test_a_file_that_is_not_xlsx_is_refused(as_persona, court, xlsx_upload):
    client = as_persona("committee")
    for name, content, code in [
        ("members.csv", "姓名,工号\n甲,1\n".encode(), "extension"),
        ("members.xls", b"\xd0\xcf\x11\xe0 old excel", "extension"),
        ("members.xlsx", b"this is not a workbook", "unreadable"),
    ]:
        response = upload(client, xlsx_upload, content=content, name=name)
        assert response.status_code == 200
        (error,) = response.context["form"].errors.as_data()["file"]
        assert error.code == code, name
        assert unescape(response.content.decode()).count(error.message) == 1
        assert response.context["preview"] is None


def test_a_file_over_five_megabytes_is_refused(as_persona, court, xlsx_upload, import_media):
    client = as_persona("committee")
    response = upload(client, xlsx_upload, content=b"0" * (5 * 1024 * 1024 + 1), name="big.xlsx")
    (error,) = response.context["form"].errors.as_data()["file"]
    assert error.code == "size"
    assert response.context["preview"] is None
    assert not (import_media / "imports").exists()


@pytest.mark.parametrize("persona", ["secretary_a", "member_a", "member_b"])
def test_members_and_secretaries_get_404(as_persona, court, persona, xlsx_upload):
    client = as_persona(persona)
    assert client.get(reverse("branches:member_import")).status_code == 404
    assert client.get(reverse("branches:member_import_template")).status_code == 404
    before = database_counts()
    rows = [{"姓名": "甲", "工号": "60001", "所在支部": court.branch_a.name}]
    assert upload(client, xlsx_upload, rows).status_code == 404
    assert (
        client.post(reverse("branches:member_import"), {"token": str(uuid.uuid4())}).status_code
        == 404
    )
    assert database_counts() == before


def test_anonymous_is_sent_to_sign_in(client, court):
    response = client.get(reverse("branches:member_import"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["committee", "admin"])
def test_committee_staff_and_admins_can_import(
    as_persona, court, persona, xlsx_upload, jobs_run_here
):
    client = as_persona(persona)
    assert client.get(reverse("branches:member_import")).status_code == 200
    rows = [{"姓名": "新党员", "工号": "60001", "所在支部": court.branch_b.name}]
    response = upload(client, xlsx_upload, rows)
    with jobs_run_here():
        response = client.post(
            reverse("branches:member_import"), {"token": response.context["token"]}
        )
    response = client.get(response.url)
    assert response.status_code == 200
    member = Member.objects.get(employee_number="60001")
    assert (member.name, member.branch, member.status) == (
        "新党员",
        court.branch_b,
        Member.Status.FULL,
    )
    assert [label_number[1] for label_number in response.context["results"]] == [1, 0, 0]


def test_a_token_is_good_once_and_only_for_its_uploader(
    as_persona, court, xlsx_upload, import_media, jobs_run_here
):
    client = as_persona("committee")
    rows = [{"姓名": "新党员", "工号": "60001", "所在支部": court.branch_b.name}]
    token = upload(client, xlsx_upload, rows).context["token"]
    assert (import_media / "imports" / str(court.staff.user.pk) / f"{token}.xlsx").exists()
    url = reverse("branches:member_import")

    assert as_persona("admin").post(url, {"token": token}).status_code == 404
    client = as_persona("committee")
    assert client.post(url, {"token": str(uuid.uuid4())}).status_code == 404
    assert client.post(url, {"token": "../../etc/passwd"}).status_code == 404
    assert not Member.objects.filter(employee_number="60001").exists()

    with jobs_run_here():
        assert client.post(url, {"token": token}).status_code == 302
        assert client.post(url, {"token": token}).status_code == 404
    assert Member.objects.filter(employee_number="60001").count() == 1
    assert ImportJob.objects.count() == 1


def test_confirm_checks_the_file_again_and_imports_nothing_if_it_no_longer_fits(
    as_persona, court, xlsx_upload, jobs_run_here
):
    client = as_persona("committee")
    rows = [
        {"姓名": "新党员一", "工号": "60001", "所在支部": court.branch_a.name},
        {"姓名": "新党员二", "工号": "60002", "所在支部": court.branch_b.name},
    ]
    token = upload(client, xlsx_upload, rows).context["token"]
    services.organisation_update(organisation=court.branch_b, is_active=False)
    before = database_counts()

    with jobs_run_here():
        response = client.post(reverse("branches:member_import"), {"token": token})

    assert response.status_code == 302
    response = client.get(response.url)
    assert response.context["job"].state == "failed"
    assert [(row, column) for row, column, _problem in error_table(response)][0][1] == "所在支部"
    assert database_counts() == before


def test_the_template_has_the_headers_and_the_allowed_values(as_persona, court, read_xlsx):
    response = as_persona("committee").get(reverse("branches:member_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheets = read_xlsx(response.content)
    data, notes = sheets.values()
    assert list(sheets)[1] == "填写说明"
    assert data == [list(HEADERS)]
    text = "\n".join(str(cell) for row in notes for cell in row if cell)
    for value in [
        "男 / 女",
        "正式党员 / 预备党员",
        "法官 / 法官助理 / 书记员 / 司法警察 / 行政人员 / 其他",
        "YYYY-MM-DD",
    ]:
        assert value in text
    for name in [court.branch_a.name, court.branch_b.name, court.group_a1.name]:
        assert name in text


def test_a_member_imported_today_cannot_be_transferred_the_same_day(court, preview_of, make_xlsx):
    row = {"姓名": "新党员", "工号": "60001", "所在支部": court.branch_a.name}
    member_import_commit(user=court.staff.user, file=BytesIO(make_xlsx([row])))
    row["所在支部"] = court.branch_b.name
    (error,) = preview_of([row]).errors
    assert (error.row, error.column) == (2, "所在支部")
    assert "2025-03-14" in error.message


def test_a_branch_name_shared_by_two_branches_must_be_written_in_full(court, preview_of):
    services.organisation_update(organisation=court.branch_a, short_name="民事")
    services.organisation_update(organisation=court.branch_b, short_name="民事")
    rows = [
        {"姓名": "甲", "工号": "60001", "所在支部": "民事"},
        {"姓名": "乙", "工号": "60002", "所在支部": court.branch_b.name},
    ]
    preview = preview_of(rows)
    assert [(error.row, error.column) for error in preview.errors] == [(2, "所在支部")]
    assert preview.rows[0].branch == court.branch_b


def test_a_masked_phone_must_match_the_members_number(court, preview_of):
    row = {
        "姓名": "王党员",
        "工号": "91002",
        "所在支部": court.branch_a.name,
        "手机号": "138****3333",
    }
    assert preview_of([row]).rows[0].action == RowPlan.UNCHANGED
    row["手机号"] = "138****0000"
    assert [(error.row, error.column) for error in preview_of([row]).errors] == [(2, "手机号")]
