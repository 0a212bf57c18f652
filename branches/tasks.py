"""Celery tasks of the branches app: the member import, run as a background job.

Thin: the job's id in, branches.import_jobs.import_job_run does the rest (claims the job,
imports all or nothing, records progress and the result). Acknowledged late: a worker
that dies mid-import leaves the job to be run again, and running it twice imports once.
"""

from celery import shared_task

from branches import importing
from branches.import_jobs import import_job_run


def member_import_summary(preview) -> dict:
    return {
        "new": preview.new_count,
        "updated": preview.updated_count,
        "unchanged": preview.unchanged_count,
    }


@shared_task(name="branches.import_members", acks_late=True, reject_on_worker_lost=True)
def import_members(job_id: str) -> None:
    """Import a confirmed member file (branches.ImportJob)."""
    import_job_run(
        job_id=job_id,
        commit=importing.member_import_commit,
        error=importing.MemberImportError,
        summary=member_import_summary,
    )
