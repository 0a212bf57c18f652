"""Celery tasks of the points app: the reminder job of points/reminders.py.

Thin: a date in (ISO, default today), the job run through the registry of
notices/reminders.py. Scheduled by django-celery-beat (default in points/reminders.py
SCHEDULES, installed after migrate). Safe to run twice (dedupe keys).
"""

from celery import shared_task

from notices.tasks import ReminderJob, run_job


@shared_task(name="points.send_claim_reminders", base=ReminderJob)
def send_claim_reminders(today: str | None = None) -> int:
    """Secretaries of claims pending more than N working days (daily 09:30, working days)."""
    return run_job("claim_pending", today)
