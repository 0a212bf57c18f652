"""The pages every Excel import uses: upload → preview → confirm → the job's progress.

The upload is bounded before it is parsed (branches/xlsx.py `check_upload`: size,
unpacked size, rows and columns, stated on the page) and previewed in the request (every
error by row and column, or a summary of the changes and a confirm button); only a file
without errors is stored, under a token that belongs to the user. Confirming turns the
stored file into an ImportJob and queues the app's Celery task (branches/import_jobs.py)
and answers at once with a redirect to the job's page, which shows the rows done while
the worker imports all or nothing, then the result or the errors. The page refreshes
itself with htmx, or with a meta refresh without JavaScript.

The member import (branches) and the activity import (activities) differ only in what
they preview, which task imports, and what the result says.
"""

from collections.abc import Callable
from pathlib import PurePosixPath
from types import SimpleNamespace

from django import forms
from django.contrib import messages
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import import_jobs, uploads, xlsx
from branches.models import BranchesError, ImportJob

JOB_FOLDER = "imports/jobs"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.XLSX}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = limits_text(xlsx.limits())

    def clean_file(self):
        file = self.cleaned_data["file"]
        xlsx.check_upload(file)
        return file


def limits_text(bound: xlsx.Limits) -> str:
    return _(
        "An .xlsx workbook laid out like the template: at most %(megabytes)s MB "
        "(%(unpacked)s MB unpacked), %(rows)s rows and %(columns)s columns; blank rows count."
    ) % {
        "megabytes": bound.megabytes,
        "unpacked": bound.unpacked_megabytes,
        "rows": bound.rows,
        "columns": bound.columns,
    }


class ImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)


def import_page(request, *, template: str, kind: str, preview: Callable, task, job_url: str):
    """Run the upload or the confirm step of an import.

    `preview(user=, file=)` returns a preview with `ok`, `changes` and `errors`; confirming
    creates an ImportJob of `kind`, queues `task` with its id and redirects to the page
    named `job_url` (which takes the job's id).
    """

    def page(form, result=None, token=None, name=""):
        return render(
            request,
            template,
            {"form": form, "preview": result, "token": token, "file_name": name},
        )

    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            raise Http404
        name = xlsx.upload_name(user=request.user, token=confirm.cleaned_data["token"])
        if name is None:
            raise Http404
        job_name = str(PurePosixPath(JOB_FOLDER, f"{confirm.cleaned_data['token']}.xlsx"))
        with xlsx.upload_open(name=name) as stored:
            job_name = default_storage.save(job_name, File(stored))
        xlsx.upload_discard(name=name)  # the token is good once
        job = import_jobs.import_job_create(
            user=request.user,
            kind=kind,
            stored_name=job_name,
            file_name=uploads.clean_name(confirm.cleaned_data["name"] or "import.xlsx"),
            task=task,
        )
        return redirect(job_url, job.pk)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return page(form)
    file = form.cleaned_data["file"]
    result = preview(user=request.user, file=file)
    token = (
        xlsx.upload_store(user=request.user, file=file) if result.ok and result.changes else None
    )
    return page(ImportUploadForm(), result, token, uploads.clean_name(file.name))


def import_job_page(
    request,
    job_id,
    *,
    kind: str,
    task,
    title: str,
    import_url: str,
    results: Callable[[dict], list[tuple[str, int]]],
    links: list[tuple[str, str]],
):
    """The page of one import job, for the user who confirmed it (others get 404).

    GET shows the progress (or, for an htmx poll, only the progress card) and then the
    result: `results(job.result)` as (label, number) lines and `links` as (label, url).
    POST with "retry" queues a job again that stopped unexpectedly or is stuck.
    """
    job = get_object_or_404(ImportJob, pk=job_id, kind=kind, created_by=request.user)
    if request.method == "POST":
        if "retry" in request.POST:
            try:
                import_jobs.import_job_retry(job=job, task=task)
            except BranchesError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The import has been queued again."))
        return redirect(request.path)
    done, total = import_jobs.import_job_progress(job)
    context = {
        "title": title,
        "job": job,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
        "results": results(job.result) if job.state == ImportJob.State.DONE else [],
        "links": links,
        "import_url": reverse(import_url),
        "can_retry": import_jobs.import_job_can_retry(job),
        "preview": SimpleNamespace(errors=import_jobs.import_job_errors(job)),
    }
    if request.htmx:
        return render(request, "branches/_import_job.html", context)
    return render(request, "branches/import_job.html", context)
