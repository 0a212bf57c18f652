"""Reminders: a period due in N working days tells its assignee, an overdue one tells the
secretary, at most one digest per person per day, and a second run sends nothing."""

import datetime

import pytest

from ledgers import services
from ledgers.reminders import plan_task_reminders
from notices.models import Notification
from notices.reminders import reminders_send

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def tasks(court):
    own = services.list_create(year=2026, organisation=court.branch_a, with_standard_targets=False)
    soon = services.task_create(
        responsibility_list=own,
        title="提交调研报告",
        category="business",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 4),
        assignee_member=court.member_a,
    )
    later = services.task_create(
        responsibility_list=own,
        title="年终总结",
        category="party_building",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 28),
        assignee_member=court.member_a,
    )
    late = services.task_create(
        responsibility_list=own,
        title="廉政风险点排查",
        category="special",
        period_kind="annual",
        due_date=datetime.date(2026, 11, 15),
        assignee_organisation=court.group_a2,
    )
    services.list_publish(responsibility_list=own, by=None)
    return soon, later, late


def test_assignee_and_secretary_get_one_digest_each(court, tasks):
    plan = plan_task_reminders([TODAY], days_before=3)
    by_user = {r.recipients().get().pk: r for r in plan}
    assert set(by_user) == {court.member_a.user.pk, court.secretary_a.user.pk}
    member = by_user[court.member_a.user.pk]
    assert member.kind == "task_due"
    assert "提交调研报告" in member.body and "年终总结" not in member.body
    secretary = by_user[court.secretary_a.user.pk]
    assert secretary.kind == "task_overdue"
    assert "廉政风险点排查" in secretary.body

    assert reminders_send(job="ledger_tasks", today=TODAY, days_before=3) == 2
    assert reminders_send(job="ledger_tasks", today=TODAY, days_before=3) == 0
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys == {
        f"ledgers:2026-12-02:{court.member_a.user.pk}",
        f"ledgers:2026-12-02:{court.secretary_a.user.pk}",
    }


def test_done_and_draft_periods_are_not_reminded(court, tasks):
    soon, _later, late = tasks
    services.period_report(period=soon.periods.get(), by=None, note="已提交", done=True)
    services.period_waive(period=late.periods.get(), by=None, reason="机构调整，本年度不再开展")
    assert plan_task_reminders([TODAY], days_before=3) == []
    draft = services.list_create(year=2026, member=court.member_b)
    services.task_create(
        responsibility_list=draft,
        title="草稿任务",
        category="business",
        period_kind="annual",
        due_date=datetime.date(2026, 12, 3),
    )
    assert plan_task_reminders([TODAY], days_before=3) == []


def test_nothing_on_a_weekend(court, tasks):
    assert plan_task_reminders([datetime.date(2026, 12, 5)], days_before=3) == []
