"""The reminder jobs' registry: jobs registered by the apps, the days and times their
schedules fire, and what a job sends being exactly what it plans."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from notices import kinds, reminders
from notices.models import Notification
from notices.reminders import PlannedReminder, ReminderKind, Schedule

pytestmark = pytest.mark.django_db

D = datetime.date


def crontab(**fields) -> CrontabSchedule:
    fields.setdefault("timezone", "Asia/Shanghai")
    return CrontabSchedule.objects.create(**fields)


def test_every_app_registers_its_jobs_with_a_scheduled_task():
    jobs = {kind.code: kind.task for kind in reminders.kinds()}
    assert jobs == {
        "integrity": "notices.send_integrity_notices",
        "study_day": "activities.send_study_day_reminders",
        "theme_day": "activities.send_theme_day_reminders",
        "theme_day_missing": "activities.send_theme_day_warnings",
        "cadence": "activities.send_cadence_warnings",
        "claim_pending": "points.send_claim_reminders",
        "ledger_tasks": "ledgers.send_task_reminders",
        "innovation_deadline": "brands.send_innovation_reminders",
    }
    # Each app installed an enabled schedule for each after migrate, with a description.
    for task in jobs.values():
        assert PeriodicTask.objects.filter(task=task, enabled=True).exclude(description="")


def test_an_unknown_job_is_named_in_the_error():
    with pytest.raises(LookupError, match="party"):
        reminders.get("party")


def test_a_monthly_schedule_fires_on_its_day_at_its_time():
    schedule = Schedule("x", crontab(minute="0", hour="9", day_of_month="5"), {})
    runs = schedule.runs(D(2026, 1, 1), D(2026, 3, 31))
    assert runs == {
        D(2026, 1, 5): datetime.time(9, 0),
        D(2026, 2, 5): datetime.time(9, 0),
        D(2026, 3, 5): datetime.time(9, 0),
    }


def test_day_of_week_and_day_of_month_must_both_match_as_in_celery():
    # Celery's day_of_week: 0 is Sunday. Fridays that are the 13th.
    schedule = Schedule("x", crontab(minute="0", hour="8", day_of_week="5", day_of_month="13"), {})
    assert list(schedule.runs(D(2026, 1, 1), D(2026, 12, 31))) == [
        D(2026, 2, 13),
        D(2026, 3, 13),
        D(2026, 11, 13),
    ]


def test_a_schedule_in_utc_is_shown_in_beijing_time():
    schedule = Schedule("x", crontab(minute="30", hour="0", timezone="UTC"), {})
    assert schedule.runs(D(2026, 3, 13), D(2026, 3, 13)) == {D(2026, 3, 13): datetime.time(8, 30)}


def test_a_job_sends_what_it_plans_and_nothing_twice(court):
    users = [court.member_a.user, court.member_b.user]

    def plan(days, *, greeting="你好"):
        return [
            PlannedReminder(
                kind=kinds.GENERAL,
                key=f"test:{day:%Y%m%d}",
                date=day,
                subject="测试",
                title=greeting,
                body="",
                audience_size=len(users),
                recipients=lambda: reminders.member_logins().filter(pk__in=[u.pk for u in users]),
            )
            for day in days
        ]

    reminders.register(ReminderKind(code="test", label="test", task="tests.job", plan=plan))
    try:
        task = PeriodicTask.objects.create(
            name="test job",
            task="tests.job",
            crontab=crontab(minute="0", hour="7"),
            kwargs='{"greeting": "早上好"}',
        )
        [planned] = reminders.reminders_plan(D(2026, 3, 13), D(2026, 3, 13), job="test")
        assert (planned.time, planned.title, planned.audience_size) == (
            datetime.time(7, 0),
            "早上好",
            2,
        )

        assert reminders.reminders_send(job="test", today=D(2026, 3, 13), greeting="早上好") == 2
        assert reminders.reminders_send(job="test", today=D(2026, 3, 13), greeting="早上好") == 0
        assert set(Notification.objects.values_list("recipient", "title")) == {
            (court.member_a.user.pk, "早上好"),
            (court.member_b.user.pk, "早上好"),
        }

        task.kwargs = '{"salutation": "x"}'
        task.save()
        with pytest.raises(ValueError, match="test job"):
            reminders.reminders_plan(D(2026, 3, 13), D(2026, 3, 13), job="test")
    finally:
        reminders._registry.pop("test")


def test_a_job_defaults_to_today_in_beijing(court, time_machine):
    seen = []

    def plan(days):
        seen.extend(days)
        return []

    reminders.register(ReminderKind(code="test", label="test", task="tests.job", plan=plan))
    try:
        # 2026-03-12 17:00 UTC is already Friday 03-13 in Beijing.
        time_machine.move_to(datetime.datetime(2026, 3, 12, 17, 0, tzinfo=datetime.UTC))
        reminders.reminders_send(job="test")
        assert seen == [D(2026, 3, 13)]
        assert timezone.localdate() == D(2026, 3, 13)
    finally:
        reminders._registry.pop("test")


def test_every_installed_periodic_task_names_a_task_the_worker_knows():
    from config.celery import app

    app.loader.import_default_modules()
    assert set(PeriodicTask.objects.values_list("task", flat=True)) <= set(app.tasks)
