"""Celery tasks of the ledgers app: thin, idempotent, scheduled by django-celery-beat
(defaults installed by LedgersConfig.ready via notices.schedules)."""

import datetime

from celery import shared_task
from django.utils import timezone

from ledgers import services
from notices.tasks import ReminderJob, run_job


@shared_task(name="ledgers.send_task_reminders", base=ReminderJob)
def send_task_reminders(today: str | None = None, days_before: int = 3) -> int:
    """Periods due in N working days (assignees) and overdue ones (secretaries)."""
    return run_job("ledger_tasks", today, days_before=days_before)


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(name="ledgers.mark_overdue_periods")
def mark_overdue_periods(today: str | None = None) -> int:
    return services.periods_mark_overdue(today=_day(today))


@shared_task(name="ledgers.compute_assessments")
def compute_assessments(today: str | None = None) -> int:
    """The month before `today`: every branch's computed score (confirmed ones are kept)."""
    day = _day(today).replace(day=1) - datetime.timedelta(days=1)
    return len(services.assessments_compute(year=day.year, month=day.month))
