"""Pages of the star awards, for the organ committee's staff (everyone else gets 404).

Selections are fetched through StarSelection.objects.visible_to (the committees the user
oversees), so a selection of another court's committee is a 404 too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.errors import message_service_error
from branches.fetch import fetch, require_change, require_page
from branches.models import Member
from branches.paging import querystring
from points import awards, selectors
from points.award_forms import GrantForm, RevokeForm, SelectionForm
from points.models import PointsError, StarAward, StarSelection, StarTitle
from points.views import PAGE_SIZE, TABLE_PAGE_SIZE


def _visible_selection(request, pk) -> StarSelection:
    return fetch(
        StarSelection.objects.visible_to(request.user).select_related(
            "title__rule", "committee", "opened_by", "closed_by"
        ),
        pk=pk,
        user=request.user,
    )


@login_required
def selection_list(request):
    require_page(request.user, "points.manage_star_awards")
    selections = StarSelection.objects.visible_to(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        selections = selections.filter(year=int(year))
    titles = StarTitle.objects.all()
    title = next((t for t in titles if str(t.pk) == request.GET.get("title")), None)
    if title is not None:
        selections = selections.filter(title=title)
    state = request.GET.get("state", "")
    if state in StarSelection.State.values:
        selections = selections.filter(state=state)
    page = Paginator(awards.selections_with_counts(selections), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "points/awards/selection_list.html",
        {
            "page": page,
            "years": selectors.year_choices(),
            "year": int(year) if year.isdigit() else None,
            "titles": titles,
            "title": title,
            "states": StarSelection.State.choices,
            "state": state,
            "querystring": querystring(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def selection_new(request):
    require_page(request.user, "points.manage_star_awards")
    form = SelectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            selection = awards.star_selection_open(by=request.user, **form.cleaned_data)
        except PointsError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The selection of “%(title)s” for %(period)s is open.")
                % {"title": selection.title.name, "period": selection.period_label},
            )
            return redirect(selection)
    return render(request, "points/awards/selection_form.html", {"form": form})


@login_required
def selection_detail(request, pk):
    selection = _visible_selection(request, pk)
    branches = selectors.branches_under([selection.committee.path])
    branch = None
    if request.GET.get("branch", "").isdigit():
        branch = branches.filter(pk=request.GET["branch"]).first()
    search = request.GET.get("q", "").strip()
    ranking = awards.shortlist(selection, branch=branch, search=search)
    page = Paginator(ranking, TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    winners = list(awards.selection_winners(selection))
    winner_ids = {award.member_id for award in winners}
    job_labels = dict(Member.JobCategory.choices)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row["job_category_label"] = job_labels.get(row["member__job_category"], "")
        row["is_winner"] = row["member_id"] in winner_ids
    can_manage = request.user.has_perm("points.manage_star_selection", selection)
    return render(
        request,
        "points/awards/selection_detail.html",
        {
            "selection": selection,
            "winners": winners,
            "page": page,
            "branches": branches,
            "branch": branch,
            "search": search,
            "querystring": querystring(request),
            "can_manage": can_manage and selection.is_open,
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_grant(request, pk, member_pk):
    selection = _visible_selection(request, pk)
    require_change(request.user, "points.manage_star_selection", selection)
    if not selection.is_open:
        raise Http404
    member = get_object_or_404(
        awards.eligible_members(selection).select_related("branch"), pk=member_pk
    )
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award = awards.star_award_grant(
                selection=selection,
                member=member,
                citation=form.cleaned_data["citation"],
                by=request.user,
            )
        except PointsError as error:
            form.add_service_error(error)
        else:
            if award.entry is not None:
                message = _("%(name)s is awarded “%(title)s” and gets %(points)s points.") % {
                    "name": member.name,
                    "title": selection.title.name,
                    "points": f"{award.entry.points:+}",
                }
            else:
                message = _("%(name)s is awarded “%(title)s”.") % {
                    "name": member.name,
                    "title": selection.title.name,
                }
            messages.success(request, message)
            return redirect(selection)
    return render(
        request,
        "points/awards/grant_form.html",
        {"selection": selection, "member": member, "form": form},
    )


@login_required
@require_POST
def award_revoke(request, pk):
    award = fetch(
        StarAward.objects.filter(
            selection__in=StarSelection.objects.visible_to(request.user)
        ).select_related("selection__committee", "member"),
        pk=pk,
        user=request.user,
    )
    require_change(request.user, "points.manage_star_selection", award.selection)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise PointsError(_("Give the reason for taking the award back."))
        awards.star_award_revoke(award=award, reason=form.cleaned_data["reason"], by=request.user)
    except PointsError as error:
        message_service_error(request, error)
    else:
        messages.success(
            request, _("The award of %(name)s is taken back.") % {"name": award.member.name}
        )
    return redirect(award.selection)


@login_required
@require_POST
def selection_close(request, pk):
    selection = _visible_selection(request, pk)
    require_change(request.user, "points.manage_star_selection", selection)
    try:
        awards.star_selection_close(selection=selection, by=request.user)
    except PointsError as error:
        message_service_error(request, error)
    else:
        messages.success(request, _("The selection is closed; its winners are final."))
    return redirect(selection)
