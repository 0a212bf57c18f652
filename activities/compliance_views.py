"""Pages of the meeting-cadence check: one branch's report, the committee's table, its export.

Who sees what: committee staff (and admins) every branch under their committee; branch
leaders (secretary, deputy, committee members) their own branches; everybody else a 404,
since the report is a leader's tool. The numbers come from activities/compliance.py.
"""

import datetime
from functools import reduce
from io import BytesIO
from operator import or_
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from activities import compliance
from branches.access import scope_for
from branches.models import Organisation

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
    if not (scope.is_committee_staff or scope.is_branch_leader):
        raise Http404
    branches = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.BRANCH)
    if not scope.is_admin:
        paths = scope.committee_paths + scope.managed_paths
        branches = branches.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
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
    query = request.GET.copy()
    query.pop("page", None)
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
            "query": query.urlencode(),
            "branch_query": urlencode({"year": year, "period": kind}),
            "today": _today(),
        },
    )


def _header(sheet, texts: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in texts:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cells.append(cell)
    return cells


def _number(sheet, value: int, *, gap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if gap:
        cell.fill = GAP_FILL
    return cell


def compliance_workbook(*, results, rules, year: int, today: datetime.date) -> bytes:
    """Two sheets: gaps per branch and rule; every branch × rule × period with its numbers."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Gaps %(year)s") % {"year": year})
    summary.freeze_panes = "B2"
    summary.append(_header(summary, [_("Branch"), *[rule.name for rule in rules], _("Total gaps")]))
    for result in results:
        by_code = result.by_code
        cells = [result.branch.name]
        for rule in rules:
            found = by_code.get(rule.code)
            cells.append("—" if found is None else _number(summary, found.gaps, gap=found.gaps > 0))
        cells.append(_number(summary, result.gaps, gap=result.gaps > 0))
        summary.append(cells)

    details = workbook.create_sheet(_("Details"))
    details.freeze_panes = "A2"
    details.append(
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
        )
    )
    for result in results:
        for rule in result.rules:
            lines = [("", rule.periods)] + [(g.group.name, g.periods) for g in rule.groups]
            for group_name, periods in lines:
                for period in periods:
                    details.append(
                        [
                            result.branch.name,
                            rule.name,
                            group_name,
                            period.label,
                            str(period.status_label),
                            period.required,
                            period.held,
                            _number(details, period.missing, gap=period.gap > 0),
                        ]
                    )
    notes = workbook.create_sheet(_("Notes"))
    notes.append([_("As of %(day)s") % {"day": today.isoformat()}])
    notes.append([_("Only held activities count. Periods not yet over are not gaps.")])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def compliance_export(request):
    year, _kind, rules, results = _committee_rows(request)
    response = HttpResponse(
        compliance_workbook(results=results, rules=rules, year=year, today=_today()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = _("compliance-%(year)s.xlsx") % {"year": year}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- volunteer service and co-building results -------------------------------------------------
@login_required
def service_results(request):
    """Totals per branch and period of people served, disputes resolved, suggestions and hours."""
    from activities import selectors

    branches = _checked_branches(request.user).filter(is_active=True).order_by("path")
    text = request.GET.get("period", "").strip()
    period = selectors.Period.parse(text) or selectors.Period.parse(str(_today().year))
    rows = selectors.service_results(branches, period)
    totals = {
        key: sum(row[key] for _branch, row in rows)
        for key in ("activities", *selectors.RESULT_SUMS)
    }
    return render(
        request,
        "activities/service_results.html",
        {"rows": rows, "totals": totals, "period": period},
    )
