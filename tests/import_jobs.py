"""Run confirmed import jobs in the test's own process, as the worker would."""

from contextlib import contextmanager

from config.celery import app as celery_app


@contextmanager
def jobs_run_here(capture_on_commit_callbacks):
    """Inside: tasks queued after commit run eagerly when the block ends (in this process)."""
    celery_app.conf.task_always_eager = True
    try:
        with capture_on_commit_callbacks(execute=True):
            yield
    finally:
        celery_app.conf.task_always_eager = False
