"""E-mail fan-out in batches, with a real worker on Redis and a real SMTP server (a sink
on 127.0.0.1): N notifications become ceil(N / chunk) tasks, each sending its e-mails
over one SMTP connection, and every e-mail leaves exactly once."""

import math
import threading
import time

import pytest
from django.db import transaction

from branches.models import Organisation
from notices import kinds, outbox
from notices.models import Delivery
from notices.outbox import notify_many
from tests.factories import make_member, make_organisation
from tests.integration.smtp_sink import SMTPSink

pytestmark = pytest.mark.integration

RECIPIENTS = 25
CHUNK = 10


def wait_for(predicate, *, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(0.2)
    return predicate()


@pytest.fixture
def sink():
    started = SMTPSink().start()
    yield started
    started.stop()


@pytest.fixture
def smtp_env(sink, monkeypatch):
    """Real SMTP to the sink, in the environment the worker is started with."""
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(sink.port))


@pytest.fixture
def smtp_worker(smtp_env, celery_worker_factory, settings):
    """One worker on this test's queue (fixtures are set up in argument order: env first)."""
    settings.NOTICES_QUEUE = celery_worker_factory.queue
    worker = celery_worker_factory()
    yield worker
    worker.stop()
    if worker.process.stderr is not None:
        worker.process.stderr.close()


@pytest.fixture
def members(transactional_db):
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    branch = make_organisation(committee, Organisation.Kind.BRANCH, "民一庭党支部")
    people = []
    for number in range(RECIPIENTS):
        user = make_member(branch, name=f"党员{number}").user
        user.email = f"member{number}@court.example"
        user.save(update_fields=["email"])
        people.append(user)
    return people


def test_chunked_fan_out_one_smtp_connection_per_task_each_mail_once(
    smtp_worker, sink, members, monkeypatch
):
    monkeypatch.setattr(outbox, "DELIVERY_CHUNK", CHUNK)

    with transaction.atomic():
        written = notify_many(
            recipients=members,
            kind=kinds.INTEGRITY,
            title="节前廉洁提醒",
            body="国庆节将至，请严守廉洁纪律。",
            dedupe_key_for=lambda user: f"integrity:test:{user.pk}",
        )
    assert len(written) == RECIPIENTS

    emails = Delivery.objects.filter(channel=Delivery.Channel.EMAIL)
    assert wait_for(lambda: emails.filter(status=Delivery.Status.SENT).count() == RECIPIENTS)
    assert wait_for(lambda: len(sink.messages) == RECIPIENTS, timeout=10)

    # 25 notifications in chunks of 10: three tasks, three SMTP connections.
    assert sink.connections == math.ceil(RECIPIENTS / CHUNK)
    addresses = [recipient for _sender, to, _data in sink.messages for recipient in to]
    assert sorted(addresses) == sorted(user.email for user in members)  # each exactly once
    assert set(emails.values_list("attempts", flat=True)) == {1}
