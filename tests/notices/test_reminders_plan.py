"""`manage.py reminders_plan`: what the schedule will send, computed by the jobs' own code.

The acceptance tests of issue 6 read the JSON: Spring Festival 2026's integrity notice on
02-13 (Saturday 02-14 is an adjusted working day and counts), no study reminder on
2026-10-02 (National Day: the rota plans no session), and 2027's estimated Spring
Festival planned before the lunar new year.
"""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from activities import rota
from activities.models import ActivitySeries, ActivityType
from notices.models import Holiday
from tests.factories import make_member

pytestmark = pytest.mark.django_db

D = datetime.date
STUDY_MORNING = "reminders: study day (morning of the session)"
STUDY_DAY_BEFORE = "reminders: study day (working day before, option)"


def plan(*args) -> dict:
    out = io.StringIO()
    call_command("reminders_plan", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def new_year_2026(time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 1, 1, 0, 0)), tick=False)


@pytest.fixture
def study_rota_2026(new_year_2026, court):
    """Branch A's 理论日: every Friday 14:30–16:30, planned over 2026 by the rota."""
    leads = [court.secretary_a, court.member_a] + [
        make_member(court.branch_a, name=f"领学{i}") for i in range(2)
    ]
    series = rota.series_create(
        branch=court.branch_a,
        name="理论日",
        activity_type=ActivityType.objects.get(code="study_day"),
        weekday=ActivitySeries.Weekday.FRIDAY,
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 30),
        default_location="第三会议室",
    )
    rota.rota_leads_set(series=series, members=leads)
    rota.rota_plan(series=series, start=D(2026, 1, 1), weeks=52, by=court.secretary_a.user)
    return series


# --- acceptance ----------------------------------------------------------------------------
def test_2026_integrity_notice_before_spring_festival_is_on_february_13(study_rota_2026):
    reminders = plan("--from", "2026-01-01", "--to", "2026-12-31")["reminders"]

    spring = [
        r
        for r in reminders
        if r["kind"] == "integrity" and r["holiday"]["key"] == "spring_festival"
    ]
    assert len(spring) == 1
    assert spring[0]["date"] == "2026-02-13"
    assert spring[0]["time"] == "09:00"
    assert spring[0]["holiday"]["first_day"] == "2026-02-15"
    assert spring[0]["holiday"]["estimated"] is False
    # Every active member with a login: the court's four personas plus the two leads.
    assert spring[0]["audience_size"] == 6


def test_2026_has_no_study_reminder_on_national_day_but_one_every_other_planned_friday(
    study_rota_2026,
):
    reminders = plan("--from", "2026-01-01", "--to", "2026-12-31")["reminders"]

    study_days = {r["date"] for r in reminders if r["kind"] == "study_day"}
    assert "2026-10-02" not in study_days
    assert "2026-02-20" not in study_days  # 春节
    assert {"2026-09-18", "2026-10-09"} <= study_days
    assert len(study_days) == 46  # the 52 Fridays less six in holiday breaks
    assert all(datetime.date.fromisoformat(day).weekday() == 4 for day in study_days)
    october_9 = next(r for r in reminders if r["kind"] == "study_day" and r["date"] == "2026-10-09")
    assert october_9["time"] == "08:30"
    assert october_9["activity"]["place"] == "第三会议室"
    assert october_9["audience_size"] == 4  # branch A: the secretary, member_a, two more leads
    lead_note = next(
        r for r in reminders if r["kind"] == "study_lead" and r["date"] == "2026-10-09"
    )
    assert lead_note["audience_size"] == 1
    assert lead_note["activity"]["lead"] == october_9["activity"]["lead"]


def test_2027_spring_festival_is_estimated_around_the_lunar_new_year_and_planned_before_it(
    new_year_2026, court
):
    reminders = plan("--from", "2027-01-01", "--to", "2027-03-31", "--kind", "integrity")[
        "reminders"
    ]

    [spring] = [r for r in reminders if r["holiday"]["key"] == "spring_festival"]
    holiday = spring["holiday"]
    assert holiday["estimated"] is True
    assert holiday["source"] == "estimated"
    first_day = D.fromisoformat(holiday["first_day"])
    lunar_new_year = D(2027, 2, 6)
    assert first_day <= lunar_new_year <= D.fromisoformat(holiday["last_day"])
    assert abs((first_day - lunar_new_year).days) <= 2
    # Two working days before the first day off (Friday 02-05): Wednesday 02-03.
    assert spring["date"] == "2027-02-03"
    assert D.fromisoformat(spring["date"]) < first_day
    assert Holiday.objects.get(year=2027, key="spring_festival").source == "estimated"


# --- the schedule decides the days and the times ---------------------------------------------
def test_the_plan_follows_the_time_an_admin_gives_the_job(new_year_2026, court):
    task = PeriodicTask.objects.get(task="notices.send_integrity_notices")
    task.crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="10", timezone="Asia/Shanghai"
    )
    task.save()

    [spring] = plan("--from", "2026-02-01", "--to", "2026-02-28", "--kind", "integrity")[
        "reminders"
    ]
    assert (spring["date"], spring["time"]) == ("2026-02-13", "10:15")


def test_a_disabled_job_plans_nothing(new_year_2026, court):
    PeriodicTask.objects.filter(task="notices.send_integrity_notices").update(enabled=False)

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "reminders_plan",
        "--from=2026-02-01",
        "--to=2026-02-28",
        "--kind=integrity",
        stdout=out,
        stderr=err,
    )
    assert "0 reminder(s)." in out.getvalue()
    assert "integrity: no enabled schedule" in err.getvalue()


def test_with_both_study_schedules_on_the_day_before_one_is_listed_once(study_rota_2026):
    PeriodicTask.objects.filter(name=STUDY_DAY_BEFORE).update(enabled=True)

    reminders = plan("--from", "2026-10-01", "--to", "2026-10-16", "--kind", "study_day")[
        "reminders"
    ]

    # The session of Friday 10-09: Thursday 10-08 at 16:00; Friday 10-16: Thursday 10-15.
    members = [(r["date"], r["time"]) for r in reminders if r["kind"] == "study_day"]
    assert members == [("2026-10-08", "16:00"), ("2026-10-15", "16:00")]
    assert [r["kind"] for r in reminders].count("study_lead") == 2


def test_the_table_lists_each_reminder_with_its_audience(study_rota_2026):
    out = io.StringIO()
    call_command("reminders_plan", "--from=2026-02-09", "--to=2026-02-15", stdout=out)
    text = out.getvalue()

    assert "2026-02-13  09:00  integrity" in text
    assert "春节 2026" in text
    assert "2026-02-13  08:30  study_day" in text
    assert "reminder(s)." in text


def test_bad_arguments_are_refused(court):
    with pytest.raises(CommandError, match="Not a date"):
        call_command("reminders_plan", "--from=2026-13-01", "--to=2026-12-31")
    with pytest.raises(CommandError, match="before"):
        call_command("reminders_plan", "--from=2026-12-01", "--to=2026-01-31")
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("reminders_plan", "--from=2026-01-01", "--to=2026-01-31", "--kind=party")
