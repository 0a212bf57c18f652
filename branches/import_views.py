"""Pages for the Excel import and export of members.

Import (committee staff and admins): upload → preview with every error by row and
column → confirm, which imports the stored file all or nothing. Export (whoever may
see the member directory): the directory's filtered members as a workbook.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import exporting, importing
from branches.fetch import require_page
from branches.import_page import import_page
from branches.models import Member
from branches.selectors import filter_members
from branches.xlsx import xlsx_response


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    require_page(request.user, "branches.import_members")
    return import_page(
        request,
        template="branches/member_import.html",
        preview=importing.member_import_preview,
        commit=importing.member_import_commit,
        error=importing.MemberImportError,
        done=_member_import_done,
    )


def _member_import_done(request, preview):
    messages.success(
        request,
        _("Import finished: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % {
            "new": preview.new_count,
            "updated": preview.updated_count,
            "unchanged": preview.unchanged_count,
        },
    )
    return redirect("branches:member_list")


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
