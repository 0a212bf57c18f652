"""Innovation-project rounds: open, submit, cross review, decide, publish."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import scope_for
from branches.errors import message_service_error
from branches.fetch import require_change
from branches.models import Organisation
from branches.paging import querystring
from brands import innovation
from brands.access import reads
from brands.forms import (
    DecisionForm,
    ProjectForm,
    ReassignForm,
    ReviewForm,
    RoundForm,
)
from brands.models import (
    BrandError,
    CrossReview,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
)
from brands.views.common import (
    PAGE_SIZE,
    stored_file,
)


def _round(request, pk) -> InnovationRound:
    return get_object_or_404(
        InnovationRound.objects.visible_to(request.user).select_related("committee"), pk=pk
    )


@login_required
def round_list(request):
    rounds = InnovationRound.objects.visible_to(request.user).select_related("committee")
    year = request.GET.get("year", "")
    if year.isdigit():
        rounds = rounds.filter(year=int(year))
    from django.db.models import Count

    rounds = rounds.annotate(project_count=Count("projects", distinct=True)).order_by(
        "-year", "-pk"
    )
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "brands/round_list.html",
        {
            "page": page,
            "year": year,
            "querystring": querystring(request),
            "can_open": scope_for(request.user).is_committee_staff,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    scope = scope_for(request.user)
    committee = (
        Organisation.objects.filter(
            kind=Organisation.Kind.COMMITTEE, path__in=scope.committee_paths
        ).first()
        if not scope.is_admin
        else Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE).order_by("path").first()
    )
    if committee is None:
        raise Http404
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            innovation_round = innovation.round_open(
                by=request.user, committee=committee, **form.cleaned_data
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The round is open for submissions."))
            return redirect(innovation_round)
    return render(request, "brands/round_form.html", {"form": form, "committee": committee})


@login_required
def round_detail(request, pk):
    innovation_round = _round(request, pk)
    user = request.user
    manages = user.has_perm("brands.manage_round", innovation_round)
    scope = scope_for(user)
    own_branch = scope.member.branch if scope.member and scope.member.branch_id else None
    own_project = None
    can_submit = own_branch is not None and user.has_perm("brands.submit_project", own_branch)
    if own_branch is not None:
        own_project = innovation_round.projects.filter(branch=own_branch).first()
    my_reviews = list(
        CrossReview.objects.filter(project__round=innovation_round, reviewer=user).select_related(
            "project__branch"
        )
    )
    results = (
        innovation.round_results(innovation_round)
        if manages or innovation_round.state == InnovationRound.State.PUBLISHED
        else []
    )
    return render(
        request,
        "brands/round_detail.html",
        {
            "round": innovation_round,
            "criteria": list(innovation_round.criteria.all()),
            "manages": manages,
            "results": results,
            "show_scores": manages or innovation_round.scores_visible,
            "own_project": own_project,
            "can_submit": can_submit and innovation_round.state == InnovationRound.State.OPEN,
            "my_reviews": my_reviews,
            "State": InnovationRound.State,
            "today": timezone.localdate(),
            "decision_choices": InnovationProject.Decision.choices,
        },
    )


@login_required
@require_POST
def round_advance(request, pk):
    innovation_round = _round(request, pk)
    require_change(request.user, "brands.manage_round", innovation_round)
    action = request.POST.get("action")
    steps = {
        "review": (
            innovation.round_start_review,
            _("Submissions are closed and the reviews assigned."),
        ),
        "close": (innovation.round_close, _("The review is closed; the scores are visible.")),
        "publish": (
            innovation.round_publish,
            _("The results are published; selected projects have their honour."),
        ),
    }
    if action not in steps:
        raise Http404
    service, done = steps[action]
    try:
        service(by=request.user, innovation_round=innovation_round)
    except BrandError as error:
        message_service_error(request, error)
    else:
        messages.success(request, done)
    return redirect(innovation_round)


@login_required
@require_http_methods(["GET", "POST"])
def project_submit(request, pk):
    innovation_round = _round(request, pk)
    scope = scope_for(request.user)
    branch = scope.member.branch if scope.member and scope.member.branch_id else None
    if branch is None or not request.user.has_perm("brands.submit_project", branch):
        raise PermissionDenied
    project = innovation_round.projects.filter(branch=branch).first()
    form = ProjectForm(request.POST or None, request.FILES or None, branch=branch, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = innovation.project_submit(
                by=request.user,
                innovation_round=innovation_round,
                branch=branch,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                brand=form.cleaned_data["brand"],
                attachments=form.cleaned_data["attachments"],
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your branch's project is submitted."))
            return redirect(project)
    return render(
        request,
        "brands/project_form.html",
        {"form": form, "round": innovation_round, "branch": branch, "project": project},
    )


def _project(request, pk) -> InnovationProject:
    project = get_object_or_404(
        InnovationProject.objects.visible_to(request.user).select_related(
            "round__committee", "branch", "brand"
        ),
        pk=pk,
    )
    if not request.user.has_perm("brands.view_project", project):
        raise PermissionDenied
    return project


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, pk):
    project = _project(request, pk)
    manages = request.user.has_perm("brands.manage_round", project.round)
    form = DecisionForm(
        request.POST or None, initial={"decision": project.decision, "note": project.decision_note}
    )
    if request.method == "POST":
        require_change(request.user, "brands.manage_round", project.round)
        if form.is_valid():
            try:
                innovation.project_decide(
                    by=request.user,
                    project=project,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except BrandError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(project.round)
    reviews = []
    if manages or project.round.scores_visible:
        reviews = list(
            project.reviews.select_related("reviewer", "reviewer_branch").prefetch_related(
                "scores__criterion"
            )
        )
    return render(
        request,
        "brands/project_detail.html",
        {
            "project": project,
            "attachments": list(project.attachments.all()),
            "manages": manages,
            "reviews": reviews,
            "form": form,
            "can_decide": manages and project.round.state == InnovationRound.State.CLOSED,
            "can_edit": project.round.state == InnovationRound.State.OPEN
            and request.user.has_perm("brands.submit_project", project.branch),
        },
    )


@login_required
def project_attachment(request, pk):
    attachment = get_object_or_404(ProjectAttachment.objects.select_related("project"), pk=pk)
    _project(request, attachment.project_id)
    return stored_file(
        attachment.file,
        name=attachment.original_name,
        content_type=attachment.content_type,
    )


def _review(request, pk) -> CrossReview:
    review = get_object_or_404(
        CrossReview.objects.select_related(
            "project__round__committee", "project__branch", "project__brand"
        ),
        pk=pk,
    )
    if not reads(request.user, review.project.branch) and not scope_for(request.user).is_admin:
        raise Http404
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    review = _review(request, pk)
    # rules.has_perm, not user.has_perm: even an admin does not score someone else's review.
    if not rules.has_perm("brands.review_project", request.user, review):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, review=review)
    open_for_scores = review.project.round.state == InnovationRound.State.REVIEW
    if request.method == "POST" and form.is_valid():
        try:
            innovation.review_submit(by=request.user, review=review, scores=form.scores())
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect(review.project.round)
    return render(
        request,
        "brands/review_form.html",
        {
            "review": review,
            "project": review.project,
            "attachments": list(review.project.attachments.all()),
            "form": form,
            "open_for_scores": open_for_scores,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_reassign(request, pk):
    review = _review(request, pk)
    require_change(request.user, "brands.manage_round", review.project.round)
    pool = innovation.reviewer_pool(review.project.round)
    form = ReassignForm(request.POST or None, pool=pool, project=review.project)
    if request.method == "POST" and form.is_valid():
        user, branch_id = form.pool[form.cleaned_data["reviewer"]]
        try:
            innovation.review_reassign(
                by=request.user,
                review=review,
                reviewer=user,
                reviewer_branch=Organisation.objects.get(pk=branch_id),
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The review is reassigned."))
            return redirect(review.project.round)
    return render(request, "brands/reassign_form.html", {"review": review, "form": form})
