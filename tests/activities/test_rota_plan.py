"""The study rota's planning and changes: holidays skipped, leads rotated, swaps and moves."""

import datetime

import pytest
from django.utils import timezone

from activities import rota
from activities.models import Activity, ActivityError, ActivitySeries, RotaSlot
from activities.services import activity_withdraw
from branches.models import ActivityRoom, Member
from tests.activities.conftest import at, record
from tests.factories import make_member, make_study_series

pytestmark = pytest.mark.django_db

D = datetime.date


def make_series(court, types, *, leads=(), branch=None, **fields) -> ActivitySeries:
    """理论日 of branch A: every Friday 14:30–16:30, with `leads` in that order."""
    fields.setdefault("activity_type", types["study_day"])
    return make_study_series(branch or court.branch_a, leads=leads, **fields)


@pytest.fixture
def leads(branch_a_members):
    """Six leads in an order that is not alphabetical."""
    secretary, member_a, *others = branch_a_members
    return [others[2], member_a, others[0], secretary, others[3], others[1]]


@pytest.fixture
def series(court, types, leads):
    return make_series(court, types, leads=leads)


def days_of(activities):
    return [timezone.localtime(a.start).date() for a in activities]


def session_on(series, day: datetime.date) -> Activity:
    return Activity.objects.get(series=series, start__date=day)


# --- the acceptance test -------------------------------------------------------------------
def test_a_rota_over_2026_skips_the_holidays_and_rotates_leads_across_skipped_weeks(
    time_machine, court, series, leads
):
    time_machine.move_to(at("2025-12-20", "10:00"), tick=False)

    created = rota.rota_plan(
        series=series, start=D(2026, 1, 1), weeks=52, by=court.secretary_a.user
    )

    days = days_of(created)
    fridays = [D(2026, 1, 2) + datetime.timedelta(weeks=i) for i in range(52)]
    fridays_off = {
        D(2026, 1, 2),  # 元旦
        D(2026, 2, 20),  # 春节
        D(2026, 5, 1),  # 劳动节
        D(2026, 6, 19),  # 端午节
        D(2026, 9, 25),  # 中秋节
        D(2026, 10, 2),  # 国庆节
    }
    assert D(2026, 10, 2) not in days
    assert D(2026, 2, 20) not in days
    assert days == [day for day in fridays if day not in fridays_off]
    assert len(created) == 46

    # Leads take turns in the rota's order, by session: a skipped week uses up no lead.
    assert [a.lead for a in created] == [leads[i % len(leads)] for i in range(46)]
    order = [lead.pk for lead in leads]
    before = session_on(series, D(2026, 2, 13)).lead
    after = session_on(series, D(2026, 2, 27)).lead
    assert order.index(after.pk) == (order.index(before.pk) + 1) % len(order)

    first = created[0]
    assert first.state == Activity.State.PLANNED
    assert first.topic == "理论日"
    assert first.organisation == court.branch_a
    assert first.start == at("2026-01-09", "14:30")
    assert first.end == at("2026-01-09", "16:30")
    assert RotaSlot.objects.filter(series=series).count() == 46


def test_planning_the_same_weeks_again_creates_nothing(time_machine, court, series, leads):
    by = court.secretary_a.user
    first = rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=8, by=by)
    assert len(first) == 7  # 05-01 is 劳动节

    assert rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=8, by=by) == []
    assert Activity.objects.filter(series=series).count() == 7

    # A longer window adds only the new weeks, and the rotation carries on.
    more = rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=10, by=by)
    assert days_of(more) == [D(2026, 5, 15), D(2026, 5, 22)]
    assert [a.lead for a in more] == [leads[7 % 6], leads[8 % 6]]


def test_sessions_already_there_are_kept_and_never_changed(court, series, leads):
    by = court.secretary_a.user
    rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=4, by=by)
    cancelled = session_on(series, D(2026, 3, 27))
    activity_withdraw(activity=cancelled, reason="全院大会", by=by)
    moved = session_on(series, D(2026, 4, 3))
    rota.rota_move_session(activity=moved, new_start=at("2026-04-09", "09:00"), by=by)

    assert rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=4, by=by) == []

    cancelled.refresh_from_db()
    moved.refresh_from_db()
    assert cancelled.state == Activity.State.WITHDRAWN
    assert moved.start == at("2026-04-09", "09:00")
    assert (
        not Activity.objects.filter(series=series, start__date=D(2026, 3, 27))
        .exclude(pk=cancelled.pk)
        .exists()
    )
    assert not Activity.objects.filter(series=series, start__date=D(2026, 4, 3)).exists()


def test_planning_continues_after_the_lead_of_the_last_held_session(
    court, types, series, leads, branch_a_members
):
    # Today (Friday 2026-03-13) the study was held by hand, led by the third lead.
    record(court, types, series=series, lead=leads[2], start=at("2026-03-13"), attendance=[])

    created = rota.rota_plan(
        series=series, start=D(2026, 3, 13), weeks=3, by=court.secretary_a.user
    )

    assert days_of(created) == [D(2026, 3, 20), D(2026, 3, 27)]
    assert [a.lead for a in created] == [leads[3], leads[4]]


def test_a_rota_without_leads_rotates_the_branchs_full_members_by_employee_number(
    court, types, branch_a_members
):
    probationary = branch_a_members[-1]
    probationary.status = probationary.Status.PROBATIONARY
    probationary.save()
    series = make_series(court, types, name="青年说")
    created = rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=6, by=None)
    full = sorted(
        (m for m in branch_a_members if m != probationary), key=lambda m: m.employee_number
    )
    assert [a.lead for a in created] == full + full[:1]
    assert probationary not in [a.lead for a in created]


def test_a_branch_without_full_members_plans_sessions_without_a_lead(court, types):
    series = make_series(court, types, name="青年说", branch=court.branch_b)
    Member.objects.filter(branch=court.branch_b).update(status=Member.Status.PROBATIONARY)
    created = rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=2, by=None)
    assert [a.lead for a in created] == [None, None]


def test_planning_is_refused_for_the_past_an_inactive_series_or_too_many_weeks(
    court, types, series
):
    by = court.secretary_a.user
    with pytest.raises(ActivityError, match="只能从今天起"):
        rota.rota_plan(series=series, start=D(2026, 3, 12), weeks=4, by=by)
    with pytest.raises(ActivityError, match="1 至 53 周"):
        rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=54, by=by)
    rota.series_update(series=series, is_active=False)
    with pytest.raises(ActivityError, match="已停用"):
        rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=4, by=by)
    assert not Activity.objects.exists()


# --- adjusted working days (调休) ------------------------------------------------------------
def test_an_adjusted_working_day_is_not_a_study_day_unless_the_series_says_so(
    time_machine, court, types, leads
):
    time_machine.move_to(at("2025-12-20", "10:00"), tick=False)
    plain = make_series(court, types, leads=leads)
    adjusted = make_series(
        court, types, name="周五学习", leads=leads, holds_on_adjusted_working_days=True
    )

    plain_days = days_of(rota.rota_plan(series=plain, start=D(2026, 1, 1), weeks=9, by=None))
    adjusted_days = days_of(rota.rota_plan(series=adjusted, start=D(2026, 1, 1), weeks=9, by=None))

    # Friday 01-02 is 元旦; Sunday 01-04 is worked (调休), two days later.
    assert plain_days[0] == D(2026, 1, 9)
    assert D(2026, 1, 4) not in plain_days
    assert adjusted_days[0] == D(2026, 1, 4)
    assert session_on(adjusted, D(2026, 1, 4)).start == at("2026-01-04", "14:30")
    # 春节's adjusted days (02-14, 02-28) are six and eight days away: 02-20 is skipped.
    assert D(2026, 2, 20) not in adjusted_days
    assert D(2026, 2, 14) not in adjusted_days
    assert D(2026, 2, 28) not in adjusted_days
    # The replacement session stands for its week: planning again adds nothing.
    assert rota.rota_plan(series=adjusted, start=D(2026, 1, 1), weeks=9, by=None) == []


def test_the_preview_names_the_holiday_of_a_skipped_week_and_writes_nothing(
    time_machine, court, series, leads
):
    time_machine.move_to(at("2026-09-14", "10:00"), tick=False)
    entries = rota.rota_preview(series, D(2026, 9, 14), 4)

    assert [(e.day, e.kind) for e in entries] == [
        (D(2026, 9, 18), "new"),
        (D(2026, 9, 25), "skipped"),
        (D(2026, 10, 2), "skipped"),
        (D(2026, 10, 9), "new"),
    ]
    assert entries[1].skipped_because == "中秋节"
    assert entries[2].skipped_because == "国庆节"
    assert [entries[0].lead, entries[3].lead] == leads[:2]
    assert not Activity.objects.exists()

    created = rota.rota_plan(series=series, start=D(2026, 9, 14), weeks=4, by=None)
    assert [(a.start, a.lead) for a in created] == [(e.start, e.lead) for e in entries if e.is_new]


# --- monthly series ------------------------------------------------------------------------
def test_a_monthly_series_is_held_on_the_nth_weekday_of_each_month(court, types, leads):
    series = make_series(
        court,
        types,
        name="微党课",
        activity_type=types["micro_lecture"],
        cadence=ActivitySeries.Cadence.MONTHLY,
        week_of_month=ActivitySeries.WeekOfMonth.LAST,
        leads=leads,
    )
    created = rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=26, by=None)
    assert days_of(created) == [
        D(2026, 3, 27),
        D(2026, 4, 24),
        D(2026, 5, 29),
        D(2026, 6, 26),
        D(2026, 7, 31),
        D(2026, 8, 28),
    ]
    first_mondays = ActivitySeries(
        weekday=0, cadence=ActivitySeries.Cadence.MONTHLY, week_of_month=1
    )
    assert rota.scheduled_days(first_mondays, D(2026, 1, 1), D(2026, 3, 31)) == [
        D(2026, 1, 5),
        D(2026, 2, 2),
        D(2026, 3, 2),
    ]


def test_a_monthly_session_on_a_holiday_is_skipped(court, types, time_machine):
    time_machine.move_to(at("2026-04-20", "10:00"), tick=False)
    series = make_series(
        court,
        types,
        name="主题党日",
        activity_type=types["theme_party_day"],
        cadence=ActivitySeries.Cadence.MONTHLY,
        week_of_month=ActivitySeries.WeekOfMonth.FIRST,
    )
    entries = rota.rota_preview(series, D(2026, 4, 20), 9)
    assert [(e.day, e.kind, e.skipped_because) for e in entries] == [
        (D(2026, 5, 1), "skipped", "劳动节"),
        (D(2026, 6, 5), "new", ""),
    ]


# --- swap and move ---------------------------------------------------------------------------
@pytest.fixture
def planned_rota(court, series):
    return rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=4, by=court.secretary_a.user)


def test_two_planned_sessions_swap_their_leads(court, planned_rota, leads):
    first, _, third, _ = planned_rota
    rota.rota_swap_leads(first=first, second=third, by=court.secretary_a.user)
    first.refresh_from_db()
    third.refresh_from_db()
    assert (first.lead, third.lead) == (leads[2], leads[0])
    assert first.history.first().history_user == court.secretary_a.user


def test_a_swap_needs_two_planned_sessions_of_one_series(court, types, planned_rota, leads):
    by = court.secretary_a.user
    first, second, *_ = planned_rota
    with pytest.raises(ActivityError, match="两场不同的学习"):
        rota.rota_swap_leads(first=first, second=first, by=by)
    other = make_series(court, types, name="青年说", leads=leads)
    elsewhere = rota.rota_plan(series=other, start=D(2026, 3, 14), weeks=1, by=by)[0]
    with pytest.raises(ActivityError, match="同一系列"):
        rota.rota_swap_leads(first=first, second=elsewhere, by=by)
    activity_withdraw(activity=second, reason="取消", by=by)
    with pytest.raises(ActivityError, match="只有计划中的学习可以对调"):
        rota.rota_swap_leads(first=first, second=second, by=by)
    first.refresh_from_db()
    assert first.lead == leads[0]


def test_a_session_moves_to_another_working_day_keeping_its_length(court, planned_rota):
    session = planned_rota[0]  # Friday 03-20 14:30–16:30
    moved = rota.rota_move_session(
        activity=session, new_start=at("2026-03-19", "09:00"), by=court.secretary_a.user
    )
    assert (moved.start, moved.end) == (at("2026-03-19", "09:00"), at("2026-03-19", "11:00"))
    assert moved.lead == session.lead
    assert moved.rota_slot.day == D(2026, 3, 20)


def test_moving_a_session_to_a_day_off_is_refused(time_machine, court, series):
    time_machine.move_to(at("2026-09-14", "10:00"), tick=False)
    session = rota.rota_plan(series=series, start=D(2026, 9, 14), weeks=1, by=None)[0]
    by = court.secretary_a.user

    with pytest.raises(ActivityError) as refused:
        rota.rota_move_session(activity=session, new_start=at("2026-10-02", "14:30"), by=by)
    assert "2026-10-02" in refused.value.message
    assert "国庆节" in refused.value.message
    assert refused.value.field == "date"
    with pytest.raises(ActivityError, match="2026-09-19"):
        rota.rota_move_session(activity=session, new_start=at("2026-09-19", "14:30"), by=by)
    # Sunday 09-20 is an adjusted working day (调休): a session may move there.
    moved = rota.rota_move_session(activity=session, new_start=at("2026-09-20", "14:30"), by=by)
    assert moved.start == at("2026-09-20", "14:30")


def test_a_move_is_refused_into_the_past_onto_another_session_or_for_a_held_one(
    court, types, planned_rota
):
    by = court.secretary_a.user
    first, second, *_ = planned_rota
    with pytest.raises(ActivityError, match="尚未过去"):
        rota.rota_move_session(activity=first, new_start=at("2026-03-12", "14:30"), by=by)
    with pytest.raises(ActivityError, match="已有一场学习"):
        rota.rota_move_session(activity=first, new_start=at("2026-03-27", "09:00"), by=by)
    held = record(court, types, series=first.series, start=at("2026-03-13"), attendance=[])
    with pytest.raises(ActivityError, match="只有计划中的学习可以调整"):
        rota.rota_move_session(activity=held, new_start=at("2026-03-16", "14:30"), by=by)


# --- leads and series ------------------------------------------------------------------------
def test_the_leads_are_set_in_order_from_the_branchs_current_members(court, series, leads):
    reordered = list(reversed(leads))
    rota.rota_leads_set(series=series, members=reordered)
    assert [lead.member for lead in rota.rota_leads(series)] == reordered

    with pytest.raises(ActivityError, match="赵党员"):
        rota.rota_leads_set(series=series, members=[leads[0], court.member_b])
    with pytest.raises(ActivityError, match="只能出现一次"):
        rota.rota_leads_set(series=series, members=[leads[0], leads[0]])
    assert [lead.member for lead in rota.rota_leads(series)] == reordered


def test_a_series_is_checked_when_created(court, types):
    base = {
        "name": "微党课",
        "activity_type": types["micro_lecture"],
        "weekday": 2,
        "start_time": datetime.time(9, 0),
    }
    with pytest.raises(ActivityError) as refused:
        rota.series_create(branch=court.branch_a, cadence="monthly", **base)
    assert refused.value.field == "week_of_month"
    room_b = ActivityRoom.objects.create(organisation=court.branch_b, name="刑庭活动室")
    with pytest.raises(ActivityError) as refused:
        rota.series_create(branch=court.branch_a, room=room_b, **base)
    assert refused.value.field == "room"
    with pytest.raises(ActivityError) as refused:
        rota.series_create(branch=court.branch_a, end_time=datetime.time(8, 0), **base)
    assert refused.value.field == "end_time"
    rota.series_create(branch=court.branch_a, **base)
    with pytest.raises(ActivityError, match="已有名为"):
        rota.series_create(branch=court.branch_a, **base)
    weekly = rota.series_create(branch=court.branch_b, week_of_month=3, **base)
    assert weekly.week_of_month is None


# --- the home page's duties ----------------------------------------------------------------
def test_upcoming_lead_duties_are_the_members_next_planned_sessions_in_one_query(
    court, types, series, leads, django_assert_num_queries
):
    rota.rota_plan(series=series, start=D(2026, 3, 14), weeks=30, by=None)
    record(court, types, series=series, lead=leads[0], start=at("2026-03-13"), attendance=[])
    extra = make_member(court.branch_a, name="新党员", login=False)

    with django_assert_num_queries(1):
        duties = rota.upcoming_lead_duties(leads[0], today=D(2026, 3, 13))
        names = [d.series.name for d in duties]

    assert [d.start for d in duties] == [
        at("2026-03-20"),
        at("2026-05-08"),  # six sessions later: 05-01 is 劳动节
        at("2026-06-26"),  # six sessions later: 06-19 is 端午节
    ]
    assert names == ["理论日"] * 3
    assert len(rota.upcoming_lead_duties(leads[0], today=D(2026, 3, 13), limit=10)) == 5
    assert rota.upcoming_lead_duties(extra, today=D(2026, 3, 13)) == []
