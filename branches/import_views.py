"""Pages for the Excel import and export of members.

Import (committee staff and admins): upload → preview with every error by row and
column → confirm, which queues the import of the stored file as a background job (all or
nothing) → the job's page with its progress and result (branches/import_page.py). Export (whoever may
see the member directory): the directory's filtered members as a workbook.
"""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import exporting, importing, tasks
from branches.fetch import require_page
from branches.import_page import import_job_page, import_page
from branches.models import ImportJob, Member
from branches.selectors import filter_members
from branches.xlsx import xlsx_response


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    require_page(request.user, "branches.import_members")
    return import_page(
        request,
        template="branches/member_import.html",
        kind=ImportJob.Kind.MEMBERS,
        preview=importing.member_import_preview,
        task=tasks.import_members,
        job_url="branches:member_import_job",
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_import_job(request, job_id):
    require_page(request.user, "branches.import_members")
    return import_job_page(
        request,
        job_id,
        kind=ImportJob.Kind.MEMBERS,
        task=tasks.import_members,
        title=_("Import members"),
        import_url="branches:member_import",
        results=_member_results,
        links=[(_("Member directory"), reverse("branches:member_list"))],
    )


def _member_results(result: dict) -> list[tuple[str, int]]:
    return [
        (_("new members"), result.get("new", 0)),
        (_("members updated"), result.get("updated", 0)),
        (_("members unchanged"), result.get("unchanged", 0)),
    ]


@login_required
@require_GET
def member_import_template(request):
    require_page(request.user, "branches.import_members")
    content = exporting.member_import_template(user=request.user)
    return xlsx_response(content, _("member import template.xlsx"))


@login_required
@require_GET
def member_export(request):
    require_page(request.user, "branches.view_directory")
    members = filter_members(Member.objects.visible_to(request.user), request.GET)
    content = exporting.members_export(user=request.user, members=members)
    filename = _("members %(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx_response(content, filename)
