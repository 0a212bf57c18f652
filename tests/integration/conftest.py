"""A real Celery worker, as a separate process, on the real Redis of `make test`."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """One `celery worker` process listening on a queue of its own."""

    def __init__(self, queue: str, env: dict):
        self.queue, self.env, self.process = queue, env, None

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool=solo", "--concurrency=1", "--loglevel=WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-Q", self.queue, "-n", f"{self.queue}@%h",
        ]  # fmt: skip
        log_dir = Path(settings.ARTIFACTS_DIR) / "workers"
        log_dir.mkdir(parents=True, exist_ok=True)
        with (log_dir / f"{self.queue}.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def kill(self):
        """Stop the process abruptly, as a crash would (SIGKILL)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_env(**extra) -> dict:
    """The environment of a worker process: the test database and Redis, plus `extra`."""
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_BROKER_URL,
        # The same folder for uploads as the test (each test has its own; tests/conftest.py).
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


@pytest.fixture
def celery_worker_factory(transactional_db):
    """Start workers on a queue unique to this test, pointing at the test database.

    `celery_worker_factory(**extra_env)` starts one more (extra settings in its environment).
    """
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "integration tests need Redis"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    workers = []

    def start(**extra_env) -> Worker:
        worker = Worker(queue, worker_env(**extra_env)).start()
        workers.append(worker)
        return worker

    start.queue = queue
    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def worker(celery_worker_factory, settings):
    """One worker on this test's queue, where notification deliveries are routed."""
    settings.NOTICES_QUEUE = celery_worker_factory.queue
    started = celery_worker_factory()
    yield started
    started.stop()
