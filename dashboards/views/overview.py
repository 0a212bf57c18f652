"""Pages of the dashboards: the committee's and a branch's dashboards, the missing meetings,
annual statistics, star ratings and the branch's yearly record, with their exports.

Who sees what (branches.access): the committee dashboard, its export and the star-rating
table compare branches, so they are for committee staff (and admins) only; everybody else
gets a 404. A branch dashboard, the missing meetings, the annual statistics, a rating and
the yearly record are for whoever manages the organisation (its leaders, the committee
above it); a member or another branch's secretary gets a 404. Confirming a rating is the
committee's (403 for the branch's leaders, who self-assess).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import statistics as stats
from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.models import Organisation
from branches.periods import Period
from branches.xlsx import xlsx_response
from dashboards import annual, exports, figures, record, rubric, services
from dashboards.forms import ConfirmForm, ScoresForm, period_from
from dashboards.home import home_context
from dashboards.models import BranchRating


def _today():
    return timezone.localdate()


def _period(request) -> Period:
    return period_from(request.GET.get("period"), Period.year(_today().year))


def _year(request) -> int:
    text = request.GET.get("year", "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return _today().year


def _committee_root(request) -> Organisation:
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


def _managed(request, pk) -> Organisation:
    """An organisation the user manages (its leaders, the committee above it); else 404."""
    organisation = get_object_or_404(Organisation.objects.filter(is_active=True), pk=pk)
    if not scope_for(request.user).manages(organisation):
        raise Http404
    return organisation


def _org_param(request) -> Organisation:
    """`?org=` for pages open to branch leaders too: default the committee's root or the led branch."""
    text = request.GET.get("org", "")
    if text.isdigit():
        return _managed(request, int(text))
    scope = scope_for(request.user)
    if scope.is_committee_staff:
        return _committee_root(request)
    if scope.managed_paths:
        organisation = Organisation.objects.filter(path=scope.managed_paths[0]).first()
        if organisation is not None:
            return organisation
    raise Http404


def _period_choices(period: Period) -> list[Period]:
    year = period.first.year
    this_year = _today().year
    years = sorted({year, this_year, this_year - 1}, reverse=True)
    return [Period.year(y) for y in years] + Period.year(year).split(Period.Kind.QUARTER)


def _breadcrumbs(organisation: Organisation, user) -> list[Organisation]:
    """The way up from the organisation to the highest one the user oversees (one query)."""
    scope = scope_for(user)
    ancestors = Organisation.objects.filter(
        path__in=[
            organisation.path[:i]
            for i in range(Organisation.steplen, len(organisation.path), Organisation.steplen)
        ]
    ).order_by("path")
    return [a for a in ancestors if scope.oversees(a)] + [organisation]


def _charts(data: figures.Figures) -> dict:
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


# --- home ---------------------------------------------------------------------------------------
@login_required
def home(request):
    return render(request, "dashboards/home.html", home_context(request.user))


# --- the committee dashboard ---------------------------------------------------------------------
@login_required
def committee(request):
    root = _committee_root(request)
    period = _period(request)
    data = figures.committee_figures(root, period, today=_today())
    return render(
        request,
        "dashboards/committee.html",
        {
            "root": root,
            "period": period,
            "figures": data,
            "categories": figures.CATEGORIES.choices,
            "period_choices": _period_choices(period),
            "breadcrumbs": _breadcrumbs(root, request.user),
            "export_query": urlencode({"org": root.pk, "period": period.value}),
            **_charts(data),
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
    root = _committee_root(request)
    period = _period(request)
    data = figures.committee_figures(root, period, today=_today())
    content = exports.workbook(dashboard_sheets(data))
    return xlsx_response(content, f"{root.name}-{period.value}-看板.xlsx")


# --- the missing meetings -------------------------------------------------------------------------
@login_required
def missing(request):
    organisation = _org_param(request)
    period = _period(request)
    today = _today()
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
            "breadcrumbs": _breadcrumbs(organisation, request.user),
            "total": sum(n for _b, n in branches),
        },
    )


# --- a branch's dashboard --------------------------------------------------------------------------
@login_required
def branch(request, pk):
    organisation = _managed(request, pk)
    if organisation.kind != Organisation.Kind.BRANCH:
        raise Http404
    period = _period(request)
    today = _today()
    data = figures.committee_figures(organisation, period, today=today)
    return render(
        request,
        "dashboards/branch.html",
        {
            "branch": organisation,
            "period": period,
            "figures": data,
            "categories": figures.CATEGORIES.choices,
            "period_choices": _period_choices(period),
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
            **_charts(data),
        },
    )


# --- annual statistics ------------------------------------------------------------------------------
def _annual(request):
    organisation = _org_param(request)
    period = _period(request)
    return organisation, period, annual.annual_statistics(organisation, period)


@login_required
def annual_page(request):
    organisation, period, data = _annual(request)
    return render(
        request,
        "dashboards/annual.html",
        {
            "organisation": organisation,
            "period": period,
            "data": data,
            "paragraph": annual.summary_paragraph(data),
            "period_choices": _period_choices(period),
            "export_query": urlencode({"org": organisation.pk, "period": period.value}),
        },
    )


def annual_rows(data: annual.AnnualStatistics) -> dict:
    r = data.results
    return {
        "types": [
            [item.activity_type.name, str(item.activity_type.get_category_display()), item.count]
            for item in data.by_type
        ],
        "categories": [[label, n] for _code, label, n in data.by_category],
        "overview": [
            [_("Activities held"), data.held],
            [_("Branches"), data.branches],
            [_("Members"), data.members],
            [_("Members reached"), data.members_reached],
            [_("Service activities with results"), r.activities],
            [_("People served"), r.people_served],
            [_("Disputes resolved"), r.disputes_resolved],
            [_("Suggestions collected"), r.suggestions_collected],
            [_("Service hours"), str(r.service_hours)],
        ],
        "honours": [
            [_(annual.HONOUR_LABELS.get(k, k)), n] for k, n in (data.honours or {}).items()
        ],
        "brands": [[stage, n] for stage, n in (data.brands or {}).items()],
    }


@login_required
def annual_xlsx(request):
    organisation, period, data = _annual(request)
    rows = annual_rows(data)
    content = exports.workbook(
        [
            (_("Overview"), [_("Figure"), _("Value")], rows["overview"]),
            (_("By type"), [_("Activity type"), _("Category"), _("Held")], rows["types"]),
            (_("By category"), [_("Category"), _("Held")], rows["categories"]),
            (_("Honours"), [_("Level"), _("Number")], rows["honours"]),
            (_("Brands"), [_("Stage"), _("Branches")], rows["brands"]),
            (_("Summary"), [_("Paragraph")], [[annual.summary_paragraph(data)]]),
        ]
    )
    return xlsx_response(content, f"{organisation.name}-{period.value}-年度统计.xlsx")


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def annual_docx(request):
    organisation, period, data = _annual(request)
    rows = annual_rows(data)
    blocks = [
        ("p", annual.summary_paragraph(data)),
        ("h", _("Overview")),
        ("table", [_("Figure"), _("Value")], rows["overview"]),
        ("h", _("Activities by type")),
        ("table", [_("Activity type"), _("Category"), _("Held")], rows["types"]),
        ("h", _("Activities by category")),
        ("table", [_("Category"), _("Held")], rows["categories"]),
    ]
    if data.honours is not None:
        blocks += [("h", _("Honours")), ("table", [_("Level"), _("Number")], rows["honours"])]
    if data.brands is not None:
        blocks += [("h", _("Brands")), ("table", [_("Stage"), _("Branches")], rows["brands"])]
    title = _("%(organisation)s: statistics of %(period)s") % {
        "organisation": organisation.name,
        "period": period.label,
    }
    return _docx_response(
        exports.document(title, blocks), f"{organisation.name}-{period.value}-年度统计.docx"
    )


# --- star ratings ------------------------------------------------------------------------------------
@login_required
def ratings(request):
    root = _committee_root(request)
    year = _year(request)
    branches = stats.branches_under([root])
    rows = {r.branch_id: r for r in BranchRating.objects.filter(branch__in=branches, year=year)}
    lines = [(b, rows.get(b.pk)) for b in branches]
    stars = [r.stars for r in rows.values()]
    return render(
        request,
        "dashboards/ratings.html",
        {
            "root": root,
            "year": year,
            "years": sorted({year, _today().year, _today().year - 1}, reverse=True),
            "lines": lines,
            "quota_warning": rubric.quota_warning(stars),
            "distribution": [(n, sum(1 for s in stars if s == n)) for n in range(5, 0, -1)],
        },
    )


@login_required
@require_POST
def ratings_compute(request):
    """Compute the year's ratings: one branch (its leaders or the committee) or the whole tree."""
    year = _year(request)
    branch_pk = request.POST.get("branch", "")
    if branch_pk:
        if not branch_pk.isdigit():
            raise Http404
        organisation = _managed(request, int(branch_pk))
        if organisation.kind != Organisation.Kind.BRANCH:
            raise Http404
        services.ratings_compute(branches=[organisation], year=year, today=_today())
        messages.success(request, _("Star ratings computed from the rubric."))
        return redirect("dashboards:rating_detail", organisation.pk, year)
    root = _committee_root(request)
    services.ratings_compute(branches=stats.branches_under([root]), year=year, today=_today())
    messages.success(request, _("Star ratings computed from the rubric."))
    return redirect(f"{reverse('dashboards:ratings')}?{urlencode({'org': root.pk, 'year': year})}")


def _rating(request, pk, year) -> tuple[Organisation, BranchRating | None]:
    organisation = _managed(request, pk)
    if organisation.kind != Organisation.Kind.BRANCH:
        raise Http404
    return organisation, BranchRating.objects.filter(branch=organisation, year=year).first()


def _hand_scored(rating: BranchRating | None):
    """Criteria the rating takes entered scores for: committee-scored and unmeasured ones."""
    criteria = services.active_criteria()
    unmeasured = {
        line["code"] for line in (rating.breakdown if rating else []) if line["fraction"] is None
    }
    return [c for c in criteria if c.source == rubric.COMMITTEE or c.code in unmeasured]


@login_required
def rating_detail(request, pk, year):
    organisation, rating = _rating(request, pk, year)
    scope = scope_for(request.user)
    criteria = _hand_scored(rating)
    committee = scope.oversees(organisation)
    context = {
        "branch": organisation,
        "year": year,
        "rating": rating,
        "is_committee": committee,
        "sources": rubric.SOURCES,
        "history": list(
            rating.history.select_related("history_user").order_by("-history_date")[:20]
        )
        if rating
        else [],
    }
    if rating is not None:
        if not rating.is_confirmed and not committee:
            context["self_form"] = ScoresForm(
                criteria=criteria,
                initial_scores=rating.self_scores,
                initial={"note": rating.self_note},
            )
        if committee:
            context["review_form"] = ScoresForm(
                criteria=criteria,
                initial_scores=rating.committee_scores or rating.self_scores,
                initial={"note": rating.review_note},
            )
            context["confirm_form"] = ConfirmForm(
                initial={
                    "stars": rating.confirmed_stars or rating.computed_stars,
                    "reason": rating.reason,
                }
            )
    return render(request, "dashboards/rating_detail.html", context)


def _scores_post(request, pk, year, *, service, committee_only: bool):
    organisation, rating = _rating(request, pk, year)
    if rating is None:
        raise Http404
    scope = scope_for(request.user)
    if committee_only and not scope.oversees(organisation):
        raise PermissionDenied
    form = ScoresForm(request.POST, criteria=_hand_scored(rating))
    if form.is_valid():
        try:
            service(
                rating=rating,
                scores=form.scores(),
                note=form.cleaned_data["note"],
                by=request.user,
                today=_today(),
            )
        except PortalError as error:
            message_service_error(request, error)
        else:
            messages.success(request, _("Scores saved; the rating is computed again."))
    else:
        messages.error(request, _("Check the scores: each between 0 and the criterion's points."))
    return redirect("dashboards:rating_detail", pk, year)


@login_required
@require_POST
def rating_self_assess(request, pk, year):
    return _scores_post(
        request, pk, year, service=services.rating_self_assess, committee_only=False
    )


@login_required
@require_POST
def rating_review(request, pk, year):
    return _scores_post(request, pk, year, service=services.rating_review, committee_only=True)


@login_required
@require_POST
def rating_confirm(request, pk, year):
    organisation, rating = _rating(request, pk, year)
    if rating is None:
        raise Http404
    if not scope_for(request.user).oversees(organisation):
        raise PermissionDenied
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.rating_confirm(
                rating=rating,
                stars=form.cleaned_data["stars"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except PortalError as error:
            message_service_error(request, error)
        else:
            messages.success(request, _("The confirmed stars are saved with their reason."))
    else:
        messages.error(request, _("Choose the stars and give the reason."))
    return redirect("dashboards:rating_detail", pk, year)


# --- a branch's yearly record ----------------------------------------------------------------------
@login_required
def branch_record(request, pk, year):
    organisation, _rating_row = _rating(request, pk, year)
    data = record.branch_record(organisation, year, today=_today())
    return render(
        request, "dashboards/record.html", {"record": data, "branch": organisation, "year": year}
    )


@login_required
def branch_record_docx(request, pk, year):
    organisation, _rating_row = _rating(request, pk, year)
    data = record.branch_record(organisation, year, today=_today())
    blocks = [
        ("h", _("Meetings held")),
        ("table", [_("Activity type"), _("Held")], data.meetings),
        (
            "p",
            _("Required meetings %(required)s, held %(held)s, missing %(missing)s.")
            % {
                "required": data.cadence.required,
                "held": data.cadence.held,
                "missing": data.cadence.missing,
            },
        ),
    ]
    if data.gaps:
        blocks.append(("table", [_("Meeting"), _("Period"), _("Missing")], data.gaps))
    blocks.append(("h", _("Ledger tasks")))
    if data.ledger is not None:
        blocks.append(
            (
                "table",
                [_("Due"), _("Done"), _("Overdue"), _("Waived")],
                [[data.ledger.due, data.ledger.done, data.ledger.overdue, data.ledger.waived]],
            )
        )
    else:
        blocks.append(("p", "—"))
    blocks += [
        ("h", _("Democratic evaluation")),
        ("table", [_("Grade"), _("Members")], data.grades),
    ]
    blocks.append(("h", _("Honours")))
    blocks.append(
        (
            "table",
            [_("Level"), _("Number")],
            [[_(annual.HONOUR_LABELS.get(k, k)), n] for k, n in (data.honours or {}).items()],
        )
        if data.honours
        else ("p", "—")
    )
    blocks.append(("h", _("Star rating")))
    if data.rating:
        blocks.append(
            (
                "table",
                [_("Computed score"), _("Computed stars"), _("Confirmed stars"), _("Reason")],
                [
                    [
                        str(data.rating.computed_score),
                        data.rating.computed_stars,
                        data.rating.confirmed_stars,
                        data.rating.reason,
                    ]
                ],
            )
        )
    else:
        blocks.append(("p", "—"))
    title = _("%(branch)s: record of %(year)s") % {"branch": organisation.name, "year": year}
    return _docx_response(
        exports.document(title, blocks), f"{organisation.name}-{year}-年度档案.docx"
    )
