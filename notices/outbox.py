"""The notifications outbox: write a notification with the event, deliver it after commit.

Any service of this app or a higher one tells a person something with `notify` (or many
people with `notify_many`), inside its own transaction::

    from notices.outbox import notify

    with transaction.atomic():
        claim = ...  # the event itself
        notify(
            recipient=claim.member.user,
            kind=CLAIM_DECIDED,  # a kind the calling app registered (notices/kinds.py)
            title=_("Your point claim was approved"),
            body=claim.summary,
            link=claim.get_absolute_url(),
            dedupe_key=f"claim-decided:{claim.pk}",
        )

How it stays reliable (DESIGN.md principle 2)
---------------------------------------------
* The `Notification` row and its `Delivery` rows (one per channel the recipient chose)
  are written in the caller's transaction: if the event rolls back, so does the message.
* `dedupe_key` is unique. Writing a key that exists writes nothing and returns nothing,
  so a job run twice, two beat processes, or a task redelivered after a crash notify
  once. The key must name the event *and* the recipient.
* After commit the notifications' ids are queued, in chunks of `DELIVERY_CHUNK`, for
  `notices.deliver_notifications`: one task per chunk, which sends the chunk's e-mails over
  one SMTP connection (a province's 30,000 notices are 150 tasks, not 30,000). If
  the broker is unreachable at that moment the error is logged and swallowed: the
  caller's work is already committed, and `notices.sweep_pending` (every 5 minutes)
  queues whatever is still pending.
* The task claims each delivery with a conditional UPDATE (pending → sending), so two
  workers, or a task queued twice, never send the same delivery twice. Transient errors
  (mail server, SMS gateway) are retried with exponential backoff, up to `MAX_ATTEMPTS`.
  A worker killed between sending and recording leaves the delivery 'sending'; after
  `STALE_SENDING` the sweep sends it again (the one case of at-least-once delivery).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from notices import channels, kinds
from notices.models import Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30  # then 60, 120, 240: the fifth attempt is about 7.5 minutes after the first
# A pending delivery this long past its due time was not queued (or its task was lost).
SWEEP_GRACE = datetime.timedelta(minutes=1)
# A delivery 'sending' this long was claimed by a worker that died before recording it.
STALE_SENDING = datetime.timedelta(minutes=10)
# The sweep does not queue the same delivery again within this time (a long queue is not lost).
REQUEUE_INTERVAL = datetime.timedelta(minutes=10)
# A retry queued with a countdown may arrive slightly early on a worker whose clock is ahead.
CLOCK_TOLERANCE = datetime.timedelta(seconds=5)
SWEEP_BATCH = 5000
# Seconds to wait for the broker when queueing after commit; the sweep covers a failure.
PUBLISH_TIMEOUT = 2
# Notifications per delivery task; their e-mails share one SMTP connection.
DELIVERY_CHUNK = 200

# What an unreachable broker raises when publishing (kombu wraps the transport's errors;
# the filesystem transport raises OSError).
BROKER_ERRORS = (OperationalError, OSError)

_CLAIMABLE_STATUSES = (Delivery.Status.PENDING, Delivery.Status.SENDING)


# --- Writing ----------------------------------------------------------------------------


def notify(
    *,
    recipient,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    dedupe_key: str,
) -> Notification | None:
    """Write one notification and its deliveries; None if `dedupe_key` was used before."""
    created = notify_many(
        recipients=[recipient],
        kind=kind,
        title=title,
        body=body,
        link=link,
        dedupe_key_for=lambda _user: dedupe_key,
    )
    return created[0] if created else None


def notify_many(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    dedupe_key_for: Callable[[object], str],
) -> list[Notification]:
    """Write one notification per recipient (users), in a fixed number of queries.

    `dedupe_key_for(user)` gives each recipient's key. Returns the notifications written
    now; recipients whose key exists already are left out. Runs in the caller's
    transaction (or its own when there is none) and queues delivery after commit.
    """
    _check(kind=kind, title=title, link=link)
    users = list({user.pk: user for user in recipients}.values())
    keys = {user.pk: dedupe_key_for(user) for user in users}
    if len(set(keys.values())) != len(keys):
        raise ValueError("Each recipient needs a dedupe key of its own.")
    if not users:
        return []

    with transaction.atomic():
        existing = set(
            Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
                "dedupe_key", flat=True
            )
        )
        fresh = [user for user in users if keys[user.pk] not in existing]
        if not fresh:
            return []
        now = timezone.now()
        # ON CONFLICT DO NOTHING: a concurrent writer of the same key wins quietly.
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=user.pk,
                    kind=kind,
                    title=title,
                    body=body,
                    link=link,
                    dedupe_key=keys[user.pk],
                    created=now,
                )
                for user in fresh
            ],
            ignore_conflicts=True,
        )
        by_user = {user.pk: user for user in fresh}
        notifications = list(
            Notification.objects.filter(dedupe_key__in=[keys[pk] for pk in by_user])
        )
        for notification in notifications:
            notification.recipient = by_user[notification.recipient_id]

        deliveries = _deliveries_for(notifications, kind=kind, now=now)
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        to_send = sorted(
            {d.notification_id for d in deliveries if d.status == Delivery.Status.PENDING}
        )
        if to_send:
            transaction.on_commit(functools.partial(deliveries_enqueue, notification_ids=to_send))
    order = {user.pk: i for i, user in enumerate(users)}
    notifications.sort(key=lambda n: order[n.recipient_id])
    return notifications


def _check(*, kind: str, title: str, link: str) -> None:
    if not kinds.is_registered(kind):
        raise ValueError(
            f"Unknown notification kind {kind!r}; register it with notices.kinds.register_kind."
        )
    if not title:
        raise ValueError("A notification needs a title.")
    # A path inside the portal only: the open view redirects to it.
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError(f"The link must be a path inside the portal, got {link!r}.")


def _deliveries_for(notifications, *, kind: str, now) -> list[Delivery]:
    """In-app (sent at once), plus e-mail and SMS where chosen and an address exists."""
    user_ids = [n.recipient_id for n in notifications]
    addresses = {
        pk: (email, phone)
        for pk, email, phone in get_user_model()
        .objects.filter(pk__in=user_ids)
        .values_list("pk", "email", "member__phone")
    }
    chosen = {
        user_id: (email, sms)
        for user_id, email, sms in NotificationPreference.objects.filter(
            user_id__in=user_ids, kind=kind
        ).values_list("user_id", "email", "sms")
    }
    defaults = (NotificationPreference.DEFAULT_EMAIL, NotificationPreference.DEFAULT_SMS)
    deliveries = []
    for notification in notifications:
        email, phone = addresses.get(notification.recipient_id, ("", ""))
        wants_email, wants_sms = chosen.get(notification.recipient_id, defaults)
        deliveries.append(
            Delivery(
                notification=notification,
                channel=Delivery.Channel.INAPP,
                status=Delivery.Status.SENT,
                attempts=1,
                due_at=now,
                sent_at=now,
            )
        )
        if wants_email and email:
            deliveries.append(
                Delivery(notification=notification, channel=Delivery.Channel.EMAIL, due_at=now)
            )
        if wants_sms and phone:
            deliveries.append(
                Delivery(notification=notification, channel=Delivery.Channel.SMS, due_at=now)
            )
    return deliveries


def deliveries_enqueue(*, notification_ids: list[int], queue: str | None = None) -> bool:
    """Queue `deliver_notifications` per chunk of ids; False (logged) when the broker is down.

    One task per `DELIVERY_CHUNK` notifications. Publishes over one fresh connection with
    a short timeout, so a dead broker costs the request at most a few seconds and never an
    error: the sweep queues them later. `queue` defaults to settings.NOTICES_QUEUE (None:
    Celery's default queue).
    """
    from notices.tasks import deliver_notifications

    queue = queue or settings.NOTICES_QUEUE
    options = {"queue": queue} if queue else {}
    app = deliver_notifications.app
    try:
        with app.connection_for_write(connect_timeout=PUBLISH_TIMEOUT) as connection:
            for chunk in chunked(notification_ids, DELIVERY_CHUNK):
                deliver_notifications.apply_async(
                    (chunk,),
                    connection=connection,
                    retry=True,
                    retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
                    **options,
                )
    except BROKER_ERRORS as exc:
        logger.warning(
            "Broker unreachable: %d notification(s) will be delivered by the sweep (%s: %s)",
            len(notification_ids),
            type(exc).__name__,
            exc,
        )
        return False
    return True


def chunked(items: list, size: int) -> list[list]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


# --- Delivering -----------------------------------------------------------------------


def notification_deliver(*, notification_id: int) -> int | None:
    """Send the due deliveries of one notification (see notifications_deliver)."""
    return notifications_deliver(notification_ids=[notification_id])


def notifications_deliver(*, notification_ids: list[int]) -> int | None:
    """Send the due deliveries of these notifications; what the delivery task runs.

    The e-mails of the batch go over one mail connection, opened at the first e-mail and
    closed at the end (or after a transient error, so the next e-mail reconnects).
    Returns the seconds after which a transiently failed delivery is due again (the
    task retries then), or None when nothing is left to retry. Notifications that no
    longer exist are ignored.
    """
    notifications = {
        n.pk: n
        for n in Notification.objects.select_related("recipient__member").filter(
            pk__in=notification_ids
        )
    }
    if not notifications:
        return None
    deliveries = (
        Delivery.objects.filter(notification_id__in=list(notifications))
        .filter(_claimable())
        .order_by("notification_id", "pk")
    )
    retry_in = None
    mail = _LazyMailConnection()
    try:
        with _asynchronous_commits():
            for delivery in deliveries:
                claimed_at = _claim(delivery)
                if claimed_at is None:
                    continue  # another worker has it
                notification = notifications[delivery.notification_id]
                wait = _send(delivery, notification, claimed_at, mail=mail)
                if wait is not None:
                    retry_in = wait if retry_in is None else min(retry_in, wait)
    finally:
        mail.close()
    return retry_in


@contextlib.contextmanager
def _asynchronous_commits():
    """PostgreSQL: the claims' and outcomes' commits do not wait for the disk (WAL flush).

    Each delivery is still claimed and recorded by its own committed UPDATE (visible to
    every worker at once, so nothing is sent twice); only a crash of the database server
    itself could lose the last fraction of a second of them, and a lost claim means at most
    a resend. Without the wait an e-mail costs about a quarter of the time (measured by
    hand at x100: README, "Performance"). Other databases: unchanged.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class _LazyMailConnection:
    """One SMTP connection for a batch, opened only when the batch has an e-mail."""

    def __init__(self):
        self.connection = None

    def get(self):
        if self.connection is None:
            self.connection = get_connection()
            self.connection.open()
        return self.connection

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


def _claimable(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=Delivery.Status.PENDING, due_at__lte=now + CLOCK_TOLERANCE) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_SENDING
    )


def _claim(delivery: Delivery) -> datetime.datetime | None:
    """Take the delivery for this worker: one conditional UPDATE, so only one can win."""
    now = timezone.now()
    won = (
        Delivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts)
        .filter(_claimable(now))
        .update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not won:
        return None
    delivery.status, delivery.claimed_at = Delivery.Status.SENDING, now
    delivery.attempts += 1
    return now


def _send(delivery: Delivery, notification: Notification, claimed_at, *, mail) -> int | None:
    """Send over the delivery's channel and record the outcome; seconds to retry, or None."""
    retry_in = None
    try:
        connection = mail.get() if delivery.channel == Delivery.Channel.EMAIL else None
        channels.send(delivery.channel, notification, connection=connection)
    except channels.ChannelSkipped as exc:
        outcome = {"status": Delivery.Status.SKIPPED, "last_error": str(exc)}
    except channels.TRANSIENT_ERRORS as exc:
        if delivery.channel == Delivery.Channel.EMAIL:
            mail.close()  # the next e-mail of the batch connects afresh
        error = _describe(exc)
        if delivery.attempts >= MAX_ATTEMPTS:
            logger.error(
                "Gave up delivering notification %s by %s after %d attempts: %s",
                notification.pk,
                delivery.channel,
                delivery.attempts,
                error,
            )
            outcome = {"status": Delivery.Status.FAILED, "last_error": error}
        else:
            retry_in = RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
            outcome = {
                "status": Delivery.Status.PENDING,
                "last_error": error,
                "due_at": timezone.now() + datetime.timedelta(seconds=retry_in),
            }
    except Exception as exc:  # a bug or bad data: retrying would fail the same way
        logger.exception(
            "Delivering notification %s by %s failed", notification.pk, delivery.channel
        )
        outcome = {"status": Delivery.Status.FAILED, "last_error": _describe(exc)}
    else:
        outcome = {"status": Delivery.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    # Only if the claim is still ours (not taken over as stale meanwhile).
    Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=claimed_at
    ).update(**outcome)
    return retry_in


def deliveries_retry(*, deliveries) -> int:
    """Give failed or skipped deliveries a fresh set of attempts (the admin's action)."""
    with transaction.atomic():
        retried = deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED])
        notification_ids = sorted(set(retried.values_list("notification_id", flat=True)))
        count = retried.update(
            status=Delivery.Status.PENDING, attempts=0, due_at=timezone.now(), requeued_at=None
        )
        if notification_ids:
            transaction.on_commit(
                functools.partial(deliveries_enqueue, notification_ids=notification_ids)
            )
    return count


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def deliveries_sweep(*, queue: str | None = None) -> int:
    """Queue every notification with an overdue delivery; returns how many were queued.

    Overdue: pending more than `SWEEP_GRACE` past its due time (its task was never
    queued, e.g. the broker was down at commit, or was lost), or 'sending' for more
    than `STALE_SENDING` (the worker died). A delivery the sweep queued is not queued
    again for `REQUEUE_INTERVAL`, so a long queue is not flooded with copies.
    """
    now = timezone.now()
    overdue = list(
        Delivery.objects.filter(
            Q(status=Delivery.Status.PENDING, due_at__lt=now - SWEEP_GRACE)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_SENDING)
        )
        .filter(Q(requeued_at__isnull=True) | Q(requeued_at__lt=now - REQUEUE_INTERVAL))
        .order_by("due_at")
        .values_list("pk", "notification_id")[:SWEEP_BATCH]
    )
    if not overdue:
        return 0
    notification_ids = sorted({notification_id for _pk, notification_id in overdue})
    if not deliveries_enqueue(notification_ids=notification_ids, queue=queue):
        return 0
    Delivery.objects.filter(pk__in=[pk for pk, _id in overdue]).update(requeued_at=now)
    logger.info("Sweep queued %d notification(s) again", len(notification_ids))
    return len(notification_ids)


# --- Reading ------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> bool:
    """Mark read; False if it was read already."""
    if notification.read_at is not None:
        return False
    now = timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now
    )
    notification.read_at = now
    return bool(changed)


def notifications_mark_all_read(*, user) -> int:
    """Mark all of a user's unread notifications read; returns how many."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


# --- Preferences ------------------------------------------------------------------------


def preferences_for(user) -> dict[str, tuple[bool, bool]]:
    """Each kind's (e-mail, SMS) choice, with the defaults for kinds never chosen."""
    defaults = (NotificationPreference.DEFAULT_EMAIL, NotificationPreference.DEFAULT_SMS)
    chosen = {
        kind: (email, sms)
        for kind, email, sms in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "email", "sms"
        )
    }
    return {kind: chosen.get(kind, defaults) for kind in kinds.codes()}


def preferences_save(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the (e-mail, SMS) choice of each kind given."""
    unknown = set(choices) - set(kinds.codes())
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    with transaction.atomic():
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=user, kind=kind, email=email, sms=sms)
                for kind, (email, sms) in choices.items()
            ],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["email", "sms"],
        )
