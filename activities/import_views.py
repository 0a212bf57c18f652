"""Pages for the Excel import of past activities and the export of the activity list.

Import (branch leaders and committee staff; others get 404): upload → preview with every
error by row and column → confirm, which queues the recording of the stored file as a
background job (all or nothing) → the job's page with its progress and result.
Export (whoever sees the list): the list's activities, filtered as on the list page,
as a workbook with the import's columns.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities import exporting, importing, selectors, tasks
from activities.forms import ActivityFilterForm
from branches import xlsx
from branches.fetch import require_page
from branches.import_page import import_job_page, import_page
from branches.models import ImportJob


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request):
    require_page(request.user, "activities.import_activities")
    return import_page(
        request,
        template="activities/activity_import.html",
        kind=ImportJob.Kind.ACTIVITIES,
        preview=importing.activity_import_preview,
        task=tasks.import_activities,
        job_url="activities:import_job",
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_import_job(request, job_id):
    require_page(request.user, "activities.import_activities")
    return import_job_page(
        request,
        job_id,
        kind=ImportJob.Kind.ACTIVITIES,
        task=tasks.import_activities,
        title=_("Import activities"),
        import_url="activities:import",
        results=_activity_results,
        links=[(_("Activities"), reverse("activities:list"))],
    )


def _activity_results(result: dict) -> list[tuple[str, int]]:
    return [
        (_("activities recorded"), result.get("new", 0)),
        (_("already in the portal (skipped)"), result.get("unchanged", 0)),
    ]


@login_required
@require_GET
def activity_import_template(request):
    require_page(request.user, "activities.import_activities")
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
