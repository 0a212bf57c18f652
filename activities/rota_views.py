"""Pages of the study rota: the series list, a series' rota, its forms, and a member's duties.

A series is seen by whoever sees its branch (an outsider gets 404) and changed by those
who may record activities for the branch (`activities.add_activity_to`; others get 403).
The rota page's forms post to their own URLs and come back to the page (post/redirect/get).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from activities import rota
from activities.models import Activity, ActivityError, ActivitySeries
from activities.rota_forms import (
    LeadsForm,
    MoveForm,
    PlanForm,
    SeriesFilterForm,
    SeriesForm,
    SwapForm,
)
from activities.selectors import organisation_members
from branches.access import scope_for
from branches.errors import message_service_error
from branches.fetch import fetch, require_change
from branches.models import Organisation
from branches.paging import querystring

PAGE_SIZE = 20
DEFAULT_WEEKS = 12


def _visible_series(request, pk: int) -> ActivitySeries:
    series = rota.visible_series(request.user).select_related("branch", "activity_type", "room")
    return fetch(series, pk=pk, user=request.user)


def _can_manage(user, series: ActivitySeries) -> bool:
    return user.has_perm("activities.add_activity_to", series.branch)


def _managed_series(request, pk: int) -> ActivitySeries:
    series = _visible_series(request, pk)
    require_change(request.user, "activities.add_activity_to", series.branch)
    return series


def _manageable_branches(user) -> list[Organisation]:
    """Branches the user may add a series to (no query unless the user manages some)."""
    scope = scope_for(user)
    if not scope.is_leader:
        return []
    branches = (
        Organisation.objects.visible_to(user).active().filter(kind__in=rota.SERIES_BRANCH_KINDS)
    )
    return [b for b in branches if user.has_perm("activities.add_activity_to", b)]


def _back_to_rota(series: ActivitySeries):
    return redirect("activities:series_rota", pk=series.pk)


def _weeks_param(request) -> int:
    value = request.GET.get("weeks", "")
    if value.isdigit() and 1 <= int(value) <= rota.MAX_WEEKS:
        return int(value)
    return DEFAULT_WEEKS


# --- series --------------------------------------------------------------------------------
@login_required
def series_list(request):
    form = SeriesFilterForm(request.GET or None, user=request.user)
    series = rota.series_list(request.user, **form.filters())
    page = Paginator(series, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    return render(
        request,
        "activities/rota_series_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring(request),
            "can_add": scope.is_leader,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request):
    branches = _manageable_branches(request.user)
    if not branches:
        raise PermissionDenied
    form = SeriesForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        try:
            series = rota.series_create(branch=form.cleaned_data["branch"], **form.service_kwargs())
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The series is created. Now put its leads in order."))
            return _back_to_rota(series)
    return render(request, "activities/rota_series_form.html", {"form": form, "series": None})


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request, pk):
    series = _managed_series(request, pk)
    form = SeriesForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        try:
            rota.series_update(series=series, **form.service_kwargs())
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The series is saved."))
            return _back_to_rota(series)
    return render(request, "activities/rota_series_form.html", {"form": form, "series": series})


@login_required
def series_rota(request, pk):
    """The rota page: leads in order, the coming weeks (sessions, skips, what planning adds)."""
    series = _visible_series(request, pk)
    can_manage = _can_manage(request.user, series)
    today = timezone.localdate()
    weeks = _weeks_param(request)
    leads = rota.rota_leads(series)
    rotating = leads or rota.default_leads(series)
    entries = rota.rota_preview(series, today, weeks, leads=rotating)
    context = {
        "series": series,
        "can_manage": can_manage,
        "leads": rotating,
        "leads_by_default": not leads and bool(rotating),
        "entries": entries,
        "weeks": weeks,
        "week_choices": sorted({4, 8, 12, 26, rota.MAX_WEEKS, weeks}),
        "has_schedule": rota.has_schedule(series),
        "to_plan": sum(1 for entry in entries if entry.is_new),
    }
    if can_manage:
        members = list(organisation_members(series.branch).order_by("name", "employee_number"))
        planned = [e.activity for e in entries if e.is_planned]
        context.update(
            leads_form=LeadsForm(members=members, leads=leads),
            plan_form=PlanForm(initial={"weeks": weeks}),
            swap_form=SwapForm(sessions=planned),
        )
    return render(request, "activities/rota_series_detail.html", context)


# --- the rota's changes ----------------------------------------------------------------------
@login_required
@require_POST
def rota_leads(request, pk):
    series = _managed_series(request, pk)
    members = list(organisation_members(series.branch).order_by("name", "employee_number"))
    form = LeadsForm(request.POST, members=members, leads=rota.rota_leads(series))
    if not form.is_valid():
        messages.error(request, _("Give each lead a whole number (1, 2, 3…)."))
        return _back_to_rota(series)
    try:
        rota.rota_leads_set(series=series, members=form.chosen_members())
    except ActivityError as error:
        message_service_error(request, error)
    else:
        messages.success(request, _("The order of the leads is saved."))
    return _back_to_rota(series)


@login_required
@require_POST
def rota_plan(request, pk):
    series = _managed_series(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Plan between 1 and %(max)s weeks at a time.") % {"max": rota.MAX_WEEKS}
        )
        return _back_to_rota(series)
    weeks = form.cleaned_data["weeks"]
    try:
        created = rota.rota_plan(
            series=series, start=timezone.localdate(), weeks=weeks, by=request.user
        )
    except ActivityError as error:
        message_service_error(request, error)
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)d session is planned.", "%(count)d sessions are planned.", len(created)
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Every session of these weeks is planned already."))
    return redirect(f"{reverse('activities:series_rota', args=[series.pk])}?weeks={weeks}")


@login_required
@require_POST
def rota_swap(request, pk):
    series = _managed_series(request, pk)
    sessions = Activity.objects.filter(
        series=series, state=Activity.State.PLANNED, start__gte=timezone.now()
    ).select_related("lead")
    form = SwapForm(request.POST, sessions=list(sessions))
    if not form.is_valid():
        messages.error(request, _("Choose two different planned sessions to swap."))
        return _back_to_rota(series)
    try:
        rota.rota_swap_leads(
            first=form.cleaned_data["first"], second=form.cleaned_data["second"], by=request.user
        )
    except ActivityError as error:
        message_service_error(request, error)
    else:
        messages.success(request, _("The two sessions' leads are swapped."))
    return _back_to_rota(series)


@login_required
@require_http_methods(["GET", "POST"])
def rota_move(request, pk, activity_pk):
    series = _managed_series(request, pk)
    activity = get_object_or_404(
        Activity.objects.select_related("lead"),
        pk=activity_pk,
        series=series,
        state=Activity.State.PLANNED,
    )
    form = MoveForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            rota.rota_move_session(activity=activity, new_start=form.new_start, by=request.user)
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The session is moved."))
            return _back_to_rota(series)
    return render(
        request,
        "activities/rota_move.html",
        {"series": series, "activity": activity, "form": form},
    )


# --- a member's own duties -------------------------------------------------------------------
@login_required
def my_rota(request):
    member = scope_for(request.user).member
    page = None
    if member is not None:
        duties = rota.lead_duties(member, today=timezone.localdate())
        page = Paginator(duties, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "activities/rota_mine.html", {"member": member, "page": page})
