"""Personas used across the suite: admin, committee staff, secretary of branch A,
member of branch A, member of branch B, anonymous (see STYLE.md, permission matrix)."""

from types import SimpleNamespace

import pytest

from branches.models import Organisation, Post, User
from tests.factories import PASSWORD, give_post, make_member, make_organisation

pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with autovacuum off on its tables.

    Tests roll back what they write, so the tables fill with dead rows. Autovacuum, cleaning
    them while a test has rows of its own uncommitted, records the tables as empty with
    their pages kept, and the planner then takes every table for a handful of rows: seeding
    the demo or a dashboard query over it took minutes instead of seconds. With autovacuum
    off the statistics change only where the tests ask for it (tests/demo.py: VACUUM before
    a seed, ANALYZE after it).
    """
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in connection.introspection.table_names():
                    cursor.execute(
                        f"ALTER TABLE {connection.ops.quote_name(table)} "
                        "SET (autovacuum_enabled = off)"
                    )


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin1", PASSWORD, name="管理员")


@pytest.fixture
def plain_user(db):
    return User.objects.create_user("10001", PASSWORD, name="张三")


@pytest.fixture
def court(db):
    """A committee with branches A (two party groups) and B, and one member per persona."""
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "某某法院机关党委")
    office = make_organisation(
        committee, Organisation.Kind.BRANCH, "机关党委办公室党支部", department="政治部"
    )
    branch_a = make_organisation(
        committee, Organisation.Kind.BRANCH, "民一庭党支部", department="民一庭"
    )
    branch_b = make_organisation(
        committee, Organisation.Kind.BRANCH, "刑庭党支部", department="刑事审判庭"
    )
    group_a1 = make_organisation(branch_a, Organisation.Kind.GROUP, "民一庭第一党小组")
    group_a2 = make_organisation(branch_a, Organisation.Kind.GROUP, "民一庭第二党小组")

    staff = make_member(office, name="陈组织", employee_number="90001", phone="13900001111")
    give_post(staff, committee, Post.Kind.COMMITTEE_STAFF)
    secretary_a = make_member(
        branch_a, group=group_a1, name="李书记", employee_number="91001", phone="13911112222"
    )
    give_post(secretary_a, branch_a, Post.Kind.SECRETARY)
    member_a = make_member(
        branch_a, group=group_a2, name="王党员", employee_number="91002", phone="13822223333"
    )
    member_b = make_member(branch_b, name="赵党员", employee_number="92001", phone="13733334444")
    admin = User.objects.create_superuser("admin1", PASSWORD, name="管理员")
    return SimpleNamespace(
        committee=committee,
        office=office,
        branch_a=branch_a,
        branch_b=branch_b,
        group_a1=group_a1,
        group_a2=group_a2,
        staff=staff,
        secretary_a=secretary_a,
        member_a=member_a,
        member_b=member_b,
        admin=admin,
    )


PERSONAS = ["admin", "committee", "secretary_a", "member_a", "member_b", "anonymous"]


def persona_cases(matrix):
    """The cases of a permission matrix: one per row and persona.

    Each row is (url name, whatever the test needs..., [status per persona in PERSONAS
    order]); a case is (url name, ..., persona, status).
    """
    return [
        pytest.param(*row[:-1], persona, row[-1][i], id=f"{row[0]}-{persona}-{n}")
        for n, row in enumerate(matrix)
        for i, persona in enumerate(PERSONAS)
    ]


def persona_user(court, persona):
    return {
        "admin": court.admin,
        "committee": court.staff.user,
        "secretary_a": court.secretary_a.user,
        "member_a": court.member_a.user,
        "member_b": court.member_b.user,
        "anonymous": None,
    }[persona]


@pytest.fixture
def as_persona(client, court):
    """Log the test client in as a persona: `as_persona("secretary_a")`."""

    def login(persona):
        user = persona_user(court, persona)
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_holiday_cache():
    """The holiday calendar caches per process; a test's rollback must not leak into the next."""
    from notices import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture(autouse=True)
def _keep_data_migrations(request):
    """Transactional tests (browser, integration) flush the database afterwards; restore the
    rows that data migrations and post_migrate install (activity types, point rules, schedules)
    for the next."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("django_db_serialized_rollback")


@pytest.fixture
def types(db):
    """The activity types loaded by the data migration, by code.

    A transactional test that follows another one on the same worker may find the tables
    flushed: the types are then loaded again as the migration does."""
    import importlib

    from django.apps import apps

    from activities.models import ActivityType

    if not ActivityType.objects.exists():
        migration = importlib.import_module("activities.migrations.0002_activity_types")
        migration.load_types(apps, None)
    return {t.code: t for t in ActivityType.objects.all()}


@pytest.fixture
def branch_a_members(court):
    """Branch A's six members: the secretary, member_a and four more in the first party group."""
    extra = [
        make_member(court.branch_a, group=court.group_a1, name=f"甲{i}", login=False)
        for i in range(4)
    ]
    return [court.secretary_a, court.member_a, *extra]
