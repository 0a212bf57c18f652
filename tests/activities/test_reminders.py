"""The activities app's reminder jobs: who is told what, on which day, and never twice.

Jobs are run through their Celery tasks' functions (in this process); texts are checked
by what they contain (names, times, places), not by their wording.
"""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from activities import notifications as activity_kinds
from activities import rota, services
from activities.models import Activity, ActivitySeries, ActivityType, Attendance
from activities.reminders import plan_study_day
from activities.services import AttendanceEntry
from activities.tasks import (
    send_cadence_warnings,
    send_study_day_reminders,
    send_theme_day_reminders,
    send_theme_day_warnings,
)
from branches.models import Member, Post
from notices.models import Notification, ReminderSettings
from tests.activities.conftest import at, record
from tests.factories import give_post, make_member, make_organisation, make_study_series

pytestmark = pytest.mark.django_db

D = datetime.date


def recipients(kind, **filters):
    return set(
        Notification.objects.filter(kind=kind, **filters).values_list(
            "recipient__member__name", flat=True
        )
    )


@pytest.fixture
def people(court):
    """Branch A's audience beyond the personas: one more login, one without, one retired."""
    extra = make_member(court.branch_a, group=court.group_a1, name="刘党员")
    make_member(court.branch_a, name="无账号", login=False)
    retired = make_member(court.branch_a, name="退休党员")
    Member.objects.filter(pk=retired.pk).update(state=Member.State.RETIRED)
    return extra


@pytest.fixture
def series(court, types, people, time_machine):
    """Branch A's 理论日, Fridays 14:30–16:30 in 第三会议室, led in turn by the secretary
    and member_a; planned on Monday 2026-03-09 for six weeks."""
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)
    series = make_study_series(
        court.branch_a,
        leads=[court.secretary_a, court.member_a],
        activity_type=types["study_day"],
        default_location="第三会议室",
    )
    rota.rota_plan(series=series, start=D(2026, 3, 9), weeks=6, by=court.secretary_a.user)
    return series


def session_on(series, day) -> Activity:
    return Activity.objects.get(series=series, start__date=day)


# --- study day ----------------------------------------------------------------------------
def test_each_active_member_of_the_branch_is_told_time_place_topic_and_lead(
    court, series, time_machine
):
    session = session_on(series, D(2026, 3, 13))
    time_machine.move_to(at("2026-03-13", "08:30"), tick=False)

    written = send_study_day_reminders(today="2026-03-13")

    assert recipients(activity_kinds.STUDY_DAY) == {
        "李书记",
        "王党员",
        "刘党员",
    }  # not B, no retiree
    assert written == 4  # three members and the lead's note
    notification = Notification.objects.get(
        kind=activity_kinds.STUDY_DAY, recipient=court.member_a.user
    )
    assert "14:30" in notification.title
    assert session.lead.name in notification.title
    assert "第三会议室" in notification.body
    assert session.topic in notification.body
    assert "16:30" in notification.body
    assert notification.link == session.get_absolute_url()
    assert notification.dedupe_key == f"study:{session.pk}:{court.member_a.user.pk}"


def test_the_lead_gets_a_personal_note(court, series, time_machine):
    session = session_on(series, D(2026, 3, 13))
    time_machine.move_to(at("2026-03-13", "08:30"), tick=False)

    send_study_day_reminders(today="2026-03-13")

    [note] = Notification.objects.filter(kind=activity_kinds.STUDY_LEAD)
    assert note.recipient == session.lead.user
    assert "14:30" in note.title
    assert note.dedupe_key == f"study-lead:{session.pk}:{session.lead.user.pk}"


def test_running_the_study_job_again_sends_nothing_twice(series, time_machine):
    time_machine.move_to(at("2026-03-13", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-03-13") == 4

    assert send_study_day_reminders(today="2026-03-13") == 0
    assert Notification.objects.count() == 4


def test_no_reminder_on_days_without_a_session(series, time_machine):
    time_machine.move_to(at("2026-03-12", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-03-12") == 0  # a Thursday


def test_no_study_reminder_when_the_session_is_skipped_for_national_day(
    court, types, people, time_machine
):
    time_machine.move_to(at("2026-09-14", "10:00"), tick=False)
    series = make_study_series(
        court.branch_a,
        leads=[court.secretary_a],
        activity_type=types["study_day"],
        end_time=None,
    )
    rota.rota_plan(series=series, start=D(2026, 9, 14), weeks=4, by=None)
    # Entered by hand on the holiday anyway: still no reminder on a day off.
    services.activity_plan(
        by=None,
        organisation=court.branch_a,
        activity_type=types["study_day"],
        series=series,
        topic="节日加学",
        start=at("2026-10-02"),
    )

    time_machine.move_to(at("2026-10-02", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-10-02") == 0
    time_machine.move_to(at("2026-10-09", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-10-09") == 4


def test_a_withdrawn_session_is_not_reminded(court, series, time_machine):
    services.activity_withdraw(
        activity=session_on(series, D(2026, 3, 13)), reason="改期", by=court.secretary_a.user
    )
    time_machine.move_to(at("2026-03-13", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-03-13") == 0


def test_the_day_before_option_reminds_on_the_previous_working_day(
    court, types, people, time_machine
):
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)
    monday = make_study_series(
        court.branch_a,
        leads=[court.member_a],
        name="青年说",
        activity_type=types["youth_talk"],
        weekday=ActivitySeries.Weekday.MONDAY,
        start_time=datetime.time(12, 30),
        end_time=None,
    )
    rota.rota_plan(series=monday, start=D(2026, 3, 16), weeks=1, by=None)

    time_machine.move_to(at("2026-03-13", "16:00"), tick=False)
    assert send_study_day_reminders(today="2026-03-13", days_before=1) == 4  # Friday for Monday

    note = Notification.objects.get(kind=activity_kinds.STUDY_LEAD)
    assert note.recipient == court.member_a.user
    assert "12:30" in note.title
    with translation.override(settings.LANGUAGE_CODE):
        assert "2026" in note.title  # the date, not "today"


def test_a_series_of_another_type_is_not_a_study_day(court, types, people, time_machine):
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)
    monthly = rota.series_create(
        branch=court.branch_a,
        name="每月主题党日",
        activity_type=types["theme_party_day"],
        weekday=ActivitySeries.Weekday.FRIDAY,
        start_time=datetime.time(9, 0),
    )
    rota.rota_plan(series=monthly, start=D(2026, 3, 9), weeks=1, by=None)

    time_machine.move_to(at("2026-03-13", "08:30"), tick=False)
    assert send_study_day_reminders(today="2026-03-13") == 0


# --- theme party day -------------------------------------------------------------------
@pytest.fixture
def theme_day(court, types, people, time_machine):
    """Branch A's theme party day on Wednesday 2026-03-25 at 09:00."""
    time_machine.move_to(at("2026-03-02", "10:00"), tick=False)
    return services.activity_plan(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["theme_party_day"],
        topic="重温入党誓词",
        start=at("2026-03-25", "09:00"),
        location="党员活动室",
    )


def test_members_are_reminded_two_working_days_before_the_theme_party_day(
    court, theme_day, time_machine
):
    time_machine.move_to(at("2026-03-20", "09:00"), tick=False)
    assert send_theme_day_reminders(today="2026-03-20") == 0  # Friday: three working days before

    time_machine.move_to(at("2026-03-23", "09:00"), tick=False)
    assert send_theme_day_reminders(today="2026-03-23") == 3  # Monday: two working days before
    assert recipients(activity_kinds.THEME_DAY) == {"李书记", "王党员", "刘党员"}
    notification = Notification.objects.filter(kind=activity_kinds.THEME_DAY).first()
    assert "重温入党誓词" in notification.title
    assert "党员活动室" in notification.body
    assert notification.link == theme_day.get_absolute_url()

    assert send_theme_day_reminders(today="2026-03-23") == 0


def test_the_number_of_working_days_before_is_a_setting(court, theme_day, time_machine):
    ReminderSettings.objects.filter(pk=1).update(theme_day_days_before=3)
    time_machine.move_to(at("2026-03-20", "09:00"), tick=False)
    assert send_theme_day_reminders(today="2026-03-20") == 3


def test_on_the_20th_secretaries_without_a_theme_party_day_this_month_are_warned(
    court, theme_day, time_machine
):
    give_post(court.member_b, court.branch_b, Post.Kind.SECRETARY)
    deputy = make_member(court.office, name="办公室副书记")
    give_post(deputy, court.office, Post.Kind.DEPUTY_SECRETARY)

    time_machine.move_to(at("2026-03-20", "09:00"), tick=False)
    assert send_theme_day_warnings(today="2026-03-20") == 2

    # Branch A planned one; B's secretary and the office's deputy (no secretary) are warned.
    assert recipients(activity_kinds.THEME_DAY) == {"赵党员", "办公室副书记"}
    warning = Notification.objects.get(recipient=court.member_b.user)
    assert court.branch_b.name in warning.title
    assert (
        warning.dedupe_key
        == f"theme-day-missing:{court.branch_b.pk}:2026-03:{court.member_b.user.pk}"
    )
    assert send_theme_day_warnings(today="2026-03-20") == 0


def test_a_branch_that_held_its_theme_party_day_is_not_warned(court, types, time_machine):
    give_post(court.member_b, court.branch_b, Post.Kind.SECRETARY)
    record(
        court,
        types,
        code="theme_party_day",
        organisation=court.branch_b,
        start=at("2026-03-06"),
        by=court.admin,
    )

    time_machine.move_to(at("2026-03-20", "09:00"), tick=False)
    send_theme_day_warnings(today="2026-03-20")
    assert not Notification.objects.filter(recipient=court.member_b.user).exists()
    assert Notification.objects.filter(recipient=court.secretary_a.user).exists()


# --- meeting cadence --------------------------------------------------------------------
@pytest.fixture
def one_rule(db):
    """Only 支部党员大会 (once a quarter) is checked, so a branch can have no gap at all."""
    ActivityType.objects.exclude(code="general_meeting").update(is_active=False)


def test_on_the_5th_each_secretary_gets_the_quarters_gaps(court, types, one_rule, time_machine):
    give_post(court.member_b, court.branch_b, Post.Kind.SECRETARY)
    time_machine.move_to(at("2026-05-05", "09:00"), tick=False)
    record(
        court,
        types,
        code="general_meeting",
        organisation=court.branch_b,
        start=at("2026-04-10"),
        by=court.admin,
    )

    assert send_cadence_warnings(today="2026-05-05") == 1

    warning = Notification.objects.get(kind=activity_kinds.CADENCE)
    assert warning.recipient == court.secretary_a.user  # B held its meeting: no gap, no message
    assert "支部党员大会" in warning.body
    assert "2026-Q2" in warning.body
    assert warning.link == f"/activities/compliance/branch/{court.branch_a.pk}/"
    assert warning.dedupe_key == f"cadence:{court.branch_a.pk}:2026-05:{court.secretary_a.user.pk}"


def test_cadence_warnings_are_sent_once_per_branch_and_month(court, types, one_rule, time_machine):
    time_machine.move_to(at("2026-05-05", "09:00"), tick=False)
    assert send_cadence_warnings(today="2026-05-05") == 1
    assert send_cadence_warnings(today="2026-05-05") == 0

    time_machine.move_to(at("2026-06-05", "09:00"), tick=False)
    assert send_cadence_warnings(today="2026-06-05") == 1
    assert Notification.objects.filter(kind=activity_kinds.CADENCE).count() == 2


# --- recording an activity tells its attendees ------------------------------------------
def test_recording_tells_each_attendee_their_attendance_once(court, types, people):
    activity = record(
        court,
        types,
        topic="学习党章",
        attendance=[
            AttendanceEntry(court.secretary_a),
            AttendanceEntry(court.member_a, Attendance.Status.ON_LEAVE, "外出开庭"),
            AttendanceEntry(people, Attendance.Status.ABSENT),
        ],
    )

    told = {
        n.recipient: n for n in Notification.objects.filter(kind=activity_kinds.ACTIVITY_RECORDED)
    }
    assert set(told) == {court.member_a.user, people.user}  # not the secretary who recorded it
    with translation.override(settings.LANGUAGE_CODE):
        on_leave, absent = (
            str(Attendance.Status.ON_LEAVE.label),
            str(Attendance.Status.ABSENT.label),
        )
    assert "学习党章" in told[court.member_a.user].title
    assert on_leave in told[court.member_a.user].title
    assert absent in told[people.user].title
    assert told[people.user].link == activity.get_absolute_url()

    # Correcting the record later tells nobody again.
    services.activity_record(
        by=court.secretary_a.user,
        activity=activity,
        attendance=[AttendanceEntry(court.member_a), AttendanceEntry(people)],
    )
    assert Notification.objects.filter(kind=activity_kinds.ACTIVITY_RECORDED).count() == 2


def test_recording_an_old_activity_tells_nobody(court, types, people):
    record(court, types, start=at("2026-01-09"), attendance=[AttendanceEntry(court.member_a)])
    assert not Notification.objects.exists()


def test_a_job_run_after_the_session_began_sends_nothing_for_it(series, time_machine):
    time_machine.move_to(at("2026-03-13", "15:00"), tick=False)
    assert send_study_day_reminders(today="2026-03-13") == 0


def test_planning_the_study_day_costs_the_same_queries_for_one_branch_or_many(
    court, types, time_machine
):
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)

    def add_branches(count):
        for i in range(count):
            branch = make_organisation(court.committee, name=f"支部{count}-{i}")
            lead = make_member(branch, name=f"领学{count}-{i}")
            make_member(branch)
            series = rota.series_create(
                branch=branch,
                name="理论日",
                activity_type=types["study_day"],
                weekday=ActivitySeries.Weekday.FRIDAY,
                start_time=datetime.time(14, 30),
            )
            rota.rota_leads_set(series=series, members=[lead])
            rota.rota_plan(series=series, start=D(2026, 3, 9), weeks=1, by=None)

    def queries():
        plan_study_day([D(2026, 3, 13)])  # warm the holiday cache
        with CaptureQueriesContext(connection) as captured:
            planned = plan_study_day([D(2026, 3, 13)])
        return len(captured), len(planned)

    add_branches(1)
    small, one = queries()
    add_branches(5)
    large, six = queries()
    assert (one, six) == (2, 12)  # members' reminder and lead's note per session
    assert small == large
