"""Celery tasks of the activities app: the reminder jobs of activities/reminders.py, the
study rota's planning job, and the activity import run as a background job
(branches/import_jobs.py).

Thin: a date in (ISO, default today), the job run through the registry of
notices/reminders.py. Scheduled by django-celery-beat (defaults in activities/reminders.py
SCHEDULES and activities/apps.py PERIODIC_TASKS, installed after migrate; editable under
"Periodic tasks"). Safe to run twice: every notification has a dedupe key, and planning
fills free slots only.
"""

import datetime

from celery import shared_task

from activities import importing
from branches.import_jobs import import_job_run
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


def activity_import_summary(preview) -> dict:
    return {"new": preview.new_count, "unchanged": preview.unchanged_count}


@shared_task(name="activities.import_activities", acks_late=True, reject_on_worker_lost=True)
def import_activities(job_id: str) -> None:
    """Record a confirmed activity file (branches.ImportJob), all or nothing, exactly once."""
    import_job_run(
        job_id=job_id,
        commit=importing.activity_import_commit,
        error=importing.ActivityImportError,
        summary=activity_import_summary,
    )


@shared_task(name="activities.plan_rotas", acks_late=True)
def plan_rotas(today: str | None = None, weeks: int | None = None) -> int:
    """Keep each scheduled series' sessions planned ROTA_WEEKS_AHEAD weeks ahead (daily)."""
    from activities.rota import rota_plan_ahead

    day = datetime.date.fromisoformat(today) if today else None
    return rota_plan_ahead(today=day, weeks=weeks)
