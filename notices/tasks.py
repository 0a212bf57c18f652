"""Celery tasks of the notices app: thin wrappers around notices.outbox and the reminder jobs.

All are safe to run twice: deliveries are claimed with a conditional update before
anything is sent (see notices/outbox.py), and reminders have dedupe keys (see
notices/reminders.py).
"""

import datetime
import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from notices import outbox, reminders

logger = logging.getLogger(__name__)


@shared_task(name="notices.deliver_notification", bind=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> None:
    """Send one notification's pending e-mail/SMS; retry transient failures with backoff.

    The number of attempts is kept on each Delivery (at most outbox.MAX_ATTEMPTS), not
    by Celery, so a redelivered or re-queued task does not reset it.
    """
    retry_in = outbox.notification_deliver(notification_id=notification_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="notices.deliver_notifications", bind=True, max_retries=None)
def deliver_notifications(self, notification_ids: list[int]) -> None:
    """Send a chunk of notifications' pending e-mails/SMS, the e-mails over one connection.

    What the outbox queues (outbox.DELIVERY_CHUNK notifications per task). A retry runs
    the same chunk again: only the deliveries still pending and due are sent.
    """
    retry_in = outbox.notifications_deliver(notification_ids=notification_ids)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="notices.sweep_pending")
def sweep_pending(queue: str | None = None) -> int:
    """Queue again what is still undelivered (broker down at commit, lost task, dead worker).

    Installed by migration 0003 to run every 5 minutes. `queue`: where to send the
    deliveries (default settings.NOTICES_QUEUE).
    """
    return outbox.deliveries_sweep(queue=queue)


# --- Reminder jobs -------------------------------------------------------------------------


class ReminderJob(Task):
    """Base of the reminder jobs' tasks (here and in the tasks.py of each app that registers a job).

    A lost database connection is retried with exponential backoff (about 30 s, 1, 2, 4,
    8 minutes); what still fails is logged as given up. A retry, a redelivery after a
    worker crash (acks_late) or a second beat writes nothing twice: every notification of
    a reminder has a dedupe key.
    """

    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 30
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error(
            "Gave up on reminder job %s (args %s, kwargs %s): %s: %s",
            self.name,
            args,
            kwargs,
            type(exc).__name__,
            exc,
        )


def run_job(job: str, today: str | None, **options) -> int:
    """What each reminder task does: the job for `today` (ISO date; default: today)."""
    day = datetime.date.fromisoformat(today) if today else None
    return reminders.reminders_send(job=job, today=day, **options)


@shared_task(name="notices.send_integrity_notices", base=ReminderJob)
def send_integrity_notices(today: str | None = None) -> int:
    """The pre-holiday integrity notice (notices/integrity.py), daily at 09:00 by default."""
    return run_job("integrity", today)
