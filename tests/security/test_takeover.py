"""Account takeover and the 500 on a member's number (issue 9, reproductions 1 and 2).

Creating or editing a member never links, renames or changes a login that belongs to
someone else (a superuser, staff, another member, a login without a member); a clash is
a form error in Chinese, never a 500; employee numbers are compared ignoring case.
"""

import importlib
from io import BytesIO

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from openpyxl import Workbook

from branches import importing, services
from branches.models import Member, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TAKEN = "已被使用"  # "Employee number %(number)s is already in use." in Chinese


def logins():
    """Every login as it is: number, name, superuser, staff, password hash."""
    return sorted(
        User.objects.values_list("pk", "employee_number", "name", "is_superuser", "is_staff")
    )


def member_form(member=None, **changes):
    data = {
        "name": "新党员",
        "employee_number": "93001",
        "gender": "male",
        "ethnicity": "汉族",
        "status": "full",
        "state": "active",
        "job_category": "judge",
    }
    if member is not None:
        data.update(
            name=member.name,
            employee_number=member.employee_number,
            gender=member.gender or "male",
            status=member.status,
            state=member.state,
            job_category=member.job_category,
            phone=member.phone,
        )
    data.update(changes)
    return data


@pytest.fixture
def orphan_login(db):
    """A login without a member (e.g. a service account the administrator made)."""
    return UserFactory(employee_number="svc01", name="接口账号")


# --- reproduction 1: creating a member with the administrator's number ----------------------
@pytest.mark.parametrize("number", ["admin1", "ADMIN1", " Admin1 "])
def test_creating_a_member_with_the_superusers_number_is_a_form_error(as_persona, court, number):
    before, members = logins(), Member.objects.count()
    client = as_persona("secretary_a")
    url = reverse("branches:member_create") + f"?branch={court.branch_a.pk}"

    response = client.post(url, member_form(employee_number=number, branch=court.branch_a.pk))

    assert response.status_code == 200
    assert TAKEN in "".join(response.context["form"].errors["employee_number"])
    assert TAKEN in response.content.decode()
    assert logins() == before
    assert Member.objects.count() == members
    court.admin.refresh_from_db()
    assert (court.admin.employee_number, court.admin.name) == ("admin1", "管理员")
    assert not hasattr(court.admin, "member") or court.admin.member is None


@pytest.mark.parametrize("target", ["orphan", "other_member", "staff_member"])
def test_creating_a_member_never_links_someone_elses_login(as_persona, court, orphan_login, target):
    number = {
        "orphan": orphan_login.employee_number.upper(),
        "other_member": court.member_b.employee_number,
        "staff_member": court.staff.employee_number,
    }[target]
    before = logins()
    response = as_persona("secretary_a").post(
        reverse("branches:member_create") + f"?branch={court.branch_a.pk}",
        member_form(employee_number=number, branch=court.branch_a.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["employee_number"]
    assert logins() == before


def test_a_new_member_gets_a_new_login_of_their_own(as_persona, court):
    before = logins()
    response = as_persona("secretary_a").post(
        reverse("branches:member_create") + f"?branch={court.branch_a.pk}",
        member_form(employee_number="93001", branch=court.branch_a.pk),
    )
    assert response.status_code == 302
    member = Member.objects.get(employee_number="93001")
    assert (member.user.employee_number, member.user.name) == ("93001", "新党员")
    assert not member.user.has_usable_password() and not member.user.is_staff
    assert len(logins()) == len(before) + 1


# --- reproduction 2: changing a member's number to one a login has --------------------------
@pytest.mark.parametrize(
    "number", ["admin1", "ADMIN1", "svc01", "SVC01", "92001", "90001"], ids=str.lower
)
def test_changing_a_members_number_to_a_taken_one_is_a_form_error_not_a_500(
    as_persona, court, orphan_login, number
):
    member = court.member_a
    before = logins()
    response = as_persona("secretary_a").post(
        reverse("branches:member_edit", args=[member.pk]),
        member_form(member, employee_number=number),
    )
    assert response.status_code == 200
    errors = "".join(response.context["form"].errors["employee_number"])
    assert TAKEN in errors or "已存在" in errors  # the service's or the form's unique check
    assert logins() == before
    member.refresh_from_db()
    assert member.employee_number == "91002"


def test_changing_the_number_of_a_member_whose_login_is_staff_is_refused(as_persona, court):
    """Reproduction 1, second half: editing must not rename an administrator's login."""
    staff_login = court.member_a.user
    staff_login.is_staff = True
    staff_login.save(update_fields=["is_staff"])
    before = logins()
    response = as_persona("secretary_a").post(
        reverse("branches:member_edit", args=[court.member_a.pk]),
        member_form(court.member_a, employee_number="91777", name="改名"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["employee_number"]
    assert logins() == before


def test_a_members_own_login_follows_a_new_number_and_name(as_persona, court):
    member = court.member_a
    response = as_persona("secretary_a").post(
        reverse("branches:member_edit", args=[member.pk]),
        member_form(member, employee_number="91777", name="王新名"),
    )
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert (member.user.employee_number, member.user.name) == ("91777", "王新名")
    client = as_persona("anonymous")
    member.user.set_password(PASSWORD)
    member.user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": "91777", "password": PASSWORD})
    assert response.status_code == 302


def new_member(court, number, name):
    member = services.member_create(branch=court.branch_a, name=name, employee_number=number)
    member.user.set_password(PASSWORD)
    member.user.save(update_fields=["password"])
    return member


# --- the import ------------------------------------------------------------------------------
def import_file(rows) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(importing.HEADERS))
    for cells in rows:
        sheet.append([cells.get(header) for header in importing.HEADERS])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("number", ["admin1", "ADMIN1", "svc01"])
def test_the_member_import_refuses_a_number_a_login_has(court, orphan_login, number):
    before, members = logins(), Member.objects.count()
    rows = [{"姓名": "冒名者", "工号": number, "所在支部": court.branch_a.name}]
    preview = importing.member_import_preview(user=court.staff.user, file=import_file(rows))
    assert [(e.row, e.column) for e in preview.errors] == [(2, "工号")]
    assert number in preview.errors[0].message
    with pytest.raises(importing.MemberImportError):
        importing.member_import_commit(user=court.staff.user, file=import_file(rows))
    assert (logins(), Member.objects.count()) == (before, members)


def test_the_import_matches_employee_numbers_ignoring_case(court):
    """Importing MY018 when my018 exists updates my018: no second member, no second login."""
    existing = new_member(court, "my018", "林立")
    before, members = logins(), Member.objects.count()
    rows = [{"姓名": "林立", "工号": "MY018", "所在支部": court.branch_a.name, "职务": "审判员"}]
    preview = importing.member_import_commit(user=court.staff.user, file=import_file(rows))
    assert (preview.new_count, preview.updated_count) == (0, 1)
    existing.refresh_from_db()
    assert (existing.employee_number, existing.post_title) == ("my018", "审判员")
    assert (logins(), Member.objects.count()) == (before, members)

    rows = [
        {"姓名": "甲", "工号": "ab100", "所在支部": court.branch_a.name},
        {"姓名": "乙", "工号": "AB100", "所在支部": court.branch_a.name},
    ]
    preview = importing.member_import_preview(user=court.staff.user, file=import_file(rows))
    assert [(e.row, e.column) for e in preview.errors] == [(3, "工号")]


# --- case-insensitive uniqueness and sign-in ---------------------------------------------------
def test_sign_in_by_employee_number_ignores_case(client, court):
    member = new_member(court, "my019", "吴敏")
    for typed in ("MY019", "my019", " My019 "):
        response = client.post(reverse("login"), {"username": typed, "password": PASSWORD})
        assert response.status_code == 302, typed
        assert int(client.session["_auth_user_id"]) == member.user.pk
        client.logout()


def test_the_database_refuses_numbers_that_differ_only_in_case(court):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ADMIN1", PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(name="重复", employee_number="MY-A".lower())
        Member.objects.create(name="重复", employee_number="MY-A")


def test_the_migration_reports_clashes_instead_of_merging_them(db):
    """Going back before the constraint, two logins my020/MY020 stop the migration with both named."""
    migration = importlib.import_module("branches.migrations.0002_employee_number_case_insensitive")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # DDL waits for no deferred checks
    executor = MigrationExecutor(connection)
    executor.migrate([("branches", "0001_initial")])
    try:
        old_apps = executor.loader.project_state([("branches", "0001_initial")]).apps
        OldUser = old_apps.get_model("branches", "User")
        OldUser.objects.create(employee_number="my020", password="!")
        OldUser.objects.create(employee_number="MY020", password="!")
        assert migration.clashes(OldUser) == ["MY020 / my020"]
        executor = MigrationExecutor(connection)
        with pytest.raises(RuntimeError, match="MY020 / my020"):
            executor.migrate([("branches", "0002_employee_number_case_insensitive")])
        assert OldUser.objects.filter(employee_number__iexact="my020").count() == 2  # not merged
        OldUser.objects.filter(employee_number__iexact="my020").delete()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
