"""Every URL of the ledgers app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders → 404; may see but not change → 403.
The six personas of tests/conftest.py plus a group leader of branch A's first group.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Post
from ledgers import services
from ledgers.models import MonthlyAssessment
from tests.conftest import PERSONAS, persona_user
from tests.factories import give_post, make_member

pytestmark = pytest.mark.django_db

ALL = [*PERSONAS, "group_leader"]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def world(court):
    """Lists on every level, a received task, an update with evidence, assessments."""
    leader = make_member(
        court.branch_a, group=court.group_a1, name="周组长", employee_number="91003"
    )
    give_post(leader, court.group_a1, Post.Kind.GROUP_LEADER)
    branch_a = services.list_create(year=2026, organisation=court.branch_a)
    services.list_publish(responsibility_list=branch_a, by=None)
    branch_b = services.list_create(year=2026, organisation=court.branch_b)
    committee = services.list_create(year=2026, organisation=court.committee)
    received = services.task_create(
        responsibility_list=committee,
        title="落实司法责任制改革重点任务",
        category="business",
        period_kind="annual",
        assignee_organisation=court.branch_a,
    )
    services.list_publish(responsibility_list=committee, by=None)
    own = services.list_create(year=2026, member=court.member_a)
    manual = services.task_create(
        responsibility_list=branch_a, title="调研报告", category="business", period_kind="annual"
    )
    update = services.period_report(
        period=manual.periods.get(),
        by=court.secretary_a.user,
        note="初稿",
        evidence=SimpleUploadedFile("初稿.pdf", PDF),
    )
    services.assessments_compute(year=2026, month=11, branches=[court.branch_a, court.branch_b])
    return {
        "leader": leader,
        "branch_a": branch_a,
        "branch_b": branch_b,
        "committee": committee,
        "own": own,
        "task": branch_a.tasks.get(title="支部委员会每月1次"),
        "manual": manual,
        "received": received,
        "update": update,
        "assessment": MonthlyAssessment.objects.get(organisation=court.branch_a, month=11),
    }


def login(client, court, world, persona):
    client.logout()
    user = world["leader"].user if persona == "group_leader" else persona_user(court, persona)
    if user is not None:
        client.force_login(user)
    return client


# (method, url name, args from (court, world), statuses in ALL order: admin, committee,
# secretary_a, member_a, member_b, anonymous, group_leader)
MATRIX = [
    ("get", "ledgers:index", lambda c, w: [], [200, 200, 200, 200, 200, 302, 200]),
    ("get", "ledgers:mine", lambda c, w: [], [200, 200, 200, 200, 200, 302, 200]),
    ("get", "ledgers:committee", lambda c, w: [], [200, 200, 404, 404, 404, 302, 404]),
    (
        "get",
        "ledgers:list_detail",
        lambda c, w: [w["branch_a"].pk],
        [200, 200, 200, 200, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:list_detail",
        lambda c, w: [w["branch_b"].pk],
        [200, 200, 404, 404, 200, 302, 404],
    ),
    (
        "get",
        "ledgers:list_detail",
        lambda c, w: [w["committee"].pk],
        [200, 200, 404, 404, 404, 302, 404],
    ),
    ("get", "ledgers:list_detail", lambda c, w: [w["own"].pk], [200, 200, 200, 200, 404, 302, 404]),
    (
        "get",
        "ledgers:list_print",
        lambda c, w: [w["branch_a"].pk],
        [200, 200, 200, 200, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:list_export",
        lambda c, w: [w["branch_a"].pk],
        [200, 200, 200, 200, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:task_create",
        lambda c, w: [w["branch_a"].pk],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    (
        "get",
        "ledgers:task_create",
        lambda c, w: [w["branch_b"].pk],
        [200, 200, 404, 404, 403, 302, 404],
    ),
    (
        "post",
        "ledgers:list_transition",
        lambda c, w: [w["branch_a"].pk, "close"],
        [302, 302, 302, 403, 404, 302, 403],
    ),
    (
        "post",
        "ledgers:list_transition",
        lambda c, w: [w["branch_b"].pk, "publish"],
        [302, 302, 404, 404, 403, 302, 404],
    ),
    (
        "get",
        "ledgers:organisation_ledger",
        lambda c, w: [c.group_a1.pk],
        [200, 200, 200, 404, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:organisation_ledger",
        lambda c, w: [c.branch_a.pk],
        [302, 302, 302, 302, 404, 302, 302],
    ),
    (
        "get",
        "ledgers:task_detail",
        lambda c, w: [w["task"].pk],
        [200, 200, 200, 200, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:task_detail",
        lambda c, w: [w["received"].pk],
        [200, 200, 200, 200, 404, 302, 200],
    ),
    ("get", "ledgers:task_edit", lambda c, w: [w["task"].pk], [200, 200, 200, 403, 404, 302, 403]),
    (
        "get",
        "ledgers:task_withdraw",
        lambda c, w: [w["task"].pk],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    (
        "get",
        "ledgers:task_break_down",
        lambda c, w: [w["received"].pk],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    (
        "post",
        "ledgers:period_report",
        lambda c, w: [w["manual"].periods.get().pk],
        [302, 302, 302, 403, 404, 302, 403],
    ),
    (
        "post",
        "ledgers:period_waive",
        lambda c, w: [w["manual"].periods.get().pk],
        [302, 302, 302, 403, 404, 302, 403],
    ),
    ("get", "ledgers:evidence", lambda c, w: [w["update"].pk], [200, 200, 200, 200, 404, 302, 200]),
    ("get", "ledgers:assessments", lambda c, w: [], [200, 200, 200, 404, 404, 302, 200]),
    (
        "get",
        "ledgers:assessment_adjust",
        lambda c, w: [w["assessment"].pk],
        [200, 200, 403, 404, 404, 302, 403],
    ),
    (
        "get",
        "ledgers:assessment_quarter",
        lambda c, w: [2026, 4],
        [200, 200, 200, 404, 404, 302, 200],
    ),
    (
        "get",
        "ledgers:record_book",
        lambda c, w: [c.branch_a.pk, "2026-Q3"],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    (
        "get",
        "ledgers:record_book_docx",
        lambda c, w: [c.branch_a.pk, "2026-Q3"],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    ("get", "ledgers:reports", lambda c, w: [], [200, 200, 200, 404, 404, 302, 200]),
    (
        "get",
        "ledgers:report_detail",
        lambda c, w: [c.branch_a.pk, 2026],
        [200, 200, 200, 403, 404, 302, 403],
    ),
    ("post", "ledgers:create_next_year", lambda c, w: [], [302, 302, 404, 404, 404, 302, 404]),
]


# For tests/test_url_coverage.py: the ledgers URLs this matrix covers.
URL_NAMES = {name for _method, name, _args, _statuses in MATRIX}

POST_DATA = {
    "ledgers:period_report": {"note": "进展"},
    "ledgers:period_waive": {"reason": "因故调整"},
    "ledgers:create_next_year": {"year": "2026"},
}


@pytest.mark.parametrize(
    ("method", "name", "args", "expected"),
    MATRIX,
    ids=[f"{n}-{row[1]}" for n, row in enumerate(MATRIX)],
)
def test_ledgers_urls_for_every_persona(client, court, world, method, name, args, expected):
    url = reverse(name, args=args(court, world))
    found = {}
    for persona in ALL:
        login(client, court, world, persona)
        response = client.get(url) if method == "get" else client.post(url, POST_DATA.get(name, {}))
        found[persona] = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)  # reading to the end closes the served file
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))
    assert found == dict(zip(ALL, expected, strict=True))


def test_every_ledgers_url_is_in_the_matrix():
    from ledgers.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {name.split(":")[1] for _m, name, _a, _s in MATRIX}


def test_a_members_own_task_may_be_reported_by_the_member(client, court, world):
    task = services.task_create(
        responsibility_list=world["own"],
        title="学习计划",
        category="party_building",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 31),
    )
    login(client, court, world, "member_a")
    response = client.post(
        reverse("ledgers:period_report", args=[task.periods.get().pk]), {"note": "已学习"}
    )
    assert response.status_code == 302
    assert task.periods.get().updates.count() == 1
    login(client, court, world, "member_b")
    assert client.get(task.get_absolute_url()).status_code == 404
