"""A branch's record book (三会一课) and the annual report review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.fetch import require_change, require_page
from branches.periods import Period
from ledgers import exporting, selectors, services
from ledgers.forms import (
    GradeForm,
    ReportTextForm,
)
from ledgers.models import AnnualReport
from ledgers.views.common import (
    assessment_branches,
    get_organisation,
    local_today,
)


def _book(request, pk, value):
    organisation = get_organisation(request, pk)
    require_change(request.user, "ledgers.view_record_book", organisation)
    period = Period.parse(value)
    if period is None or period.kind != Period.Kind.QUARTER:
        raise Http404
    return organisation, period, selectors.record_book(organisation, period)


@login_required
def record_book(request, pk, period):
    organisation, period, entries = _book(request, pk, period)
    return render(
        request,
        "ledgers/record_book.html",
        {
            "organisation": organisation,
            "period": period,
            "entries": entries,
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@login_required
def record_book_docx(request, pk, period):
    organisation, period, entries = _book(request, pk, period)
    content = exporting.record_book_docx(organisation=organisation, period=period, entries=entries)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{organisation.name}三会一课记录本{period.value}.docx"
    )
    return response


@login_required
def reports(request):
    require_page(request.user, "ledgers.view_assessments")
    today = local_today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = list(assessment_branches(request).filter().order_by("path"))
    scope = scope_for(request.user)
    branches = [b for b in branches if scope.manages(b)]
    found = {
        r.organisation_id: r
        for r in AnnualReport.objects.filter(organisation__in=branches, year=year)
    }
    return render(
        request,
        "ledgers/reports.html",
        {
            "rows": [(b, found.get(b.pk)) for b in branches],
            "year": year,
            "years": range(today.year, today.year - 4, -1),
        },
    )


@login_required
def report_detail(request, pk, year):
    organisation = get_organisation(request, pk)
    require_change(request.user, "ledgers.view_report", organisation)
    report = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    may_submit = request.user.has_perm("ledgers.submit_report", organisation) and not (
        report and report.grade
    )
    may_grade = request.user.has_perm("ledgers.grade_report", organisation) and report is not None
    text_form = ReportTextForm(None, initial={"text": report.text if report else ""})
    grade_form = GradeForm(
        None, initial={"grade": report.grade, "comments": report.comments} if report else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                if not may_submit:
                    raise PermissionDenied
                text_form = ReportTextForm(request.POST)
                if text_form.is_valid():
                    services.report_submit(
                        organisation=organisation,
                        year=year,
                        by=request.user,
                        **text_form.cleaned_data,
                    )
                    messages.success(request, _("Report submitted."))
                    return redirect(request.path)
            elif action == "grade":
                if not may_grade:
                    raise PermissionDenied
                grade_form = GradeForm(request.POST)
                if grade_form.is_valid():
                    services.report_grade(report=report, by=request.user, **grade_form.cleaned_data)
                    messages.success(request, _("Grade recorded."))
                    return redirect(request.path)
            else:
                raise Http404
        except PortalError as error:
            message_service_error(request, error)
    summary = (
        report.summary
        if report and report.summary
        else selectors.report_summary(organisation, year, today=local_today())
    )
    return render(
        request,
        "ledgers/report_detail.html",
        {
            "organisation": organisation,
            "year": year,
            "report": report,
            "summary": summary,
            "may_submit": may_submit,
            "may_grade": may_grade,
            "text_form": text_form,
            "grade_form": grade_form,
        },
    )
