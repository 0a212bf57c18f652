"""The committee's pages: the table of branches, the monthly assessment with its
adjustments and the quarter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.errors import PortalError
from branches.fetch import require_change, require_page
from branches.models import Organisation
from branches.paging import querystring
from branches.periods import Period
from ledgers import selectors, services
from ledgers.forms import AdjustForm
from ledgers.models import (
    Category,
    MonthlyAssessment,
)
from ledgers.views.common import (
    PAGE_SIZE,
    assessment_branches,
    local_today,
)


@login_required
def committee(request):
    require_page(request.user, "ledgers.view_committee_table")
    today = local_today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = Organisation.objects.visible_to(request.user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )
    search = request.GET.get("q", "").strip()
    if search:
        branches = branches.filter(name__icontains=search)
    page = Paginator(branches.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.committee_table(page.object_list, year=year, today=today)
    return render(
        request,
        "ledgers/committee.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "years": range(today.year + 1, today.year - 4, -1),
            "categories": Category.choices,
            "search": search,
            "querystring": querystring(request),
        },
    )


@login_required
def assessments(request):
    require_page(request.user, "ledgers.view_assessments")
    today = local_today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = list(assessment_branches(request).order_by("path"))
    rows = MonthlyAssessment.objects.filter(organisation__in=branches, year=year).select_related(
        "adjusted_by"
    )
    by_branch = {}
    for row in rows:
        by_branch.setdefault(row.organisation_id, {})[row.month] = row
    table = [(b, [by_branch.get(b.pk, {}).get(m) for m in selectors.MONTHS]) for b in branches]
    return render(
        request,
        "ledgers/assessments.html",
        {
            "table": table,
            "year": year,
            "years": range(today.year, today.year - 4, -1),
            "months": selectors.MONTHS,
            "quarters": [1, 2, 3, 4],
            "is_committee": scope_for(request.user).is_committee_staff,
        },
    )


@login_required
def assessment_adjust(request, pk):
    require_page(request.user, "ledgers.view_assessments")
    assessment = get_object_or_404(
        MonthlyAssessment.objects.filter(
            organisation__in=assessment_branches(request)
        ).select_related("organisation"),
        pk=pk,
    )
    require_change(request.user, "ledgers.adjust_assessment", assessment.organisation)
    form = AdjustForm(
        request.POST or None, initial={"score": assessment.score, "reason": assessment.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_adjust(assessment=assessment, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Score confirmed."))
            return redirect(f"{reverse('ledgers:assessments')}?year={assessment.year}")
    return render(
        request, "ledgers/assessment_adjust.html", {"form": form, "assessment": assessment}
    )


@login_required
def assessment_quarter(request, year, quarter):
    require_page(request.user, "ledgers.view_assessments")
    if not 1 <= quarter <= 4:
        raise Http404
    months = [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
    branches = list(assessment_branches(request).order_by("path"))
    rows = MonthlyAssessment.objects.filter(organisation__in=branches, year=year, month__in=months)
    by_branch = {}
    for row in rows:
        by_branch.setdefault(row.organisation_id, {})[row.month] = row
    table = []
    for branch in branches:
        cells = [by_branch.get(branch.pk, {}).get(m) for m in months]
        scores = [c.score for c in cells if c is not None]
        average = sum(scores) / len(scores) if scores else None
        table.append((branch, cells, average))
    return render(
        request,
        "ledgers/assessment_quarter.html",
        {
            "table": table,
            "months": months,
            "year": year,
            "quarter": quarter,
            "period": Period.quarter(year, quarter),
        },
    )
