"""Pages for the Excel import of past activities and the export of the activity list.

Import (branch leaders and committee staff; others get 404): upload → preview with every
error by row and column → confirm, which records the stored file all or nothing.
Export (whoever sees the list): the list's activities, filtered as on the list page,
as a workbook with the import's columns.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities import exporting, importing, selectors
from activities.forms import ActivityFilterForm
from branches import xlsx
from branches.import_page import import_page


def _require_importer(user) -> None:
    """The import does not exist for those who may not use it."""
    if not user.has_perm("activities.import_activities"):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request):
    _require_importer(request.user)
    return import_page(
        request,
        template="activities/activity_import.html",
        preview=importing.activity_import_preview,
        commit=importing.activity_import_commit,
        error=importing.ActivityImportError,
        done=_activity_import_done,
    )


def _activity_import_done(request, preview):
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
    content = exporting.activities_export(activities=activities, user=request.user)
    filename = _("activities %(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx.xlsx_response(content, filename)
