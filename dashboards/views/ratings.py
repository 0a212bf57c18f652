"""Star ratings: the committee's table, computing from the rubric, a branch's rating
with its self-assessment, the committee's review and the confirmed stars."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import statistics as stats
from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.models import Organisation
from dashboards import rubric, services
from dashboards.forms import ConfirmForm, ScoresForm
from dashboards.models import BranchRating
from dashboards.views.common import (
    branch_and_rating,
    committee_root,
    local_today,
    managed_or_404,
    year_param,
)


@login_required
def ratings(request):
    root = committee_root(request)
    year = year_param(request)
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
            "years": sorted({year, local_today().year, local_today().year - 1}, reverse=True),
            "lines": lines,
            "quota_warning": rubric.quota_warning(stars),
            "distribution": [(n, sum(1 for s in stars if s == n)) for n in range(5, 0, -1)],
        },
    )


@login_required
@require_POST
def ratings_compute(request):
    """Compute the year's ratings: one branch (its leaders or the committee) or the whole tree."""
    year = year_param(request)
    branch_pk = request.POST.get("branch", "")
    if branch_pk:
        if not branch_pk.isdigit():
            raise Http404
        organisation = managed_or_404(request, int(branch_pk))
        if organisation.kind != Organisation.Kind.BRANCH:
            raise Http404
        services.ratings_compute(branches=[organisation], year=year, today=local_today())
        messages.success(request, _("Star ratings computed from the rubric."))
        return redirect("dashboards:rating_detail", organisation.pk, year)
    root = committee_root(request)
    services.ratings_compute(branches=stats.branches_under([root]), year=year, today=local_today())
    messages.success(request, _("Star ratings computed from the rubric."))
    return redirect(f"{reverse('dashboards:ratings')}?{urlencode({'org': root.pk, 'year': year})}")


def _hand_scored(rating: BranchRating | None):
    """Criteria the rating takes entered scores for: committee-scored and unmeasured ones."""
    criteria = services.active_criteria()
    unmeasured = {
        line["code"] for line in (rating.breakdown if rating else []) if line["fraction"] is None
    }
    return [c for c in criteria if c.source == rubric.COMMITTEE or c.code in unmeasured]


@login_required
def rating_detail(request, pk, year):
    organisation, rating = branch_and_rating(request, pk, year)
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
    organisation, rating = branch_and_rating(request, pk, year)
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
                today=local_today(),
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
    organisation, rating = branch_and_rating(request, pk, year)
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
