"""Exporting the member directory to Excel: scoped, filtered, masked, and importable again."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import services
from branches.importing import HEADERS, member_import_preview
from branches.models import Member, Membership
from branches.selectors import filter_members

pytestmark = pytest.mark.django_db

PHONE = HEADERS.index("手机号")
NUMBER = HEADERS.index("工号")


@pytest.fixture
def export(as_persona, read_xlsx):
    """The exported rows as {employee number: row}, for a persona and GET parameters."""

    def run(persona, **params):
        response = as_persona(persona).get(reverse("branches:member_export"), params)
        assert response.status_code == 200
        assert (
            response["Content-Type"]
            == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert response["Content-Disposition"].startswith("attachment;")
        (rows,) = read_xlsx(response.content).values()
        assert rows[0] == list(HEADERS)
        return {row[NUMBER]: row for row in rows[1:]}

    return run


def test_committee_staff_export_every_member_with_phones_masked(export, court):
    rows = export("committee")
    assert set(rows) == {"90001", "91001", "91002", "92001"}
    assert rows["91002"][PHONE] == "138****3333"
    assert rows["92001"][PHONE] == "137****4444"
    assert rows["90001"][PHONE] == "13900001111"  # their own number


def test_a_secretary_exports_only_their_branch_with_full_phones(export, court):
    rows = export("secretary_a")
    assert set(rows) == {"91001", "91002"}
    assert rows["91002"][PHONE] == "13822223333"
    row = dict(zip(HEADERS, rows["91002"], strict=True))
    assert (row["姓名"], row["所在支部"], row["所在党小组"]) == (
        "王党员",
        court.branch_a.name,
        court.group_a2.name,
    )
    assert (row["党员状态"], row["人员类别"], row["民族"]) == ("正式党员", "其他", "汉族")


def test_the_export_writes_choices_in_chinese_and_dates_as_dates(export, court):
    services.member_update(
        member=court.member_b,
        gender=Member.Gender.FEMALE,
        education=Member.Education.MASTER,
        status=Member.Status.PROBATIONARY,
        job_category=Member.JobCategory.ASSISTANT,
        joined_on=datetime.date(2024, 7, 1),
    )
    row = dict(zip(HEADERS, export("admin")["92001"], strict=True))
    assert (row["性别"], row["学历"], row["党员状态"], row["人员类别"]) == (
        "女",
        "硕士研究生",
        "预备党员",
        "法官助理",
    )
    assert row["入党日期"] == datetime.datetime(2024, 7, 1)
    assert row["出生日期"] is None


def test_the_export_uses_the_directory_filters(export, court):
    services.member_update(member=court.member_b, status=Member.Status.PROBATIONARY)
    assert set(export("committee", q="王党")) == {"91002"}
    assert set(export("committee", q="9100")) == {"91001", "91002"}
    assert set(export("committee", q="刑事")) == set()  # department is empty for the personas
    assert set(export("committee", branch=court.branch_b.pk)) == {"92001"}
    assert set(export("committee", status="probationary")) == {"92001"}
    assert set(export("committee", status="nonsense", branch="x")) == {
        "90001",
        "91001",
        "91002",
        "92001",
    }
    # filters never widen the scope
    assert set(export("secretary_a", branch=court.branch_b.pk)) == set()


@pytest.mark.parametrize(
    ("persona", "status"), [("member_a", 404), ("member_b", 404), ("anonymous", 302)]
)
def test_members_without_the_directory_cannot_export(as_persona, court, persona, status):
    assert as_persona(persona).get(reverse("branches:member_export")).status_code == status


def test_an_export_imports_back_unchanged(as_persona, court):
    client = as_persona("committee")
    content = client.get(reverse("branches:member_export")).content
    preview = member_import_preview(user=court.staff.user, file=BytesIO(content))
    assert preview.errors == []
    assert (preview.new_count, preview.updated_count, preview.unchanged_count) == (0, 0, 4)


def add_members(court, first, n):
    members = Member.objects.bulk_create(
        Member(
            name=f"批量{i}",
            employee_number=f"B{i:05d}",
            branch=court.branch_a if i % 2 else court.branch_b,
            group=court.group_a1 if i % 2 else None,
            phone=f"135{i:08d}",
            birth_date=datetime.date(1980, 1, 1),
        )
        for i in range(first, first + n)
    )
    Membership.objects.bulk_create(
        Membership(member=m, branch=m.branch, group=m.group, start=datetime.date(2020, 1, 1))
        for m in members
    )


@pytest.mark.parametrize("persona", ["committee", "secretary_a"])
def test_the_export_costs_the_same_queries_at_any_size(
    as_persona, court, persona, django_assert_num_queries
):
    client = as_persona(persona)
    url = reverse("branches:member_export")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_members(court, 0, 60)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_filter_members_reads_a_query_dict(court):
    everyone = Member.objects.all()
    params = QueryDict(f"q=党员&branch={court.branch_a.pk}&job_category=other&state=active")
    assert set(filter_members(everyone, params)) == {court.member_a}
    assert set(filter_members(everyone, {})) == set(everyone)
    assert set(filter_members(everyone, {"state": "retired"})) == set()
