"""Issue 14, build 2: the rota runs itself.

A daily job keeps each scheduled series planned ROTA_WEEKS_AHEAD weeks ahead, with leads
that default to the branch's full members; activities installs the job's periodic task
itself (post_migrate), keeping an admin's changes; the demo court's series are planned
from today, so `reminders_plan` lists study reminders on working Fridays.
"""

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_celery_beat.models import PeriodicTask

from activities import rota
from activities.apps import PERIODIC_TASKS
from activities.models import Activity, ActivitySeries
from activities.tasks import plan_rotas
from notices.calendar import is_working_day
from notices.schedules import install_default_schedules
from tests.activities.conftest import NOW
from tests.demo import analyze, vacuum

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = NOW.date()  # Friday 13 March 2026, 18:00: today's study is over
JOB = PERIODIC_TASKS[0].name


def weekly(court, types, **fields):
    values = {
        "name": "理论日",
        "activity_type": types["study_day"],
        "weekday": ActivitySeries.Weekday.FRIDAY,
        "start_time": datetime.time(14, 30),
        **fields,
    }
    return rota.series_create(branch=court.branch_a, **values)


def test_the_job_plans_each_scheduled_series_eight_weeks_ahead(
    court, types, branch_a_members, settings
):
    assert settings.ROTA_WEEKS_AHEAD == 8
    friday = weekly(court, types)
    monthly = weekly(
        court,
        types,
        name="微党课",
        cadence=ActivitySeries.Cadence.MONTHLY,
        week_of_month=ActivitySeries.WeekOfMonth.LAST,
        weekday=ActivitySeries.Weekday.WEDNESDAY,
    )
    weekly(court, types, name="停办的学习", is_active=False)

    created = plan_rotas(today=TODAY.isoformat())

    fridays = list(friday.activities.order_by("start"))
    days = [a.start.astimezone(NOW.tzinfo).date() for a in fridays]
    # the eight weeks from today: today's session is over, so the Fridays 20 March – 1 May
    expected = [D(2026, 3, 20) + datetime.timedelta(weeks=n) for n in range(7)]
    assert days == [day for day in expected if is_working_day(day)]
    assert D(2026, 5, 1) not in days  # Labour Day
    assert all(a.state == Activity.State.PLANNED for a in fridays)
    # the leads rotate through the branch's full members by employee number
    full = sorted(branch_a_members, key=lambda m: m.employee_number)
    assert [a.lead for a in fridays] == (full * 2)[: len(fridays)]
    assert [a.start.date() for a in monthly.activities.order_by("start")] == [
        D(2026, 3, 25),
        D(2026, 4, 29),
    ]
    assert created == len(fridays) + 2
    assert not ActivitySeries.objects.get(name="停办的学习").activities.exists()

    assert plan_rotas(today=TODAY.isoformat()) == 0  # a second run adds nothing


def test_the_job_keeps_leads_the_secretary_set(court, types, branch_a_members):
    series = weekly(court, types)
    chosen = [branch_a_members[3], branch_a_members[1]]
    rota.rota_leads_set(series=series, members=chosen)
    rota.rota_plan_ahead(today=TODAY, weeks=4)  # 20 March – 3 April
    leads = [a.lead for a in series.activities.order_by("start")]
    assert leads == [chosen[0], chosen[1], chosen[0]]


def test_the_periodic_task_is_installed_once_and_an_admins_changes_are_kept(db):
    task = PeriodicTask.objects.get(name=JOB)
    assert task.task == "activities.plan_rotas"
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("2", "15")

    task.enabled = False
    task.crontab.hour = "3"
    task.crontab.save()
    task.save()
    install_default_schedules(PERIODIC_TASKS)
    assert PeriodicTask.objects.filter(name=JOB).count() == 1
    task.refresh_from_db()
    assert not task.enabled and task.crontab.hour == "3"

    task.delete()
    install_default_schedules(PERIODIC_TASKS)
    assert PeriodicTask.objects.get(name=JOB).enabled


def test_notices_does_not_install_the_rota_job():
    from pathlib import Path

    import notices

    folder = Path(notices.__file__).parent
    assert not any("plan_rotas" in p.read_text() for p in folder.rglob("*.py"))


# --- the demo court, seeded once for the tests below --------------------------------------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A fresh seed on Friday 13 March 2026 (rolled back after the module)."""
    with django_db_blocker.unblock():
        vacuum()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(NOW, tick=False):
                call_command("seed_demo", stdout=io.StringIO())
                analyze()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_demo_series_with_a_schedule_is_planned_for_the_next_eight_weeks(demo):
    scheduled = [s for s in ActivitySeries.objects.all() if rota.has_schedule(s)]
    assert scheduled
    first_court = scheduled[0].branch.path[:4]
    for series in scheduled:
        if not series.branch.path.startswith(first_court):
            continue
        entries = rota.rota_preview(series, TODAY, 8)
        assert not [e for e in entries if e.is_new], series  # nothing left to plan
        planned = [e for e in entries if e.is_planned]
        assert len(planned) >= 6
        assert all(e.lead is not None for e in planned)
        assert series.rota_leads.exists()


def test_reminders_plan_lists_study_reminders_on_working_fridays_only(demo):
    out = io.StringIO()
    last = TODAY + datetime.timedelta(weeks=16)
    call_command(
        "reminders_plan",
        "--from",
        TODAY.isoformat(),
        "--to",
        last.isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    reminders = json.loads(out.getvalue())["reminders"]
    study = {D.fromisoformat(r["date"]) for r in reminders if r["kind"] == "study_day"}
    assert len(study) >= 6
    assert all(day.weekday() == 4 and is_working_day(day) for day in study)
    assert D(2026, 3, 20) in study


def test_the_demo_has_a_branch_with_a_cadence_gap_this_quarter(demo):
    from activities.compliance import compliance_for, compliance_gaps
    from branches.models import Organisation

    branch = Organisation.objects.filter(department="执行二庭").order_by("path").first()
    gaps = compliance_gaps(branch, TODAY)
    assert {gap.rule for gap in gaps} >= {"支部委员会会议", "党课"}
    assert all(gap.period == "2026-Q1" for gap in gaps)
    # this year's compliance shows it: February's committee meeting is a gap
    [result] = compliance_for([branch], year=2026, until=TODAY)
    assert result.by_code["committee_meeting"].gaps >= 1


def test_the_demo_study_day_shows_in_compliance(demo):
    from activities.compliance import compliance_for, working_weekdays
    from branches.models import Organisation

    branch = Organisation.objects.filter(department="民一庭").order_by("path").first()
    [result] = compliance_for([branch], year=2026, period_kind="month", until=TODAY)
    study = result.by_code["study_day"]
    assert study.weekday == 4
    january = study.periods[0]
    assert january.required == working_weekdays(2026, 1, 4) == 4  # 2 January is a day off
    assert 3 <= january.held <= 4  # a busy week now and then
