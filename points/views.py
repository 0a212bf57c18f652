"""Pages of the points app.

Objects are fetched through the scoped querysets (`Member.objects.visible_to`,
`PointClaim.objects.visible_to`), so an outsider gets 404; a user who may see a claim but
not decide or withdraw it gets 403. Tables and rankings are for leaders only: a member
who opens one gets 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import uploads
from branches.access import scope_for
from branches.errors import message_service_error
from branches.fetch import fetch, require_page
from branches.models import Member, Organisation
from branches.paging import querystring
from branches.xlsx import xlsx_response
from points import selectors, services
from points.awards import member_awards
from points.exporting import points_table_export
from points.forms import BranchAwardForm, ClaimForm, RejectForm
from points.models import Category, PointClaim, PointsError, PointsSettings

PAGE_SIZE = 30
TABLE_PAGE_SIZE = 50


# --- a member's points -------------------------------------------------------------------
@login_required
def my_points(request):
    member = scope_for(request.user).member
    if member is None:
        return render(request, "points/mine.html", {"member": None, "is_self": True})
    return _points_page(request, member, is_self=True)


@login_required
def member_points(request, pk):
    member = fetch(
        Member.objects.visible_to(request.user),
        pk=pk,
        user=request.user,
        see="points.view_member_points",
    )
    own = scope_for(request.user).member
    if own is not None and own.pk == member.pk:
        return redirect(f"{reverse('points:mine')}?{request.GET.urlencode()}")
    return _points_page(request, member, is_self=False)


@login_required
@require_http_methods(["GET", "POST"])
def member_award(request, pk):
    """The secretary gives manual points (支部认定) with a reason: an append-only entry."""
    member = fetch(
        Member.objects.visible_to(request.user),
        pk=pk,
        user=request.user,
        change="points.give_manual_points",
    )
    form = BranchAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.points_award(
                member=member,
                rule=data["rule"],
                date=data["date"],
                points=data["points"],
                note=data["note"],
                by=request.user,
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(points)s points given to %(name)s.")
                % {"points": f"{entry.points:+}", "name": member.name},
            )
            return redirect("points:member", member.pk)
    return render(request, "points/member_award.html", {"member": member, "form": form})


def _points_page(request, member: Member, *, is_self: bool):
    settings = PointsSettings.load()
    year = selectors.year_from(request.GET.get("year"))
    summary = selectors.member_summary(member, year, settings)
    history = selectors.member_history(member, year)
    page = Paginator(history, PAGE_SIZE).get_page(request.GET.get("page"))
    rank = None
    if not is_self or settings.show_rank_to_members:
        rank = selectors.branch_rank(member, summary.total, year=year, base=settings.base_score)
    return render(
        request,
        "points/mine.html",
        {
            "member": member,
            "is_self": is_self,
            "year": year,
            "years": selectors.year_choices(),
            "summary": summary,
            "chart": selectors.monthly_chart(member, year, summary.base),
            "page": page,
            "querystring": querystring(request),
            "rank": rank,
            "decided_claims": selectors.recently_decided_claims(member) if is_self else (),
            "awards": member_awards(member, year=year),
            "can_award": request.user.has_perm("points.give_manual_points", member),
        },
    )


# --- claims ----------------------------------------------------------------------------
def _visible_claim(request, pk) -> PointClaim:
    return fetch(
        PointClaim.objects.visible_to(request.user).select_related(
            "member__branch", "rule", "entry", "decided_by"
        ),
        pk=pk,
        user=request.user,
    )


@login_required
def my_claims(request):
    member = scope_for(request.user).member
    page = None
    if member is not None:
        claims = PointClaim.objects.filter(member=member).select_related(
            "rule", "entry", "decided_by"
        )
        page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "points/claims.html",
        {
            "member": member,
            "page": page,
            "querystring": querystring(request),
            "can_decide": request.user.has_perm("points.view_pending_claims"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def claim_new(request):
    member = scope_for(request.user).member
    if member is None or member.branch_id is None:
        raise Http404
    form = ClaimForm(
        request.POST or None, request.FILES or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_submit(
                member=member,
                rule=form.cleaned_data["rule"],
                date=form.cleaned_data["date"],
                description=form.cleaned_data["description"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Your claim is submitted; your branch secretary will decide on it.")
            )
            return redirect("points:claims")
    return render(request, "points/claim_form.html", {"form": form})


@login_required
def claim_detail(request, pk):
    claim = _visible_claim(request, pk)
    return render(
        request,
        "points/claim_detail.html",
        {
            "claim": claim,
            "can_decide": claim.is_pending and request.user.has_perm("points.decide_claim", claim),
            "can_withdraw": request.user.has_perm("points.withdraw_claim", claim),
            "reject_form": RejectForm(),
        },
    )


@login_required
def claim_evidence(request, pk):
    claim = _visible_claim(request, pk)
    if not claim.evidence:
        raise Http404
    try:
        handle = claim.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = uploads.file_response(
        handle, name=claim.evidence_name, content_type=claim.evidence_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def claim_withdraw(request, pk):
    claim = _visible_claim(request, pk)
    if not request.user.has_perm("points.withdraw_claim", claim):
        raise PermissionDenied
    try:
        services.claim_withdraw(claim=claim, by=request.user)
    except PointsError as error:
        message_service_error(request, error)
    else:
        messages.success(request, _("Your claim is withdrawn."))
    return redirect("points:claims")


@login_required
def pending_claims(request):
    require_page(request.user, "points.view_pending_claims")
    branches = [
        branch
        for branch in Organisation.objects.visible_to(request.user).branches().active()
        if scope_for(request.user).manages(branch)
    ]
    branch = next((b for b in branches if str(b.pk) == request.GET.get("branch")), None)
    claims = selectors.pending_claims(request.user, branch=branch)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "points/pending.html",
        {
            "page": page,
            "branches": branches,
            "branch": branch,
            "querystring": querystring(request),
            "reject_form": RejectForm(),
        },
    )


def _decided(request, claim: PointClaim, *, error: str = ""):
    """After approve / reject: the row again for htmx, else back where the user came from."""
    if request.htmx:
        claim = _visible_claim(request, claim.pk)
        return render(
            request,
            "points/_claim_row.html",
            {
                "claim": claim,
                "error": error,
                "reject_form": RejectForm(),
                "can_decide": claim.is_pending,
            },
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("points:claims_pending")
    return redirect(next_url)


def _decidable_claim(request, pk) -> PointClaim:
    claim = _visible_claim(request, pk)
    if not request.user.has_perm("points.decide_claim", claim):
        raise PermissionDenied
    return claim


@login_required
@require_POST
def claim_approve(request, pk):
    claim = _decidable_claim(request, pk)
    try:
        claim = services.claim_approve(claim=claim, by=request.user)
    except PointsError as error:
        if not request.htmx:
            message_service_error(request, error)
        return _decided(request, claim, error=error.message)
    if not request.htmx:  # an htmx row shows the decision itself: no stale message later
        messages.success(
            request,
            _("Approved: %(points)s points for %(name)s.")
            % {"points": f"{claim.entry.points:+}", "name": claim.member.name},
        )
    return _decided(request, claim)


@login_required
@require_POST
def claim_reject(request, pk):
    claim = _decidable_claim(request, pk)
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise PointsError(_("Give the reason for rejecting the claim."), field="reason")
        claim = services.claim_reject(
            claim=claim, reason=form.cleaned_data["reason"], by=request.user
        )
    except PointsError as error:
        if not request.htmx:
            message_service_error(request, error)
        return _decided(request, claim, error=error.message)
    if not request.htmx:
        messages.success(
            request, _("Rejected the claim of %(name)s.") % {"name": claim.member.name}
        )
    return _decided(request, claim)


# --- tables for leaders ---------------------------------------------------------------------
def _table_context(request, members, *, year, settings, sort):
    rows = selectors.points_table(members, year=year, base=settings.base_score, sort=sort)
    page = Paginator(rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "year": year,
        "years": selectors.year_choices(),
        "sort": sort if sort in selectors.SORTS else "total",
        "categories": Category.choices,
        "querystring": querystring(request),
        "sort_querystring": querystring(request, "sort"),
        "search": request.GET.get("q", ""),
    }


@login_required
def branch_points(request, pk):
    branch = fetch(
        Organisation.objects.visible_to(request.user).branches(),
        pk=pk,
        user=request.user,
        see="points.view_branch_points",
    )
    settings = PointsSettings.load()
    year = selectors.year_from(request.GET.get("year"))
    members = selectors.filter_members(
        Member.objects.current().filter(branch=branch), search=request.GET.get("q", "")
    )
    context = _table_context(
        request, members, year=year, settings=settings, sort=request.GET.get("sort", "total")
    )
    context["branch"] = branch
    return render(request, "points/branch.html", context)


def _committee_filters(request):
    branches = Organisation.objects.visible_to(request.user).branches()
    branch = None
    if request.GET.get("branch", "").isdigit():
        branch = branches.filter(pk=request.GET["branch"]).first()
    job_category = request.GET.get("job_category", "")
    if job_category not in Member.JobCategory.values:
        job_category = ""
    members = selectors.filter_members(
        Member.objects.visible_to(request.user).current(),
        branch=branch,
        job_category=job_category,
        search=request.GET.get("q", ""),
    )
    return members, branches, branch, job_category


@login_required
def committee_points(request):
    require_page(request.user, "points.view_committee_points")
    settings = PointsSettings.load()
    year = selectors.year_from(request.GET.get("year"))
    members, branches, branch, job_category = _committee_filters(request)
    context = _table_context(
        request, members, year=year, settings=settings, sort=request.GET.get("sort", "total")
    )
    context.update(
        {
            "branches": branches,
            "branch": branch,
            "job_category": job_category,
            "job_categories": Member.JobCategory.choices,
            "export_querystring": querystring(request),
        }
    )
    return render(request, "points/committee.html", context)


@login_required
def committee_export(request):
    require_page(request.user, "points.view_committee_points")
    settings = PointsSettings.load()
    year = selectors.year_from(request.GET.get("year"))
    members, _branches, _branch, _job = _committee_filters(request)
    rows = selectors.points_table(
        members, year=year, base=settings.base_score, sort=request.GET.get("sort", "total")
    )
    content = points_table_export(rows=rows, year=year)
    return xlsx_response(content, _("points-%(year)s.xlsx") % {"year": year})


@login_required
def pioneer_index(request):
    require_page(request.user, "points.view_pioneer_index")
    scope = scope_for(request.user)
    settings = PointsSettings.load()
    year = selectors.year_from(request.GET.get("year"))
    period, period_code = selectors.pioneer_period(year, request.GET.get("period"))
    if scope.is_committee_staff:
        members = Member.objects.visible_to(request.user)
        branches = Organisation.objects.visible_to(request.user).branches()
    else:
        members = selectors.members_under(scope.secretary_paths)
        branches = selectors.branches_under(scope.secretary_paths)
    branch = None
    if request.GET.get("branch", "").isdigit():
        branch = branches.filter(pk=request.GET["branch"]).first()
    job_category = request.GET.get("job_category", "")
    if job_category not in Member.JobCategory.values:
        job_category = ""
    members = selectors.filter_members(members.current(), branch=branch, job_category=job_category)
    ranking = selectors.pioneer_ranking(members, period=period, weights=settings.weights)
    page = Paginator(ranking, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    job_labels = dict(Member.JobCategory.choices)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row["job_category_label"] = job_labels.get(row["member__job_category"], "")
    return render(
        request,
        "points/pioneer.html",
        {
            "page": page,
            "year": year,
            "years": selectors.year_choices(),
            "period": period,
            "period_code": period_code,
            "periods": selectors.PIONEER_PERIODS,
            "branches": branches,
            "branch": branch,
            "job_category": job_category,
            "job_categories": Member.JobCategory.choices,
            "categories": Category.choices,
            "weights": [(label, settings.weights[value]) for value, label in Category.choices],
            "querystring": querystring(request),
        },
    )
