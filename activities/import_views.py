"""Pages for the Excel import of past activities and the export of the activity list.

Import (branch leaders and committee staff; others get 404): upload → preview with every
error by row and column → confirm, which records the stored file all or nothing.
Export (whoever sees the list): the list's activities, filtered as on the list page,
as a workbook with the import's columns.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from activities import exporting, importing, selectors
from activities.forms import ActivityFilterForm
from branches import xlsx

TEMPLATE = "activities/activity_import.html"


class ActivityImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        help_text=gettext_lazy("An .xlsx workbook of at most 5 MB laid out like the template."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{xlsx.XLSX}"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        xlsx.check_upload(file)
        return file


class ActivityImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)


def _require_importer(user) -> None:
    """The import does not exist for those who may not use it."""
    if not user.has_perm("activities.import_activities"):
        raise Http404


def _page(request, *, form, preview=None, token=None):
    return render(request, TEMPLATE, {"form": form, "preview": preview, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request):
    _require_importer(request.user)
    if request.method == "POST" and "token" in request.POST:
        return _activity_import_confirm(request)
    form = ActivityImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form=form)
    file = form.cleaned_data["file"]
    preview = importing.activity_import_preview(user=request.user, file=file)
    token = None
    if preview.ok and preview.changes:
        token = xlsx.upload_store(user=request.user, file=file)
    return _page(request, form=ActivityImportForm(), preview=preview, token=token)


def _activity_import_confirm(request):
    confirm = ActivityImportConfirmForm(request.POST)
    if not confirm.is_valid():
        raise Http404
    name = xlsx.upload_name(user=request.user, token=confirm.cleaned_data["token"])
    if name is None:
        raise Http404
    try:
        with xlsx.upload_open(name=name) as file:
            preview = importing.activity_import_commit(user=request.user, file=file)
    except importing.ActivityImportError as exc:
        xlsx.upload_discard(name=name)  # the errors card says what to fix; upload again
        return _page(request, form=ActivityImportForm(), preview=exc.preview)
    xlsx.upload_discard(name=name)
    messages.success(
        request,
        _("Import finished: %(new)s activities recorded, %(unchanged)s already in the portal.")
        % {"new": preview.new_count, "unchanged": preview.unchanged_count},
    )
    return redirect("activities:list")


@login_required
@require_GET
def activity_import_template(request):
    _require_importer(request.user)
    content = exporting.activity_import_template(user=request.user)
    return xlsx.xlsx_response(content, _("activity import template.xlsx"))


@login_required
@require_GET
def activity_export(request):
    form = ActivityFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()  # an invalid filter is ignored, as on the list page
    activities = selectors.activity_list(request.user, **form.filters())
    content = exporting.activities_export(activities=activities)
    filename = _("activities %(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx.xlsx_response(content, filename)
