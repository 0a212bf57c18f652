"""Pages of the meeting-cadence check: one branch's report, the committee's table, its export.

Who sees what: committee staff (and admins) every branch under their committee; branch
leaders (secretary, deputy, committee members) their own branches; everybody else a 404,
since the report is a leader's tool. The numbers come from activities/compliance.py.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill

from activities import compliance
from branches.access import scope_for
from branches.models import Organisation
from branches.paging import querystring
from branches.xlsx import append_row, make_cell, new_workbook, workbook_bytes, xlsx_response

PAGE_SIZE = 50
PERIOD_CHOICES = [
    (compliance.MONTH, gettext_lazy("Each rule's own period")),
    (compliance.QUARTER, gettext_lazy("By quarter")),
    (compliance.YEAR, gettext_lazy("By year")),
]
HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")
GAP_FILL = PatternFill("solid", fgColor="F8D7DA")


# --- request parameters --------------------------------------------------------------------
def _today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _year(request) -> int:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return _today().year


def _period_kind(request, default: str) -> str:
    kind = request.GET.get("period", "")
    return kind if kind in compliance.PERIOD_KINDS else default


def _year_choices(year: int) -> list[int]:
    this_year = _today().year
    return sorted({year, *range(this_year, this_year - 6, -1)}, reverse=True)


# --- access ----------------------------------------------------------------------------------
def _checked_branches(user) -> QuerySet[Organisation]:
    """The branches whose compliance the user may check; 404 for members and outsiders."""
    scope = scope_for(user)
    if not scope.is_leader:
        raise Http404
    branches = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.BRANCH)
    if not scope.is_admin:
        branches = branches.filter(Organisation.subtrees_q(scope.managing_paths))
    return branches


# --- one branch --------------------------------------------------------------------------------
@login_required
def compliance_branch(request, pk):
    branch = get_object_or_404(_checked_branches(request.user), pk=pk)
    year = _year(request)
    kind = _period_kind(request, compliance.MONTH)
    [result] = compliance.compliance_for([branch], year=year, period_kind=kind)
    return render(
        request,
        "activities/compliance_branch.html",
        {
            "branch": branch,
            "result": result,
            "year": year,
            "years": _year_choices(year),
            "period": kind,
            "periods": PERIOD_CHOICES,
            "columns": compliance.year_periods(year, kind),
            "today": _today(),
            "show_committee_link": scope_for(request.user).is_committee_staff,
        },
    )


# --- the committee's table -------------------------------------------------------------------
def _committee_rows(request):
    """(year, period kind, rules, results) for the filters in the query string."""
    branches = _checked_branches(request.user).filter(is_active=True)
    search = request.GET.get("q", "").strip()
    if search:
        branches = branches.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    year = _year(request)
    kind = _period_kind(request, compliance.MONTH)
    rules = compliance.compliance_rules()
    results = compliance.compliance_for(branches, year=year, period_kind=kind, rules=rules)
    if request.GET.get("gaps"):
        results = [result for result in results if result.gaps]
    return year, kind, rules, results


@login_required
def compliance_committee(request):
    year, kind, rules, results = _committee_rows(request)
    codes = [rule.code for rule in rules]
    rows = [(result, [result.by_code.get(code) for code in codes]) for result in results]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = [sum(r.by_code[code].gaps for r in results if code in r.by_code) for code in codes]
    return render(
        request,
        "activities/compliance_committee.html",
        {
            "page": page,
            "rules": rules,
            "totals": totals,
            "branch_count": len(results),
            "branches_with_gaps": sum(1 for r in results if r.gaps),
            "gap_total": sum(r.gaps for r in results),
            "year": year,
            "years": _year_choices(year),
            "period": kind,
            "periods": PERIOD_CHOICES,
            "search": request.GET.get("q", "").strip(),
            "only_gaps": bool(request.GET.get("gaps")),
            "querystring": querystring(request),
            "branch_query": urlencode({"year": year, "period": kind}),
            "today": _today(),
        },
    )


def _header(sheet, texts: list[str]) -> list:
    return [make_cell(sheet, str(text), font=Font(bold=True), fill=HEADER_FILL) for text in texts]


def _number(sheet, value: int, *, gap: bool = False):
    return make_cell(sheet, value, fill=GAP_FILL if gap else None)


def compliance_workbook(*, results, rules, year: int, today: datetime.date) -> bytes:
    """Two sheets: gaps per branch and rule; every branch × rule × period with its numbers."""
    workbook = new_workbook(write_only=True)
    summary = workbook.create_sheet(_("Gaps %(year)s") % {"year": year})
    summary.freeze_panes = "B2"
    append_row(
        summary, _header(summary, [_("Branch"), *[rule.name for rule in rules], _("Total gaps")])
    )
    for result in results:
        by_code = result.by_code
        cells = [result.branch.name]
        for rule in rules:
            found = by_code.get(rule.code)
            cells.append("—" if found is None else _number(summary, found.gaps, gap=found.gaps > 0))
        cells.append(_number(summary, result.gaps, gap=result.gaps > 0))
        append_row(summary, cells)

    details = workbook.create_sheet(_("Details"))
    details.freeze_panes = "A2"
    append_row(
        details,
        _header(
            details,
            [
                _("Branch"),
                _("Rule"),
                _("Party group"),
                _("Period"),
                _("Status"),
                _("Times required"),
                _("Times held"),
                _("Times missing"),
            ],
        ),
    )
    for result in results:
        for rule in result.rules:
            lines = [("", rule.periods)] + [(g.group.name, g.periods) for g in rule.groups]
            for group_name, periods in lines:
                for period in periods:
                    append_row(
                        details,
                        [
                            result.branch.name,
                            rule.name,
                            group_name,
                            period.label,
                            str(period.status_label),
                            period.required,
                            period.held,
                            _number(details, period.missing, gap=period.gap > 0),
                        ],
                    )
    notes = workbook.create_sheet(_("Notes"))
    append_row(notes, [_("As of %(day)s") % {"day": today.isoformat()}])
    append_row(notes, [_("Only held activities count. Periods not yet over are not gaps.")])
    return workbook_bytes(workbook)


@login_required
def compliance_export(request):
    year, _kind, rules, results = _committee_rows(request)
    content = compliance_workbook(results=results, rules=rules, year=year, today=_today())
    return xlsx_response(content, _("compliance-%(year)s.xlsx") % {"year": year})


# --- volunteer service and co-building results -------------------------------------------------
def _service_results(request):
    """(period, rows per branch, totals, top partners) for the period in the query string."""
    from activities import selectors

    branches = list(_checked_branches(request.user).filter(is_active=True).order_by("path"))
    text = request.GET.get("period", "").strip()
    period = selectors.Period.parse(text) or selectors.Period.parse(str(_today().year))
    rows = selectors.service_results(branches, period)
    totals = {
        key: sum(row[key] for _branch, row in rows)
        for key in ("activities", *selectors.RESULT_SUMS)
    }
    partners = selectors.top_partners(branches, period) if branches else []
    return period, rows, totals, partners


@login_required
def service_results(request):
    """Totals per branch and period of people served, disputes resolved, suggestions and hours,
    and the partners most worked with in the period."""
    period, rows, totals, partners = _service_results(request)
    return render(
        request,
        "activities/service_results.html",
        {
            "rows": rows,
            "totals": totals,
            "period": period,
            "partners": partners,
            "querystring": querystring(request),
        },
    )


def service_results_workbook(*, rows, totals, partners, period) -> bytes:
    """Two sheets: the totals per branch (with the sum of the branches), the top partners."""
    workbook = new_workbook(write_only=True)
    figures = [
        _("Activities"),
        _("People served"),
        _("Disputes resolved"),
        _("Suggestions collected"),
        _("Service hours"),
    ]
    keys = ("activities", "people_served", "disputes_resolved", "suggestions_collected")
    sheet = workbook.create_sheet(_("Service results %(period)s") % {"period": period.text})
    sheet.freeze_panes = "B2"
    append_row(sheet, _header(sheet, [_("Branch"), *figures]))
    for branch, row in rows:
        append_row(sheet, [branch.name, *[row[key] for key in keys], float(row["service_hours"])])
    total_cells = [
        _("Total of the branches"),
        *[totals[key] for key in keys],
        float(totals["service_hours"]),
    ]
    append_row(sheet, [make_cell(sheet, value, font=Font(bold=True)) for value in total_cells])
    by_partner = workbook.create_sheet(_("Partners"))
    by_partner.freeze_panes = "B2"
    append_row(by_partner, _header(by_partner, [_("Partner organisation"), _("Kind"), *figures]))
    for partner in partners:
        append_row(
            by_partner,
            [
                partner["name"],
                str(partner["kind_label"]),
                partner["activities_count"],
                *[partner[key] for key in keys[1:]],
                float(partner["service_hours"]),
            ],
        )
    return workbook_bytes(workbook)


@login_required
def service_results_export(request):
    period, rows, totals, partners = _service_results(request)
    content = service_results_workbook(rows=rows, totals=totals, partners=partners, period=period)
    return xlsx_response(content, _("service-results-%(period)s.xlsx") % {"period": period.text})
