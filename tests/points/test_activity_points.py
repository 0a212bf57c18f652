"""Attendance points follow the activities: recorded, changed, withdrawn, replayed, capped."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from activities import services as activity_services
from activities.models import Activity
from activities.signals import activity_recorded, activity_withdrawn
from points.models import PointEntry, PointSummary
from points.services import points_sync_activity
from tests.factories import make_member
from tests.points.conftest import absent, at, live, on_leave, points_of, present, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(court, types, branch_a_members):
    """Branch A's general meeting: secretary and member_a present, 甲0 absent, 甲1 on leave, 甲2 and 甲3 present."""
    secretary, member_a, missing, leave, *others = branch_a_members
    return record(
        court,
        types,
        code="general_meeting",
        topic="三月支部党员大会",
        attendance=[*present(secretary, member_a, *others), absent(missing), on_leave(leave)],
    )


def test_recording_awards_the_present_and_deducts_the_unexcused_absent(
    court, meeting, branch_a_members
):
    secretary, member_a, missing, leave, *_ = branch_a_members
    assert live(member_a) == [("attend_general_meeting", Decimal("2"))]
    assert live(secretary) == [("attend_general_meeting", Decimal("2"))]
    assert live(missing) == [("absent_general_meeting", Decimal("-2"))]
    assert live(leave) == []
    assert points_of(member_a) == Decimal("72")
    assert points_of(missing) == Decimal("68")
    assert points_of(leave) == Decimal("70")
    entry = PointEntry.objects.get(member=member_a)
    assert (entry.activity, entry.source, entry.date.isoformat(), entry.year) == (
        meeting,
        "attendance",
        "2026-03-06",
        2026,
    )
    assert entry.category == "organisational_life"


def test_editing_attendance_adjusts_with_reversing_entries(court, types, meeting, branch_a_members):
    secretary, member_a, missing, leave, *others = branch_a_members
    record(
        court,
        types,
        activity=meeting,
        attendance=[*present(secretary, missing, leave, *others), absent(member_a)],
    )
    assert live(member_a) == [("absent_general_meeting", Decimal("-2"))]
    assert live(missing) == [("attend_general_meeting", Decimal("2"))]
    assert live(leave) == [("attend_general_meeting", Decimal("2"))]
    assert points_of(member_a) == Decimal("68")
    assert points_of(missing) == Decimal("72")
    # Nothing was changed or deleted: the first award and its reversal are both there.
    rows = list(
        PointEntry.objects.filter(member=member_a).order_by("pk").values_list("points", "reverses")
    )
    first = PointEntry.objects.filter(member=member_a).order_by("pk").first()
    assert rows == [(Decimal("2"), None), (Decimal("-2"), first.pk), (Decimal("-2"), None)]


def test_unchanged_attendance_leaves_the_point_entries_alone(
    court, types, meeting, branch_a_members
):
    secretary = branch_a_members[0]
    before = PointEntry.objects.count()
    record(court, types, activity=meeting, minutes="补充纪要", by=secretary.user)
    assert PointEntry.objects.count() == before


def test_withdrawing_reverses_every_entry(court, meeting, branch_a_members):
    activity_services.activity_withdraw(
        activity=meeting, reason="重复录入", by=court.secretary_a.user
    )
    assert not PointEntry.objects.live().filter(activity=meeting).exists()
    for member in branch_a_members:
        assert points_of(member) == Decimal("70")
    assert PointEntry.objects.filter(activity=meeting, reverses__isnull=False).count() == 5


def test_replaying_the_signals_twice_changes_nothing(court, meeting):
    before = list(PointEntry.objects.values_list("pk", flat=True))
    for _ in range(2):
        activity_recorded.send(sender=Activity, activity=meeting, created=False)
    assert list(PointEntry.objects.values_list("pk", flat=True)) == before

    activity_services.activity_withdraw(
        activity=meeting, reason="重复录入", by=court.secretary_a.user
    )
    after_withdrawal = PointEntry.objects.count()
    meeting.refresh_from_db()
    for _ in range(2):
        activity_withdrawn.send(sender=Activity, activity=meeting, previous_state="held")
    assert PointEntry.objects.count() == after_withdrawal
    assert points_sync_activity(activity=meeting).added == 0


def test_a_planned_activity_gives_no_points_until_recorded(court, types, branch_a_members):
    planned = activity_services.activity_plan(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["theme_party_day"],
        topic="三月主题党日",
        start=at("2026-03-13", "09:00"),
    )
    assert not PointEntry.objects.exists()
    record(court, types, activity=planned, attendance=present(*branch_a_members))
    assert live(court.member_a) == [("attend_theme_party_day", Decimal("2"))]


def test_the_lead_of_a_micro_lecture_earns_the_speaker_points_too(court, types, branch_a_members):
    record(
        court,
        types,
        code="micro_lecture",
        lead=court.member_a,
        attendance=present(*branch_a_members),
    )
    assert live(court.member_a) == [
        ("attend_micro_lecture", Decimal("1")),
        ("speak_micro_lecture", Decimal("3")),
    ]
    assert live(court.secretary_a) == [("attend_micro_lecture", Decimal("1"))]


def test_guests_from_another_branch_earn_attendance_points(court, types):
    record(court, types, attendance=present(court.member_a), guests=["92001"])
    assert live(court.member_b) == [("attend_study_day", Decimal("1"))]


def test_monthly_cap_of_the_study_day_day(court, types):
    activities = [
        record(court, types, start=at(f"2026-03-0{day}"), attendance=present(court.member_a))
        for day in range(2, 7)
    ]
    assert [len(live(court.member_a, activity=a)) for a in activities] == [1, 1, 1, 1, 0]
    assert points_of(court.member_a) == Decimal("74")
    # Re-recording an activity under the cap keeps its point; the fifth still gets none.
    record(court, types, activity=activities[0], attendance=present(court.member_a))
    record(court, types, activity=activities[4], attendance=present(court.member_a))
    assert points_of(court.member_a) == Decimal("74")
    # April is a new month (the frozen clock is in March, so use February instead).
    record(court, types, start=at("2026-02-27"), attendance=present(court.member_a))
    assert points_of(court.member_a) == Decimal("75")


def test_yearly_cap_of_volunteer_service(court, types):
    for day in ("2026-01-10", "2026-01-24", "2026-02-07", "2026-02-21", "2026-03-07"):
        record(
            court,
            types,
            code="volunteer_service",
            start=at(day, "09:00"),
            attendance=present(court.member_a),
            topic="诉讼服务志愿活动",
        )
    assert sum(points for _code, points in live(court.member_a)) == Decimal("12")
    assert points_of(court.member_a) == Decimal("82")


def test_moving_an_activity_to_another_month_moves_its_points(court, types, branch_a_members):
    activity = record(
        court,
        types,
        code="general_meeting",
        start=at("2026-02-27"),
        attendance=present(*branch_a_members),
    )
    record(court, types, activity=activity, start=at("2026-03-02"))
    entries = PointEntry.objects.live().filter(member=court.member_a)
    assert [e.date.isoformat() for e in entries] == ["2026-03-02"]
    assert points_of(court.member_a) == Decimal("72")


def test_a_deactivated_rule_stops_counting_when_the_activity_is_changed(
    court, types, rules, meeting, branch_a_members
):
    rules["absent_general_meeting"].is_active = False
    rules["absent_general_meeting"].save()
    record(court, types, activity=meeting, minutes="补充")
    assert points_of(branch_a_members[2]) == Decimal("70")


def test_an_activity_type_without_rules_gives_nothing(court, types, branch_a_members):
    record(court, types, code="other", attendance=present(*branch_a_members), topic="其他")
    assert not PointEntry.objects.exists()
    assert not PointSummary.objects.exists()


def test_rebuild_reports_zero_differences_after_many_operations(
    court, types, meeting, branch_a_members, capsys
):
    secretary, member_a, missing, leave, *others = branch_a_members
    record(
        court,
        types,
        activity=meeting,
        attendance=[*present(secretary, missing), absent(member_a), on_leave(leave)],
    )
    for day in range(2, 7):
        record(
            court,
            types,
            start=at(f"2026-03-0{day}"),
            attendance=present(*branch_a_members),
            lead=member_a,
        )
    extra = make_member(court.branch_a, name="新党员", login=False)
    last = record(
        court,
        types,
        code="volunteer_service",
        start=at("2025-12-20"),
        attendance=present(extra, member_a),
    )
    activity_services.activity_withdraw(activity=last, reason="不是本支部活动", by=secretary.user)

    call_command("rebuild_point_summaries", "--check")
    assert "0 differences found in 0 summaries" in capsys.readouterr().out

    PointSummary.objects.filter(member=member_a, year=2026).update(total=Decimal("1"))
    with pytest.raises(CommandError) as failed:
        call_command("rebuild_point_summaries", "--check", "--year", "2026")
    assert failed.value.returncode == 1
    assert "total: summary 1.0" in capsys.readouterr().out

    call_command("rebuild_point_summaries")
    assert "1 differences fixed in 1 summaries" in capsys.readouterr().out
    call_command("rebuild_point_summaries", "--check")
    assert "0 differences found" in capsys.readouterr().out
