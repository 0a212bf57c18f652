"""Every ledgers page costs the same number of queries with little and with much data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attendance
from branches.models import Member, Organisation
from ledgers import services
from ledgers.models import ResponsibilityList
from tests.factories import make_organisation
from tests.ledgers.conftest import at, record

pytestmark = pytest.mark.django_db


def grow(court, types, branch_list, n):
    """n more tasks in branch A's list, n members with their own lists, n branches, n
    meetings in 2026-Q3 with attendance, and their assessments."""
    for i in range(n):
        services.task_create(
            responsibility_list=branch_list,
            title=f"任务{i}",
            category=["party_building", "business", "special"][i % 3],
            period_kind=["monthly", "quarterly", "annual"][i % 3],
        )
    members = Member.objects.bulk_create(
        Member(
            name=f"测试{i}",
            employee_number=f"Q{n}{i:05d}",
            branch=court.branch_a,
            group=court.group_a2,
        )
        for i in range(n)
    )
    for member in members[:n]:
        own = services.list_create(year=2026, member=member)
        services.task_create(
            responsibility_list=own,
            title="学习",
            category="party_building",
            period_kind="quarterly",
        )
    for i in range(n):
        branch = make_organisation(court.committee, Organisation.Kind.BRANCH, f"新增支部{n}-{i}")
        services.list_publish(
            responsibility_list=services.list_create(
                year=2026, organisation=branch, with_standard_targets=False
            ),
            by=None,
        )
    for i in range(n):
        activity = record(
            court, types, code="general_meeting", start=at(f"2026-08-{i % 27 + 1:02d}")
        )
        Attendance.objects.bulk_create(
            Attendance(activity=activity, member=m, status="absent") for m in members[: n // 2]
        )
    services.task_create(
        responsibility_list=ResponsibilityList.objects.get(member=court.member_a),
        title="个人任务",
        category="business",
        period_kind="monthly",
    )
    services.assessments_compute(year=2026, month=11)


PAGES = [
    ("ledgers:index", lambda c, w: []),
    ("ledgers:mine", lambda c, w: []),
    ("ledgers:committee", lambda c, w: []),
    ("ledgers:list_detail", lambda c, w: [w.pk]),
    ("ledgers:list_print", lambda c, w: [w.pk]),
    ("ledgers:organisation_ledger", lambda c, w: [c.group_a2.pk]),
    ("ledgers:task_detail", lambda c, w: [w.tasks.get(title="支部委员会每月1次").pk]),
    ("ledgers:assessments", lambda c, w: []),
    ("ledgers:assessment_quarter", lambda c, w: [2026, 4]),
    ("ledgers:record_book", lambda c, w: [c.branch_a.pk, "2026-Q3"]),
    ("ledgers:reports", lambda c, w: []),
    ("ledgers:report_detail", lambda c, w: [c.branch_a.pk, 2026]),
]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[p[0] for p in PAGES])
def test_page_queries_do_not_grow_with_the_data(client, court, types, branch_list, name, args):
    services.list_create(year=2026, member=court.member_a)
    grow(court, types, branch_list, 2)
    user = court.member_a.user if name == "ledgers:mine" else court.staff.user
    client.force_login(user)
    url = reverse(name, args=args(court, branch_list))
    small = count(client, url)
    grow(court, types, branch_list, 8)
    assert Activity.objects.count() == 10
    large = count(client, url)
    assert small == large, (name, small, large)
