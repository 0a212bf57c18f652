"""Excel imports as background jobs: queued on confirm, run once in a Celery worker.

Confirming an import (branches/import_page.py) creates an ImportJob for the checked,
stored file and queues the app's task after the commit (`import_job_create`); the user
is sent to the job's page, which shows the rows done of the total while it runs and then
the result or the errors. Each app's task (branches.tasks.import_members,
activities.tasks.import_activities) calls `import_job_run` with its commit function.

Guarantees:
* All or nothing: the whole import runs in one transaction, and the same transaction
  marks the job done. A worker killed mid-import commits nothing; the job stays
  "running" and the redelivered task (acks_late) or the user's "try again" runs it again.
* Exactly once: the job is claimed with a conditional update (only a queued or running
  job), then locked (SELECT … FOR UPDATE) inside the import's transaction and re-read; a
  job already done does nothing, and a second delivery of the same task waits for the
  first one's lock and then finds the job done.
* Progress is written outside that transaction, to the "imports" cache (Redis in
  production, files under var/ with `make run`), so the page sees it while it runs.

Tests only: settings.IMPORT_JOB_PAUSE = (rows, folder) makes the job stop after that many
rows, create folder/paused and wait until folder/resume exists (tests/integration kills
the worker at that point).
"""

import datetime
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import BranchesError, ImportJob
from branches.xlsx import RowError

logger = logging.getLogger(__name__)

State = ImportJob.State
# A queued or running job with no end this long after it started may be run again by its user.
STALE_AFTER = datetime.timedelta(minutes=30)
PROGRESS_TIMEOUT = 2 * 24 * 3600


def _progress_key(job_id) -> str:
    return f"import-job:{job_id}"


def _cache():
    return caches["imports"]


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in total) of a job: live from the cache while it runs."""
    if job.state == State.RUNNING:
        done, total = _cache().get(_progress_key(job.pk), (0, job.rows_total))
        return done, total
    return job.rows_done, job.rows_total


def import_job_errors(job: ImportJob) -> list[RowError]:
    return [RowError(error["row"], error["column"], error["message"]) for error in job.errors]


def import_job_can_retry(job: ImportJob, *, now=None) -> bool:
    """A job that stopped unexpectedly (not for errors in the file), or seems stuck."""
    now = now or timezone.now()
    if job.state == State.FAILED:
        return bool(job.result.get("crashed"))
    if job.state in (State.QUEUED, State.RUNNING):
        return (job.started or job.created) < now - STALE_AFTER
    return False


def _queue(job: ImportJob, task) -> None:
    job_id = str(job.pk)
    queue = getattr(settings, "IMPORTS_QUEUE", None)
    transaction.on_commit(lambda: task.apply_async(args=[job_id], queue=queue))


@transaction.atomic
def import_job_create(*, user, kind: str, stored_name: str, file_name: str, task) -> ImportJob:
    """Record a confirmed import of the stored file and queue `task` after the commit."""
    job = ImportJob.objects.create(
        kind=kind, file=stored_name, file_name=file_name[:200], created_by=user
    )
    _queue(job, task)
    return job


@transaction.atomic
def import_job_retry(*, job: ImportJob, task) -> None:
    """Queue a job again that stopped unexpectedly or seems stuck (BranchesError otherwise)."""
    if not import_job_can_retry(job):
        raise BranchesError(_("This import cannot be started again."))
    claimed = (
        ImportJob.objects.filter(pk=job.pk, state=job.state)
        .exclude(state=State.DONE)
        .update(state=State.QUEUED, result={}, errors=[], finished=None)
    )
    if not claimed:
        raise BranchesError(_("This import cannot be started again."))
    _queue(job, task)


class _Progress:
    """The callback the commit functions call after each row: `progress(done, total)`."""

    def __init__(self, job_id):
        self.job_id, self.last = job_id, -1
        self.pause = getattr(settings, "IMPORT_JOB_PAUSE", None)

    def __call__(self, done: int, total: int) -> None:
        step = max(1, total // 100)
        pausing = self.pause is not None and done == self.pause[0]
        if done == 0 or done >= total or done - self.last >= step or pausing:
            _cache().set(_progress_key(self.job_id), (done, total), PROGRESS_TIMEOUT)
            self.last = done
        if pausing:
            self._wait(Path(self.pause[1]))

    @staticmethod
    def _wait(folder: Path) -> None:
        (folder / "paused").touch()
        pause = threading.Event()
        for _attempt in range(6000):  # at most 5 minutes
            if (folder / "resume").exists():
                return
            pause.wait(0.05)


def import_job_run(
    *,
    job_id,
    commit: Callable,
    error: type[Exception],
    summary: Callable[[object], dict],
) -> None:
    """Run a queued job (see the module's docstring); a finished job does nothing.

    `commit(user=, file=, progress=)` imports the file in the current transaction and
    returns its preview, or raises `error` carrying `.preview.errors`; `summary(preview)`
    is the result to keep (counts for the job's page).
    """
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        Q(pk=job_id), Q(state=State.QUEUED) | Q(state=State.RUNNING)
    ).update(state=State.RUNNING, started=now, attempts=F("attempts") + 1)
    if not claimed:
        return
    progress = _Progress(job_id)
    try:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(of=("self",))
                .select_related("created_by")
                .get(pk=job_id)
            )
            if job.state != State.RUNNING:
                return  # another delivery finished it while this one waited for the lock
            with default_storage.open(job.file, "rb") as file:
                preview = commit(user=job.created_by, file=file, progress=progress)
            total = len(preview.rows)
            ImportJob.objects.filter(pk=job_id).update(
                state=State.DONE,
                rows_total=total,
                rows_done=total,
                result=summary(preview),
                errors=[],
                finished=timezone.now(),
            )
    except error as exc:
        errors = [
            {"row": e.row, "column": e.column, "message": str(e.message)}
            for e in exc.preview.errors
        ]
        ImportJob.objects.filter(pk=job_id, state=State.RUNNING).update(
            state=State.FAILED, errors=errors, finished=timezone.now()
        )
        _discard(job_id)
        return
    except Exception:
        logger.exception("Import job %s stopped", job_id)
        ImportJob.objects.filter(pk=job_id, state=State.RUNNING).update(
            state=State.FAILED,
            result={"crashed": True},
            errors=[],
            finished=timezone.now(),
        )
        return
    _discard(job_id)


def _discard(job_id) -> None:
    """Forget the stored file of a finished job, and its progress."""
    job = ImportJob.objects.filter(pk=job_id).only("file").first()
    if job is not None and job.file:
        default_storage.delete(job.file)
    _cache().delete(_progress_key(job_id))
