"""Pages for the Excel import and export of members.

Import (committee staff and admins): upload → preview with every error by row and
column → confirm, which imports the stored file all or nothing. Export (whoever may
see the member directory): the directory's filtered members as a workbook.
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

from branches import exporting, importing, xlsx
from branches.models import Member
from branches.selectors import filter_members
from branches.xlsx import XLSX, xlsx_response

TEMPLATE = "branches/member_import.html"


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file"),
        help_text=gettext_lazy("An .xlsx workbook of at most 5 MB laid out like the template."),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        xlsx.check_upload(file)
        return file


class MemberImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)


def _require(user, permission: str) -> None:
    """Pages a user may not use do not exist for them."""
    if not user.has_perm(permission):
        raise Http404


def _page(request, *, form, preview=None, token=None):
    return render(request, TEMPLATE, {"form": form, "preview": preview, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    _require(request.user, "branches.import_members")
    if request.method == "POST" and "token" in request.POST:
        return _member_import_confirm(request)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form=form)
    file = form.cleaned_data["file"]
    preview = importing.member_import_preview(user=request.user, file=file)
    token = None
    if preview.ok and preview.changes:
        token = xlsx.upload_store(user=request.user, file=file)
    return _page(request, form=MemberImportForm(), preview=preview, token=token)


def _member_import_confirm(request):
    confirm = MemberImportConfirmForm(request.POST)
    if not confirm.is_valid():
        raise Http404
    name = xlsx.upload_name(user=request.user, token=confirm.cleaned_data["token"])
    if name is None:
        raise Http404
    try:
        with xlsx.upload_open(name=name) as file:
            preview = importing.member_import_commit(user=request.user, file=file)
    except importing.MemberImportError as exc:
        xlsx.upload_discard(name=name)  # the errors card says what to fix; upload again
        return _page(request, form=MemberImportForm(), preview=exc.preview)
    xlsx.upload_discard(name=name)
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
    _require(request.user, "branches.import_members")
    content = exporting.member_import_template(user=request.user)
    return xlsx_response(content, _("member import template.xlsx"))


@login_required
@require_GET
def member_export(request):
    _require(request.user, "branches.view_directory")
    members = filter_members(Member.objects.visible_to(request.user), request.GET)
    content = exporting.members_export(user=request.user, members=members)
    filename = _("members %(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx_response(content, filename)
