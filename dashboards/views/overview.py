"""The committee's dashboard with its Excel export, the missing meetings and a branch's
dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from activities import statistics as stats
from branches.access import scope_for
from branches.models import Organisation
from branches.xlsx import xlsx_response
from dashboards import exports, figures
from dashboards.models import BranchRating
from dashboards.views.common import (
    breadcrumbs,
    charts,
    committee_root,
    local_today,
    managed_or_404,
    organisation_param,
    period_choices,
    period_param,
)


@login_required
def committee(request):
    root = committee_root(request)
    period = period_param(request)
    data = figures.committee_figures(root, period, today=local_today())
    return render(
        request,
        "dashboards/committee.html",
        {
            "root": root,
            "period": period,
            "figures": data,
            "categories": figures.CATEGORIES.choices,
            "period_choices": period_choices(period),
            "breadcrumbs": breadcrumbs(root, request.user),
            "export_query": urlencode({"org": root.pk, "period": period.value}),
            **charts(data),
        },
    )


def dashboard_sheets(data: figures.Figures) -> list:
    categories = figures.CATEGORIES.choices
    header = [
        _("Organisation"),
        _("Held"),
        *[str(label) for _code, label in categories],
        _("Required meetings"),
        _("Missing meetings"),
        _("Compliance %"),
        _("Attendance %"),
        _("People served"),
        _("Disputes resolved"),
        _("Mean points"),
        _("Ledger completion %"),
        _("Overdue tasks"),
        _("Brand stage"),
        _("Honours"),
        _("Stars"),
    ]
    rows = []
    for row in [*data.rows, data.root]:
        rows.append(
            [
                row.organisation.name,
                row.held,
                *[row.by_category.get(code, 0) for code, _label in categories],
                row.cadence.required,
                row.cadence.missing,
                row.cadence.percent,
                row.attendance.percent if row.attendance else None,
                row.results.people_served,
                row.results.disputes_resolved,
                float(row.points.mean) if row.points and row.points.mean is not None else None,
                row.ledger_percent,
                getattr(row.ledger, "overdue", None),
                getattr(row.brand, "stage_label", None),
                row.honours_total,
                row.rating.stars if row.rating else None,
            ]
        )
    months = data.chart_activities["months"]
    activity_rows = [[s["name"], *s["values"]] for s in data.chart_activities["series"]]
    heat_rows = [[r["name"], *r["cells"]] for r in data.heatmap["rows"]]
    return [
        (_("Branches"), header, rows),
        (_("Activities by month"), [_("Category"), *months], activity_rows),
        (_("Missing meetings by month"), [_("Branch"), *data.heatmap["months"]], heat_rows),
        (
            _("Attendance trend"),
            [_("Month"), _("Attendance %")],
            list(
                zip(data.chart_attendance["months"], data.chart_attendance["values"], strict=True)
            ),
        ),
    ]


@login_required
def committee_export(request):
    root = committee_root(request)
    period = period_param(request)
    data = figures.committee_figures(root, period, today=local_today())
    content = exports.workbook(dashboard_sheets(data))
    return xlsx_response(content, f"{root.name}-{period.value}-看板.xlsx")


@login_required
def missing(request):
    organisation = organisation_param(request)
    period = period_param(request)
    today = local_today()
    results = stats.compliance_periods(
        organisations=[organisation], year=period.first.year, until=today
    )
    branches, gaps = [], []
    for result in results:
        lines = [
            (rule, p)
            for rule in result.rules
            for p in rule.periods
            if p.gap and figures._overlaps(p, period)
        ]
        if lines:
            branches.append((result.branch, sum(p.gap for _r, p in lines)))
        if organisation.kind == Organisation.Kind.BRANCH:
            gaps = [
                {
                    "rule": rule,
                    "period": stats.to_period(p),
                    "required": p.required,
                    "held": p.held,
                    "missing": p.gap,
                    "groups": [
                        (g.group, gp.gap)
                        for g in rule.groups
                        for gp in g.periods
                        if gp.period == p.period and gp.gap
                    ],
                }
                for rule, p in lines
            ]
    return render(
        request,
        "dashboards/missing.html",
        {
            "organisation": organisation,
            "period": period,
            "branches": branches,
            "gaps": gaps,
            "is_branch": organisation.kind == Organisation.Kind.BRANCH,
            "breadcrumbs": breadcrumbs(organisation, request.user),
            "total": sum(n for _b, n in branches),
        },
    )


@login_required
def branch(request, pk):
    organisation = managed_or_404(request, pk)
    if organisation.kind != Organisation.Kind.BRANCH:
        raise Http404
    period = period_param(request)
    today = local_today()
    data = figures.committee_figures(organisation, period, today=today)
    return render(
        request,
        "dashboards/branch.html",
        {
            "branch": organisation,
            "period": period,
            "figures": data,
            "categories": figures.CATEGORIES.choices,
            "period_choices": period_choices(period),
            "members": figures.branch_members(organisation, period),
            "upcoming": figures.upcoming_activities(organisation, now=timezone.now()),
            "gaps": figures.current_gaps(organisation, today),
            "rating": BranchRating.objects.filter(
                branch=organisation, state=BranchRating.State.CONFIRMED
            )
            .order_by("-year")
            .first(),
            "is_committee": scope_for(request.user).oversees(organisation),
            "today": today,
            **charts(data),
        },
    )
