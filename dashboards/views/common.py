"""What the pages of the dashboards share: who may see which organisation (404
otherwise), the period and year of the page, the breadcrumbs, the charts, a Word
response."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Organisation
from branches.periods import Period
from dashboards import exports, figures
from dashboards.forms import period_from
from dashboards.models import BranchRating


def local_today():
    return timezone.localdate()


def period_param(request) -> Period:
    return period_from(request.GET.get("period"), Period.year(local_today().year))


def year_param(request) -> int:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return local_today().year


def committee_root(request) -> Organisation:
    """The subtree a committee dashboard shows; 404 unless the user is its committee staff."""
    scope = scope_for(request.user)
    if not scope.is_committee_staff:
        raise Http404
    text = request.GET.get("org", "")
    if text.isdigit():
        organisation = get_object_or_404(Organisation.objects.filter(is_active=True), pk=text)
        if not scope.oversees(organisation):
            raise Http404
        return organisation
    if scope.is_admin:
        root = Organisation.objects.filter(depth=1, is_active=True).first()
    else:
        root = Organisation.objects.filter(path=scope.committee_paths[0]).first()
    if root is None:
        raise Http404
    return root


def managed_or_404(request, pk) -> Organisation:
    """An organisation the user manages (its leaders, the committee above it); else 404."""
    organisation = get_object_or_404(Organisation.objects.filter(is_active=True), pk=pk)
    if not scope_for(request.user).manages(organisation):
        raise Http404
    return organisation


def organisation_param(request) -> Organisation:
    """`?org=` for pages open to branch leaders too: default the committee's root or the led branch."""
    text = request.GET.get("org", "")
    if text.isdigit():
        return managed_or_404(request, int(text))
    scope = scope_for(request.user)
    if scope.is_committee_staff:
        return committee_root(request)
    if scope.managed_paths:
        organisation = Organisation.objects.filter(path=scope.managed_paths[0]).first()
        if organisation is not None:
            return organisation
    raise Http404


def period_choices(period: Period) -> list[Period]:
    year = period.first.year
    this_year = local_today().year
    years = sorted({year, this_year, this_year - 1}, reverse=True)
    return [Period.year(y) for y in years] + Period.year(year).split(Period.Kind.QUARTER)


def breadcrumbs(organisation: Organisation, user) -> list[Organisation]:
    """The way up from the organisation to the highest one the user oversees (one query)."""
    scope = scope_for(user)
    ancestors = Organisation.objects.filter(
        path__in=[
            organisation.path[:i]
            for i in range(Organisation.steplen, len(organisation.path), Organisation.steplen)
        ]
    ).order_by("path")
    return [a for a in ancestors if scope.oversees(a)] + [organisation]


def charts(data: figures.Figures) -> dict:
    return {
        "chart_data": {
            "activities": data.chart_activities,
            "attendance": {**data.chart_attendance, "name": _("Attendance rate")},
            "heatmap": data.heatmap,
        },
        "attendance_rows": list(
            zip(data.chart_attendance["months"], data.chart_attendance["values"], strict=True)
        ),
    }


def branch_and_rating(request, pk, year) -> tuple[Organisation, BranchRating | None]:
    organisation = managed_or_404(request, pk)
    if organisation.kind != Organisation.Kind.BRANCH:
        raise Http404
    return organisation, BranchRating.objects.filter(branch=organisation, year=year).first()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
