"""Pages of the democratic evaluation.

Rounds are fetched through EvaluationRound.objects.visible_to: leaders of the branch (and
the committee above it) and the round's participants; anyone else gets 404. A
participant who is not a leader opening the overview is sent to their own form. A leader
who may see the overview but not run the round (a committee member who is not the
secretary) gets 403 on the secretary's pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import scope_for
from branches.errors import message_service_error
from branches.fetch import fetch, require_change, require_page
from branches.paging import querystring
from points import evaluation, selectors
from points.evaluation_forms import ConfirmForm, EvaluationForm, ReviewForm, RoundForm
from points.models import EvaluationRound, Grade, PointsError
from points.views import TABLE_PAGE_SIZE

PAGE_SIZE = 30


def _visible_round(request, pk) -> EvaluationRound:
    return fetch(
        EvaluationRound.objects.visible_to(request.user).select_related(
            "branch", "opened_by", "confirmed_by"
        ),
        pk=pk,
        user=request.user,
    )


def _runnable_round(request, pk) -> EvaluationRound:
    evaluation_round = _visible_round(request, pk)
    require_page(request.user, "points.view_evaluation_overview", evaluation_round)
    require_change(request.user, "points.run_evaluation", evaluation_round)
    return evaluation_round


@login_required
def round_list(request):
    rounds = evaluation.visible_rounds(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        rounds = rounds.filter(year=int(year))
    state = request.GET.get("state", "")
    if state in EvaluationRound.State.values:
        rounds = rounds.filter(state=state)
    search = request.GET.get("q", "").strip()
    if search:
        rounds = rounds.filter(branch__name__icontains=search)
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.leads = scope.manages(row.branch)
    return render(
        request,
        "points/evaluation/round_list.html",
        {
            "page": page,
            "years": selectors.year_choices(),
            "year": int(year) if year.isdigit() else None,
            "states": EvaluationRound.State.choices,
            "state": state,
            "search": search,
            "querystring": querystring(request),
            "can_open": request.user.has_perm("points.open_evaluation_round"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    require_page(request.user, "points.open_evaluation_round")
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_round = evaluation.evaluation_round_open(
                by=request.user, **form.cleaned_data
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The evaluation round “%(label)s” is open: the members can fill in their forms.")
                % {"label": evaluation_round.label},
            )
            return redirect(evaluation_round)
    return render(request, "points/evaluation/round_form.html", {"form": form})


@login_required
def round_overview(request, pk):
    evaluation_round = _visible_round(request, pk)
    if not request.user.has_perm("points.view_evaluation_overview", evaluation_round):
        return redirect("points:evaluation_form", pk=evaluation_round.pk)
    participants = evaluation.participants(evaluation_round)
    page = Paginator(participants, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = evaluation.overview_rows(evaluation_round, list(page.object_list))
    total = page.paginator.count
    own = scope_for(request.user).member
    return render(
        request,
        "points/evaluation/overview.html",
        {
            "round": evaluation_round,
            "page": page,
            "rows": rows,
            "participant_count": total,
            "fellow_count": max(total - 1, 0),
            "excellent_limit": evaluation.excellent_limit(total),
            "grades": Grade.choices,
            "querystring": querystring(request),
            "can_run": request.user.has_perm("points.run_evaluation", evaluation_round),
            "takes_part": own is not None
            and evaluation_round.evaluations.filter(member=own).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_form(request, pk):
    evaluation_round = _visible_round(request, pk)
    member = scope_for(request.user).member
    own = (
        evaluation_round.evaluations.filter(member=member).select_related("member").first()
        if member is not None
        else None
    )
    if own is None:
        raise Http404
    fellows = [e.member for e in evaluation.participants(evaluation_round).exclude(member=member)]
    participants = len(fellows) + 1
    context = {
        "round": evaluation_round,
        "evaluation": own,
        "participant_count": participants,
        "excellent_limit": evaluation.excellent_limit(participants),
        "grades": Grade.choices,
        "can_lead": request.user.has_perm("points.view_evaluation_overview", evaluation_round),
    }
    if not evaluation_round.is_open:
        counts = evaluation.received_counts(evaluation_round, [member.pk]).get(member.pk, {})
        context["grade_counts"] = evaluation.grade_counts_list(counts)
        return render(request, "points/evaluation/result.html", context)

    given = dict(evaluation_round.peer_grades.filter(rater=member).values_list("rated_id", "grade"))
    initial = {"self_assessment": own.self_assessment, "self_grade": own.self_grade}
    initial |= {f"peer_{pk}": grade for pk, grade in given.items()}
    form = EvaluationForm(
        request.POST or None, initial=initial, fellows=fellows, participants=participants
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.evaluation_submit(
                evaluation_round=evaluation_round,
                member=member,
                self_assessment=form.cleaned_data["self_assessment"],
                self_grade=form.cleaned_data["self_grade"],
                peer_grades=form.peer_grades(),
                by=request.user,
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your evaluation form is submitted. You can change it until the round closes."),
            )
            return redirect("points:evaluation_form", pk=evaluation_round.pk)
    context["form"] = form
    return render(request, "points/evaluation/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_review(request, pk):
    evaluation_round = _runnable_round(request, pk)
    if evaluation_round.is_confirmed:
        return redirect(evaluation_round)
    evaluations = list(evaluation.participants(evaluation_round))
    form = ReviewForm(request.POST or None, evaluations=evaluations)
    if request.method == "POST" and form.is_valid():
        try:
            changed = evaluation.evaluation_review(
                evaluation_round=evaluation_round, reviews=form.reviews(), by=request.user
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Leader review saved (%(count)s changed).") % {"count": changed}
            )
            return redirect(evaluation_round)
    return render(
        request,
        "points/evaluation/review.html",
        {
            "round": evaluation_round,
            "form": form,
            "excellent_limit": evaluation.excellent_limit(len(evaluations)),
            "grades": Grade.choices,
        },
    )


@login_required
@require_POST
def round_close(request, pk):
    evaluation_round = _runnable_round(request, pk)
    try:
        evaluation.evaluation_round_close(evaluation_round=evaluation_round, by=request.user)
    except PointsError as error:
        message_service_error(request, error)
    else:
        messages.success(
            request, _("The round is closed and the result grades are proposed; confirm them.")
        )
    return redirect(evaluation_round)


@login_required
@require_http_methods(["GET", "POST"])
def round_confirm(request, pk):
    evaluation_round = _runnable_round(request, pk)
    if not evaluation_round.is_closed:
        messages.error(request, _("Grades are confirmed after the round is closed."))
        return redirect(evaluation_round)
    evaluations = evaluation.overview_rows(
        evaluation_round, list(evaluation.participants(evaluation_round))
    )
    form = ConfirmForm(request.POST or None, evaluations=evaluations)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.evaluation_round_confirm(
                evaluation_round=evaluation_round,
                final_grades=form.final_grades(),
                by=request.user,
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The final grades are confirmed."))
            return redirect(evaluation_round)
    return render(
        request,
        "points/evaluation/confirm.html",
        {
            "round": evaluation_round,
            "form": form,
            "excellent_limit": evaluation.excellent_limit(len(evaluations)),
            "grades": Grade.choices,
        },
    )
