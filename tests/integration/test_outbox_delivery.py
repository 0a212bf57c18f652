"""The outbox with a real Celery worker on the real Redis: a notification written in a
committed transaction is delivered by the worker; with the broker unreachable at commit
the event still commits, and the sweep delivers it once the broker is back."""

import datetime
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.db.models import F

from activities import notifications as activity_kinds
from config.celery import app as celery_app
from notices.models import Delivery, Notification
from notices.outbox import notify
from notices.tasks import sweep_pending
from tests.factories import make_member

pytestmark = pytest.mark.integration

Status = Delivery.Status


def wait_for(predicate, *, timeout: float = 60.0) -> bool:
    """Poll `predicate` until it holds or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(0.2)
    return predicate()


@contextmanager
def broker_unreachable():
    """Publish from this process to a port where nothing listens: the broker is down.

    The enqueue after commit opens its connection with the app's write URL, so this
    really connects and really fails (connection refused); the worker, a separate
    process, stays connected to Redis.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    previous = celery_app.conf.get("broker_write_url")
    celery_app.conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    try:
        yield
    finally:
        celery_app.conf.broker_write_url = previous


@pytest.fixture
def recipient(transactional_db):
    from branches.models import Organisation
    from tests.factories import make_organisation

    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    branch = make_organisation(committee, Organisation.Kind.BRANCH, "民一庭党支部")
    user = make_member(branch, name="王党员").user
    user.email = "wang@court.example"
    user.save(update_fields=["email"])
    return user


def email_status(notification) -> str:
    return Delivery.objects.get(notification=notification, channel=Delivery.Channel.EMAIL).status


def record_event(user, key):
    """What a service does: its own change and the notification, in one transaction."""
    with transaction.atomic():
        return notify(
            recipient=user,
            kind=activity_kinds.STUDY_DAY,
            title="周五理论学习日",
            body="今天14:30在党员活动室学习，领学人：李书记。",
            link="/activities/12/",
            dedupe_key=f"{key}:{user.pk}",
        )


def test_a_real_worker_delivers_a_committed_notification(worker, recipient):
    notification = record_event(recipient, "study:2026-03-13")

    assert wait_for(lambda: email_status(notification) == Status.SENT)
    email = Delivery.objects.get(notification=notification, channel=Delivery.Channel.EMAIL)
    assert email.attempts == 1
    assert email.sent_at is not None


def test_with_the_broker_down_the_event_commits_and_the_sweep_delivers_it_later(
    worker, recipient, caplog
):
    with broker_unreachable():
        notification = record_event(recipient, "integrity:2026-qingming")

    # The caller's transaction committed; nothing reached the worker.
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert email_status(notification) == Status.PENDING
    assert "Broker unreachable" in caplog.text

    # The broker is back. A minute after the delivery was due, beat's sweep runs
    # (sent here to the test's worker, as beat would send it to the default queue).
    Delivery.objects.filter(notification=notification).update(
        due_at=F("due_at") - datetime.timedelta(minutes=2)
    )
    sweep_pending.apply_async(kwargs={"queue": worker.queue}, queue=worker.queue)

    assert wait_for(lambda: email_status(notification) == Status.SENT)
    assert (
        Delivery.objects.get(notification=notification, channel=Delivery.Channel.EMAIL).attempts
        == 1
    )
