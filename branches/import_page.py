"""The two-step page every Excel import uses: upload → preview → confirm.

The upload is checked and previewed (every error by row and column, or a summary of the
changes and a confirm button); only a file without errors is stored, under a token that
belongs to the user. Confirming re-reads that file and commits it all or nothing. The
member import (branches) and the activity import (activities) differ only in what they
preview, commit and say when done.
"""

from collections.abc import Callable

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from branches import xlsx


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        help_text=gettext_lazy("An .xlsx workbook of at most 5 MB laid out like the template."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.XLSX}"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        xlsx.check_upload(file)
        return file


class ImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)


def import_page(
    request,
    *,
    template: str,
    preview: Callable,
    commit: Callable,
    error: type[Exception],
    done: Callable,
):
    """Run one step of an import.

    `preview(user=, file=)` and `commit(user=, file=)` return a preview with `ok` and
    `changes`; `commit` raises `error` (carrying `.preview`) when the file no longer
    passes; `done(request, preview)` makes the response after a successful commit.
    """

    def page(form, result=None, token=None):
        return render(request, template, {"form": form, "preview": result, "token": token})

    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            raise Http404
        name = xlsx.upload_name(user=request.user, token=confirm.cleaned_data["token"])
        if name is None:
            raise Http404
        try:
            with xlsx.upload_open(name=name) as file:
                result = commit(user=request.user, file=file)
        except error as exc:
            xlsx.upload_discard(name=name)  # the errors card says what to fix; upload again
            return page(ImportUploadForm(), exc.preview)
        xlsx.upload_discard(name=name)
        return done(request, result)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return page(form)
    file = form.cleaned_data["file"]
    result = preview(user=request.user, file=file)
    token = (
        xlsx.upload_store(user=request.user, file=file) if result.ok and result.changes else None
    )
    return page(ImportUploadForm(), result, token)
