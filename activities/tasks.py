"""Celery tasks of the activities app: the reminder jobs of activities/reminders.py and the
study rota's planning job.

Thin: a date in (ISO, default today), the job run through the registry of
notices/reminders.py. Scheduled by django-celery-beat (the reminders installed by
notices/migrations/0006_reminder_schedules.py, the rota job by activities' own
post_migrate handler in activities/apps.py; editable under "Periodic tasks").
Safe to run twice: every notification has a dedupe key, and planning fills free slots only.
"""

import datetime

from celery import shared_task

from notices.tasks import ReminderJob, run_job


@shared_task(name="activities.send_study_day_reminders", base=ReminderJob)
def send_study_day_reminders(today: str | None = None, days_before: int = 0) -> int:
    """Members and lead of each planned study session (08:30 on the day by default)."""
    return run_job("study_day", today, days_before=days_before)


@shared_task(name="activities.send_theme_day_reminders", base=ReminderJob)
def send_theme_day_reminders(today: str | None = None) -> int:
    """Members of each planned theme party day, a few working days before it."""
    return run_job("theme_day", today)


@shared_task(name="activities.send_theme_day_warnings", base=ReminderJob)
def send_theme_day_warnings(today: str | None = None) -> int:
    """Secretaries of branches with no theme party day planned this month (the 20th)."""
    return run_job("theme_day_missing", today)


@shared_task(name="activities.send_cadence_warnings", base=ReminderJob)
def send_cadence_warnings(today: str | None = None) -> int:
    """Secretaries of branches whose quarter still lacks required meetings (the 5th)."""
    return run_job("cadence", today)


@shared_task(name="activities.plan_rotas", acks_late=True)
def plan_rotas(today: str | None = None, weeks: int | None = None) -> int:
    """Keep each scheduled series' sessions planned ROTA_WEEKS_AHEAD weeks ahead (daily)."""
    from activities.rota import rota_plan_ahead

    day = datetime.date.fromisoformat(today) if today else None
    return rota_plan_ahead(today=day, weeks=weeks)
