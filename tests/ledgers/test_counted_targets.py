"""Counted targets fill themselves from the recorded activities, and empty again on withdrawal."""

import pytest

from activities import services as activity_services
from ledgers import services
from ledgers.models import TaskPeriod
from tests.ledgers.conftest import at, committee_task, record

pytestmark = pytest.mark.django_db


def test_recording_a_committee_meeting_ticks_the_month_and_withdrawing_reopens_it(
    court, types, branch_list
):
    task = committee_task(branch_list)
    december = task.periods.get(period="2026-12")
    assert december.status == TaskPeriod.Status.OPEN

    activity = record(court, types, start=at("2026-12-01"))

    december.refresh_from_db()
    assert december.status == TaskPeriod.Status.DONE
    assert december.counted == 1
    assert list(december.activities.all()) == [activity]
    # Other months are untouched.
    assert task.periods.get(period="2026-10").status == TaskPeriod.Status.OVERDUE

    activity_services.activity_withdraw(activity=activity, reason="误录", by=court.secretary_a.user)

    december.refresh_from_db()
    assert december.status == TaskPeriod.Status.OPEN
    assert december.counted == 0
    assert not december.activities.exists()


def test_recording_again_counts_once(court, types, branch_list):
    """The signal is sent on every edit: the period is derived, not incremented."""
    activity = record(court, types, start=at("2026-12-01"))
    activity_services.activity_record(by=court.secretary_a.user, activity=activity, topic="改题")
    activity_services.activity_record(by=court.secretary_a.user, activity=activity, topic="再改")
    period = committee_task(branch_list).periods.get(period="2026-12")
    assert period.counted == 1
    assert period.activities.count() == 1


def test_moving_an_activity_to_another_month_moves_the_tick(court, types, branch_list):
    activity = record(court, types, start=at("2026-12-01"))
    activity_services.activity_record(
        by=court.secretary_a.user, activity=activity, start=at("2026-11-20")
    )
    task = committee_task(branch_list)
    assert task.periods.get(period="2026-12").status == TaskPeriod.Status.OPEN
    assert task.periods.get(period="2026-11").status == TaskPeriod.Status.DONE


def test_another_branchs_meeting_does_not_count(court, types, branch_list):
    record(court, types, organisation=court.branch_b, members=[court.member_b])
    assert committee_task(branch_list).periods.get(period="2026-12").counted == 0


def test_a_counted_period_cannot_be_ticked_by_hand(court, branch_list, english):
    period = committee_task(branch_list).periods.get(period="2026-12")
    with pytest.raises(services.LedgerError, match="counted from the recorded activities"):
        services.period_report(period=period, by=court.secretary_a.user, note="开过了", done=True)
    period.refresh_from_db()
    assert period.status == TaskPeriod.Status.OPEN
    assert not period.updates.exists()


def test_attendance_rate_target_for_a_member(court, types, branch_list):
    task = services.task_create(
        responsibility_list=branch_list,
        title="参加组织生活出勤率",
        category="party_building",
        period_kind="quarterly",
        assignee_member=court.member_a,
        target_kind="attendance",
        target_rate=80,
    )
    record(court, types, code="general_meeting", start=at("2026-10-15"))
    q4 = task.periods.get(period="2026-Q4")
    assert q4.status == TaskPeriod.Status.DONE
    assert q4.counted == 100
