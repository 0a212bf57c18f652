"""The outbox: notify writes once per dedupe key, in the caller's transaction; the delivery
task sends each channel exactly once, retries what may work later and records what failed."""

import datetime
import logging
import socket

import pytest
from django.core import mail
from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from activities import notifications as activity_kinds
from config.celery import app as celery_app
from notices import kinds, outbox
from notices.channels import SMSError
from notices.models import Delivery, Notification, NotificationPreference
from notices.tasks import deliver_notification, sweep_pending
from tests.factories import make_member

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 13, 9, 0, tzinfo=datetime.UTC)
Channel = Delivery.Channel
Status = Delivery.Status


# --- SMS backends a court could plug in (SMS_BACKEND names a class) --------------------------

sent_sms: list[tuple[str, str]] = []


class RecordingSMSBackend:
    def send(self, phone: str, text: str) -> None:
        sent_sms.append((phone, text))


class DownGatewaySMSBackend:
    def send(self, phone: str, text: str) -> None:
        raise SMSError("gateway timed out")


class BrokenSMSBackend:
    def send(self, phone: str, text: str) -> None:
        raise ValueError("bad gateway configuration")


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def portal(settings):
    settings.PORTAL_URL = "https://party.court.example"
    settings.SMS_BACKEND = "notices.channels.ConsoleSMSBackend"
    settings.NOTICES_QUEUE = None
    sent_sms.clear()


@pytest.fixture
def eager():
    """Queued tasks run at once in this process (no broker is touched)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def dead_broker():
    """Point the enqueue after commit at a port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    previous = celery_app.conf.get("broker_write_url")
    celery_app.conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    yield
    celery_app.conf.broker_write_url = previous


@pytest.fixture
def wang(court):
    """A member with an e-mail address and a mobile phone (13822223333)."""
    user = court.member_a.user
    user.email = "wang@court.example"
    user.save(update_fields=["email"])
    return user


def send(user, key="study:2026-03-13", kind=activity_kinds.STUDY_DAY, **fields):
    values = {
        "title": "周五理论学习日",
        "body": "今天14:30在党员活动室学习，领学人：李书记。",
        "link": "/activities/12/",
        **fields,
    }
    return outbox.notify(recipient=user, kind=kind, dedupe_key=f"{key}:{user.pk}", **values)


def deliveries(notification):
    return {d.channel: d for d in Delivery.objects.filter(notification=notification)}


def prefer(user, kind=activity_kinds.STUDY_DAY, *, email=True, sms=False):
    outbox.preferences_save(user=user, choices={kind: (email, sms)})


# --- notify ----------------------------------------------------------------------------------


def test_notify_twice_with_the_same_key_writes_one_notification_and_one_delivery_per_channel(
    wang,
):
    prefer(wang, sms=True)
    first = send(wang)
    second = send(wang, title="另一个标题")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=wang).count() == 1
    assert Delivery.objects.count() == 3
    found = deliveries(first)
    assert set(found) == {Channel.INAPP, Channel.EMAIL, Channel.SMS}
    assert found[Channel.INAPP].status == Status.SENT  # the inbox has it already
    assert found[Channel.EMAIL].status == Status.PENDING
    assert found[Channel.SMS].status == Status.PENDING


def test_notify_in_a_transaction_that_rolls_back_leaves_nothing_and_queues_nothing(
    wang, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send(wang)
        raise RuntimeError("the event failed")

    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert callbacks == []


def test_after_commit_the_notification_is_delivered_by_email(
    wang, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = send(wang)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang@court.example"]
    assert "周五理论学习日" in message.subject
    assert "领学人：李书记" in message.body
    assert "https://party.court.example/activities/12/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://party.court.example/activities/12/"' in html
    delivery = deliveries(notification)[Channel.EMAIL]
    assert delivery.status == Status.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at == NOW


def test_email_comes_from_the_default_sender(wang, settings):
    settings.DEFAULT_FROM_EMAIL = "党建平台 <party@court.example>"
    notification = send(wang)
    deliver_notification.apply(args=[notification.pk])
    assert mail.outbox[0].from_email == "党建平台 <party@court.example>"


def test_the_delivery_task_sends_the_email_once_even_when_it_runs_twice(wang):
    notification = send(wang)

    deliver_notification.apply(args=[notification.pk])
    deliver_notification.apply(args=[notification.pk])

    assert len(mail.outbox) == 1
    assert deliveries(notification)[Channel.EMAIL].attempts == 1


def test_a_delivery_claimed_by_another_worker_is_not_sent_again_until_it_is_stale(wang, clock):
    notification = send(wang)
    # Another worker claimed it and is sending (or died while sending).
    Delivery.objects.filter(notification=notification, channel=Channel.EMAIL).update(
        status=Status.SENDING, claimed_at=NOW, attempts=1
    )

    outbox.notification_deliver(notification_id=notification.pk)
    assert mail.outbox == []

    clock.move_to(NOW + outbox.STALE_SENDING + datetime.timedelta(seconds=1))
    outbox.notification_deliver(notification_id=notification.pk)
    assert len(mail.outbox) == 1
    email = deliveries(notification)[Channel.EMAIL]
    assert (email.status, email.attempts) == (Status.SENT, 2)


def test_the_delivery_task_returns_quietly_when_the_notification_is_gone(wang):
    notification = send(wang)
    pk = notification.pk
    notification.delete()

    result = deliver_notification.apply(args=[pk])

    assert result.successful()
    assert mail.outbox == []


def test_sms_goes_through_the_console_backend_when_chosen_and_the_member_has_a_phone(wang, caplog):
    prefer(wang, sms=True)
    notification = send(wang)

    with caplog.at_level(logging.INFO, logger="notices.channels"):
        deliver_notification.apply(args=[notification.pk])

    assert deliveries(notification)[Channel.SMS].status == Status.SENT
    logged = [r.getMessage() for r in caplog.records if r.name == "notices.channels"]
    assert logged == [
        "SMS to 138****3333: 【党建工作平台】周五理论学习日 今天14:30在党员活动室学习，领学人：李书记。"
    ]


def test_a_court_gateway_named_in_settings_receives_the_phone_and_text(wang, settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSMSBackend"
    prefer(wang, kind=kinds.INTEGRITY, email=False, sms=True)
    notification = send(wang, kind=kinds.INTEGRITY, key="integrity:2026-spring_festival")

    deliver_notification.apply(args=[notification.pk])

    assert sent_sms == [
        (
            "13822223333",
            "【党建工作平台】周五理论学习日 今天14:30在党员活动室学习，领学人：李书记。",
        )
    ]
    assert set(deliveries(notification)) == {Channel.INAPP, Channel.SMS}
    assert mail.outbox == []


def test_no_email_or_sms_delivery_without_an_address(court):
    user = court.member_b.user  # no e-mail address
    prefer(user, sms=True)
    user.member.phone = ""
    user.member.save(update_fields=["phone"])

    notification = send(user)

    assert set(deliveries(notification)) == {Channel.INAPP}


def test_a_login_without_a_member_profile_gets_no_sms(plain_user):
    plain_user.email = "zhang@court.example"
    plain_user.save(update_fields=["email"])
    prefer(plain_user, sms=True)

    notification = send(plain_user)

    assert set(deliveries(notification)) == {Channel.INAPP, Channel.EMAIL}


def test_an_address_removed_before_sending_marks_the_delivery_skipped(wang):
    notification = send(wang)
    wang.email = ""
    wang.save(update_fields=["email"])

    deliver_notification.apply(args=[notification.pk])

    email = deliveries(notification)[Channel.EMAIL]
    assert email.status == Status.SKIPPED
    assert email.last_error == "The recipient has no e-mail address."
    assert mail.outbox == []


def test_preferences_choose_the_channels_per_kind(wang):
    prefer(wang, kind=kinds.INTEGRITY, email=False, sms=True)

    integrity = send(wang, kind=kinds.INTEGRITY, key="integrity:2026-qingming")
    study = send(wang, kind=activity_kinds.STUDY_DAY)

    assert set(deliveries(integrity)) == {Channel.INAPP, Channel.SMS}
    assert set(deliveries(study)) == {Channel.INAPP, Channel.EMAIL}  # defaults


# --- failures --------------------------------------------------------------------------------


def test_a_transient_failure_is_recorded_and_retried_with_backoff_up_to_five_attempts(
    wang, settings, clock, caplog
):
    settings.SMS_BACKEND = f"{__name__}.DownGatewaySMSBackend"
    prefer(wang, email=False, sms=True)
    notification = send(wang)

    # In this process Celery runs the retry at once, ignoring its countdown: the claim
    # refuses it, as it refuses any early retry, so the backoff holds.
    deliver_notification.apply(args=[notification.pk])

    sms = deliveries(notification)[Channel.SMS]
    assert (sms.status, sms.attempts) == (Status.PENDING, 1)
    assert sms.last_error == "SMSError: gateway timed out"
    assert sms.due_at == NOW + datetime.timedelta(seconds=30)

    waits = []
    for _attempt in range(4):
        clock.move_to(sms.due_at)
        waits.append(outbox.notification_deliver(notification_id=notification.pk))
        sms.refresh_from_db()

    assert waits == [60, 120, 240, None]
    assert (sms.status, sms.attempts) == (Status.FAILED, 5)
    assert sms.last_error == "SMSError: gateway timed out"
    assert "Gave up delivering notification" in caplog.text


def test_an_error_that_cannot_heal_fails_the_delivery_at_once(wang, settings, caplog):
    settings.SMS_BACKEND = f"{__name__}.BrokenSMSBackend"
    prefer(wang, sms=True)
    notification = send(wang)

    assert outbox.notification_deliver(notification_id=notification.pk) is None

    found = deliveries(notification)
    assert (found[Channel.SMS].status, found[Channel.SMS].attempts) == (Status.FAILED, 1)
    assert found[Channel.SMS].last_error == "ValueError: bad gateway configuration"
    assert found[Channel.EMAIL].status == Status.SENT  # the other channel is not held up
    assert "Delivering notification" in caplog.text


def test_the_admin_can_send_failed_deliveries_again(
    wang, settings, eager, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = f"{__name__}.BrokenSMSBackend"
    prefer(wang, email=False, sms=True)
    notification = send(wang)
    outbox.notification_deliver(notification_id=notification.pk)
    settings.SMS_BACKEND = f"{__name__}.RecordingSMSBackend"

    with django_capture_on_commit_callbacks(execute=True):
        count = outbox.deliveries_retry(deliveries=Delivery.objects.all())

    assert count == 1
    sms = deliveries(notification)[Channel.SMS]
    assert (sms.status, sms.attempts, sms.last_error) == (Status.SENT, 1, "")
    assert len(sent_sms) == 1


# --- broker down and the sweep ---------------------------------------------------------------


def test_with_the_broker_down_the_event_commits_and_the_sweep_delivers_later(
    wang, dead_broker, django_capture_on_commit_callbacks, caplog, clock
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = send(wang)

    assert Notification.objects.filter(pk=notification.pk).exists()
    assert deliveries(notification)[Channel.EMAIL].status == Status.PENDING
    assert "Broker unreachable: 1 notification(s) will be delivered by the sweep" in caplog.text

    # The broker is back; a minute later the sweep finds the delivery.
    celery_app.conf.broker_write_url = None
    celery_app.conf.task_always_eager = True
    try:
        assert sweep_pending.apply().get() == 0  # not overdue yet
        clock.move_to(NOW + outbox.SWEEP_GRACE + datetime.timedelta(seconds=1))
        assert sweep_pending.apply().get() == 1
        assert sweep_pending.apply().get() == 0  # nothing left to send
    finally:
        celery_app.conf.task_always_eager = False

    assert len(mail.outbox) == 1
    assert deliveries(notification)[Channel.EMAIL].status == Status.SENT


def test_the_sweep_does_not_queue_the_same_delivery_again_within_ten_minutes(wang, eager, clock):
    notification = send(wang)  # its after-commit enqueue never ran (the test rolls back)
    # A minute after it was due, the sweep queued it; the queue is long, it has not run yet.
    Delivery.objects.filter(notification=notification, channel=Channel.EMAIL).update(
        requeued_at=NOW + datetime.timedelta(minutes=1)
    )

    clock.move_to(NOW + datetime.timedelta(minutes=6))
    assert outbox.deliveries_sweep() == 0
    clock.move_to(NOW + datetime.timedelta(minutes=12))
    assert outbox.deliveries_sweep() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_is_installed_as_a_periodic_task_every_five_minutes():
    task = PeriodicTask.objects.get(task="notices.sweep_pending")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (5, IntervalSchedule.MINUTES)


# --- notify_many -----------------------------------------------------------------------------


def make_users(court, n):
    users = []
    for i in range(n):
        member = make_member(court.branch_a, name=f"批量{i}")
        member.user.email = f"m{i}@court.example"
        member.user.save(update_fields=["email"])
        users.append(member.user)
    return users


@pytest.mark.parametrize("size", [3, 12])
def test_notify_many_costs_the_same_queries_at_any_size(court, size, django_assert_num_queries):
    users = make_users(court, size)
    prefer(users[0], kind=kinds.INTEGRITY, sms=True)

    with django_assert_num_queries(8):  # savepoint, 6 reads/writes, release
        created = outbox.notify_many(
            recipients=users,
            kind=kinds.INTEGRITY,
            title="节前廉政提醒",
            body="春节将至，请严守廉洁纪律。",
            link="",
            dedupe_key_for=lambda user: f"integrity:2026-spring_festival:{user.pk}",
        )

    assert [n.recipient for n in created] == users
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == size
    assert Delivery.objects.filter(channel=Channel.SMS).count() == 1


def test_notify_many_skips_the_recipients_notified_before(court):
    users = make_users(court, 3)

    def key(user):
        return f"cadence:2026-Q1:{user.pk}"

    outbox.notify(
        recipient=users[1],
        kind=activity_kinds.CADENCE,
        title="t",
        body="",
        dedupe_key=key(users[1]),
    )
    created = outbox.notify_many(
        recipients=users, kind=activity_kinds.CADENCE, title="t", body="", dedupe_key_for=key
    )

    assert [n.recipient for n in created] == [users[0], users[2]]
    assert Notification.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"link": "https://evil.example/"}, "path inside the portal"),
        ({"link": "//evil.example/"}, "path inside the portal"),
        ({"kind": "birthday"}, "Unknown notification kind"),
        ({"title": ""}, "needs a title"),
    ],
)
def test_notify_refuses_bad_input(wang, fields, message):
    with pytest.raises(ValueError, match=message):
        send(wang, **fields)


def test_notify_many_refuses_a_key_shared_by_two_recipients(court):
    users = make_users(court, 2)
    with pytest.raises(ValueError, match="dedupe key of its own"):
        outbox.notify_many(
            recipients=users,
            kind=kinds.GENERAL,
            title="t",
            body="",
            dedupe_key_for=lambda user: "same-for-all",
        )


def test_preferences_default_to_email_without_sms(wang):
    choices = outbox.preferences_for(wang)
    assert set(choices) == set(kinds.codes())
    assert set(choices.values()) == {(True, False)}
    assert not NotificationPreference.objects.exists()
