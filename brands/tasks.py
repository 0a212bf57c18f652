"""Celery task of the brands app: the innovation-round deadline reminders (brands/reminders.py).

Thin: a date in (ISO, default today), the job run through the registry of
notices/reminders.py. Safe to run twice (dedupe keys)."""

from celery import shared_task

from notices.tasks import ReminderJob, run_job


@shared_task(name="brands.send_innovation_reminders", base=ReminderJob)
def send_innovation_reminders(today: str | None = None) -> int:
    """Secretaries and reviewers, in the three days before a round's deadlines (daily 09:00)."""
    return run_job("innovation_deadline", today)
