"""Celery tasks of the notices app: thin wrappers around notices.outbox.

Both are safe to run twice: deliveries are claimed with a conditional update before
anything is sent (see notices/outbox.py).
"""

from celery import shared_task

from notices import outbox


@shared_task(name="notices.deliver_notification", bind=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> None:
    """Send one notification's pending e-mail/SMS; retry transient failures with backoff.

    The number of attempts is kept on each Delivery (at most outbox.MAX_ATTEMPTS), not
    by Celery, so a redelivered or re-queued task does not reset it.
    """
    retry_in = outbox.notification_deliver(notification_id=notification_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="notices.sweep_pending")
def sweep_pending(queue: str | None = None) -> int:
    """Queue again what is still undelivered (broker down at commit, lost task, dead worker).

    Installed by migration 0003 to run every 5 minutes. `queue`: where to send the
    deliveries (default settings.NOTICES_QUEUE).
    """
    return outbox.deliveries_sweep(queue=queue)
