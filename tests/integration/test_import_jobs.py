"""A 2,000-row member import as a background job on a real Celery worker and Redis.

Confirming returns at once and the job's page shows the rows done; a worker killed
mid-import (SIGKILL, at a known row: the test-only IMPORT_JOB_PAUSE makes the job wait
there) writes nothing; running the task again completes it, and a further delivery
imports nothing twice.
"""

import threading
import time

import pytest
from celery.backends.redis import RedisBackend
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches import tasks
from branches.models import ImportJob, Member, User
from config.celery import app, ping
from tests.branches.conftest import _xlsx
from tests.branches.test_member_import import member_rows

pytestmark = pytest.mark.integration

ROWS = 2000
PAUSE_AT = 700


def wait_for(predicate, *, timeout: float = 180.0) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(0.2)
    return predicate()


@pytest.fixture
def pause_folder(tmp_path, monkeypatch):
    """Workers started after this wait at row PAUSE_AT until `resume` exists in the folder."""
    monkeypatch.setenv("IMPORT_JOB_PAUSE_ROWS", str(PAUSE_AT))
    monkeypatch.setenv("IMPORT_JOB_PAUSE_DIR", str(tmp_path))
    return tmp_path


def test_a_killed_import_writes_nothing_and_running_it_again_imports_once(
    pause_folder, celery_worker_factory, court, client, settings
):
    settings.IMPORTS_QUEUE = celery_worker_factory.queue
    client.force_login(court.staff.user)
    url = reverse("branches:member_import")
    content = _xlsx(member_rows(court, ROWS))
    response = client.post(url, {"file": SimpleUploadedFile("名册.xlsx", content)})
    assert response.context["preview"].new_count == ROWS
    members_before, users_before = Member.objects.count(), User.objects.count()
    worker = celery_worker_factory()

    response = client.post(url, {"token": response.context["token"], "name": "名册.xlsx"})

    # The request only queued the job: nothing is imported yet, the page shows it.
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response.url == reverse("branches:member_import_job", args=[job.pk])
    assert Member.objects.count() == members_before
    assert job.state in ("queued", "running")

    assert wait_for((pause_folder / "paused").exists), "the worker never reached the pause"
    page = client.get(response.url)
    assert page.context["job"].state == "running"
    assert (page.context["done"], page.context["total"]) == (PAUSE_AT, ROWS)
    assert f"已完成 {PAUSE_AT} / {ROWS} 行" in page.content.decode()
    assert 'http-equiv="refresh"' in page.content.decode()  # without JavaScript
    polled = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert "<html" not in polled.content.decode()

    worker.kill()  # mid-import, 700 rows written inside the uncommitted transaction

    assert (Member.objects.count(), User.objects.count()) == (members_before, users_before)
    job.refresh_from_db()
    assert (job.state, job.rows_done) == ("running", 0)

    # Running it again (as a redelivery would) completes it once.
    (pause_folder / "resume").touch()
    tasks.import_members.apply_async(args=[str(job.pk)], queue=celery_worker_factory.queue)
    celery_worker_factory()
    assert wait_for(lambda: ImportJob.objects.get().state == "done"), "the import never finished"
    job.refresh_from_db()
    assert (job.rows_done, job.rows_total, job.result["new"]) == (ROWS, ROWS, ROWS)
    assert Member.objects.count() == members_before + ROWS
    assert User.objects.count() == users_before + ROWS
    attempts = job.attempts

    # A further delivery of the same job finds it done and imports nothing.
    tasks.import_members.apply_async(args=[str(job.pk)], queue=celery_worker_factory.queue)
    sent = ping.apply_async(queue=celery_worker_factory.queue)  # answered after the duplicate
    backend = RedisBackend(app=app, url=settings.CELERY_BROKER_URL)
    assert app.AsyncResult(sent.id, backend=backend).get(timeout=120) == "pong"
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("done", attempts)
    assert Member.objects.count() == members_before + ROWS

    page = client.get(response.url).content.decode()
    assert 'id="import-result"' in page and reverse("branches:member_list") in page
