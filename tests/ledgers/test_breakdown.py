"""责任分解: the committee publishes a task, the branch splits it, progress rolls up."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Post
from ledgers import selectors, services
from ledgers.models import TaskPeriod
from tests.factories import give_post, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_leader(court):
    leader = make_member(
        court.branch_a, group=court.group_a1, name="周组长", employee_number="91003"
    )
    give_post(leader, court.group_a1, Post.Kind.GROUP_LEADER)
    return leader


@pytest.fixture
def received(court, branch_list):
    committee_list = services.list_create(year=2026, organisation=court.committee)
    task = services.task_create(
        responsibility_list=committee_list,
        by=court.staff.user,
        title="落实司法责任制改革重点任务",
        category="business",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 20),
        assignee_organisation=court.branch_a,
    )
    services.list_publish(responsibility_list=committee_list, by=court.staff.user)
    return task


def test_breakdown_to_two_groups_and_a_member_rolls_up(
    client, court, received, group_leader, branch_list
):
    # The branch sees the task it received, and its secretary breaks it down.
    client.force_login(court.secretary_a.user)
    page = client.get(reverse("ledgers:list_detail", args=[branch_list.pk])).content.decode()
    assert "落实司法责任制改革重点任务" in page
    response = client.post(
        reverse("ledgers:task_break_down", args=[received.pk]),
        {"groups": [court.group_a1.pk, court.group_a2.pk], "members": [court.member_a.pk]},
    )
    assert response.status_code == 302
    children = list(received.children.order_by("pk"))
    assert [c.assignee_name for c in children] == [
        court.group_a1.display_name,
        court.group_a2.display_name,
        court.member_a.name,
    ]
    assert all(c.responsibility_list_id == branch_list.pk for c in children)
    assert selectors.children_progress(received) == (0, 3)

    # The group leader and the member see their tasks.
    client.force_login(group_leader.user)
    group_page = client.get(reverse("ledgers:organisation_ledger", args=[court.group_a1.pk]))
    assert group_page.status_code == 200
    assert "落实司法责任制改革重点任务" in group_page.content.decode()
    assert client.get(children[0].get_absolute_url()).status_code == 200
    client.force_login(court.member_a.user)
    mine = client.get(reverse("ledgers:mine")).content.decode()
    assert "落实司法责任制改革重点任务" in mine
    assert client.get(children[0].get_absolute_url()).status_code == 200  # their branch's list

    # Two of the three report done: the parent shows 2 of 3, still in progress.
    services.period_report(
        period=children[0].periods.get(), by=group_leader.user, note="第一党小组已完成", done=True
    )
    services.period_report(
        period=children[2].periods.get(), by=court.member_a.user, note="已完成调研报告", done=True
    )
    assert selectors.children_progress(received) == (2, 3)
    assert received.periods.get().status == TaskPeriod.Status.IN_PROGRESS
    client.force_login(court.staff.user)
    page = client.get(received.get_absolute_url()).content.decode()
    assert 'id="children-progress">2 / 3' in page

    # The third one: the parent is done.
    services.period_report(
        period=children[1].periods.get(), by=court.secretary_a.user, note="完成", done=True
    )
    assert received.periods.get().status == TaskPeriod.Status.DONE


def test_a_member_cannot_report_on_another_members_task(client, court, received):
    children = services.task_break_down(
        task=received, by=court.secretary_a.user, assignees=[court.secretary_a]
    )
    client.force_login(court.member_a.user)
    response = client.post(
        reverse("ledgers:period_report", args=[children[0].periods.get().pk]), {"note": "x"}
    )
    assert response.status_code == 403
