"""The integrity job on a real worker and Redis: run twice, and with the worker killed
(SIGKILL) in the middle of delivering its batch and restarted, every member has exactly
one notification, one delivery per channel, and one SMS accepted by the gateway.

How the kill is made deterministic: the worker's SMS backend (tests/integration/
reminder_sms.py) blocks on its fourth message until a file appears, after saying so in
another file; the test waits for that, then kills the worker. No sleeps.
"""

import datetime
from collections import Counter

import pytest
from celery.backends.redis import RedisBackend
from django.conf import settings as django_settings
from django.db.models import F

from branches.models import Organisation
from config.celery import app as celery_app
from notices import kinds
from notices.models import Delivery, Notification, NotificationPreference
from notices.tasks import send_integrity_notices, sweep_pending
from tests.factories import make_member, make_organisation
from tests.integration.conftest import Worker
from tests.integration.test_outbox_delivery import wait_for

pytestmark = pytest.mark.integration

Status = Delivery.Status
MEMBERS = 8
BLOCK_AT = 4  # the fourth SMS hangs until the worker is killed
SEND_DAY = "2026-02-13"  # two working days before Spring Festival 2026


class Gateway:
    """The files the worker's BarrierSMSBackend writes (see reminder_sms.py)."""

    def __init__(self, folder):
        self.folder = folder

    def block_at(self, attempt: int) -> None:
        (self.folder / "block_at").write_text(str(attempt))

    def is_blocked(self) -> bool:
        return (self.folder / "blocked").exists()

    def lines(self, name: str) -> list[str]:
        path = self.folder / name
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


@pytest.fixture
def gateway(tmp_path):
    return Gateway(tmp_path)


@pytest.fixture
def start_worker(celery_worker_factory, settings, gateway):
    """Start workers on this test's queue, delivering there with the barrier SMS backend."""
    queue = celery_worker_factory.queue
    settings.NOTICES_QUEUE = queue

    def start() -> Worker:
        return celery_worker_factory(
            NOTICES_QUEUE=queue,
            SMS_BACKEND="tests.integration.reminder_sms.BarrierSMSBackend",
            REMINDER_TEST_SMS_DIR=str(gateway.folder),
        )

    start.queue = queue
    yield start
    # Let a blocked SMS through before the workers are stopped (celery_worker_factory).
    (gateway.folder / "release").write_text("")


@pytest.fixture
def members(transactional_db):
    """Eight members with an e-mail address and a phone, who want integrity notices by SMS."""
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    branch = make_organisation(committee, Organisation.Kind.BRANCH, "民一庭党支部")
    people = []
    for i in range(MEMBERS):
        member = make_member(branch, name=f"党员{i}", phone=f"1390000{i:04d}")
        member.user.email = f"m{i}@court.example"
        member.user.save(update_fields=["email"])
        NotificationPreference.objects.create(
            user=member.user, kind=kinds.INTEGRITY, email=True, sms=True
        )
        people.append(member)
    return people


def run_job(queue: str):
    """Queue the job as beat would (for the day it sends), keeping its result."""
    return send_integrity_notices.apply_async(
        kwargs={"today": SEND_DAY}, queue=queue, ignore_result=False
    )


def result_of(sent, timeout=60):
    backend = RedisBackend(app=celery_app, url=django_settings.CELERY_BROKER_URL)
    return celery_app.AsyncResult(sent.id, backend=backend).get(timeout=timeout)


def test_a_rerun_and_a_worker_killed_mid_batch_send_each_member_one_notice(
    start_worker, members, gateway
):
    gateway.block_at(BLOCK_AT)
    first_worker = start_worker()

    # First run: the job writes the batch and queues its deliveries on the same worker,
    # which sends them one by one until the fourth SMS hangs.
    assert result_of(run_job(start_worker.queue)) == MEMBERS
    assert wait_for(gateway.is_blocked)
    first_worker.kill()

    assert Notification.objects.count() == MEMBERS
    [hung] = Delivery.objects.filter(status=Status.SENDING)
    assert hung.channel == Delivery.Channel.SMS
    assert Delivery.objects.filter(status=Status.PENDING).exists()  # the rest of the batch
    assert len(gateway.lines("sent.log")) == BLOCK_AT - 1

    # The job runs again (beat twice, or a rerun) while no worker is up; a new worker
    # starts and runs it (nothing new). The batch's deliveries were one chunk task
    # (outbox.DELIVERY_CHUNK), held by the killed worker until Redis's visibility timeout:
    # a minute after they were due, beat's sweep queues the rest of the batch again, and
    # the new worker delivers it. Make that minute pass.
    second_run = run_job(start_worker.queue)
    start_worker()
    assert result_of(second_run) == 0
    assert Delivery.objects.filter(status=Status.PENDING).exists()
    Delivery.objects.filter(status=Status.PENDING).update(
        due_at=F("due_at") - datetime.timedelta(minutes=2)
    )
    sweep_pending.apply_async(kwargs={"queue": start_worker.queue}, queue=start_worker.queue)
    assert wait_for(lambda: not Delivery.objects.filter(status=Status.PENDING).exists())

    # The killed worker's message waits for Redis's visibility timeout; ten minutes after
    # the claim, the sweep takes the stuck delivery over. Make those minutes pass.
    Delivery.objects.filter(pk=hung.pk).update(
        claimed_at=F("claimed_at") - datetime.timedelta(minutes=11)
    )
    sweep_pending.apply_async(kwargs={"queue": start_worker.queue}, queue=start_worker.queue)
    assert wait_for(lambda: not Delivery.objects.exclude(status=Status.SENT).exists())

    # Exactly one notification per member, one delivery per member and channel…
    for member in members:
        [notice] = Notification.objects.filter(recipient=member.user)
        assert notice.dedupe_key == f"integrity:2026-spring_festival:{member.user.pk}"
        channels = Counter(notice.deliveries.values_list("channel", flat=True))
        assert channels == {"inapp": 1, "email": 1, "sms": 1}
    # …and one SMS each accepted by the gateway: the hung one was never accepted, and was
    # sent once, by the worker that took it over.
    sent = Counter(gateway.lines("sent.log"))
    assert sent == Counter(member.phone for member in members)
    hung.refresh_from_db()
    assert hung.attempts == 2
