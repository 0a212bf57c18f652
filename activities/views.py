"""Pages of the activities app.

Each view fetches through `Activity.objects.visible_to(user)` (an outsider gets 404) and
checks the object rule for changes (a member who may see but not change gets 403).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities import rota, selectors, services
from activities.forms import ActivityFilterForm, ActivityForm, AttendanceTable, WithdrawForm
from activities.models import Activity, ActivityError, ActivityType
from branches import uploads
from branches.access import scope_for
from branches.fetch import fetch, require_change
from branches.models import Organisation
from branches.paging import querystring
from branches.periods import Period

PAGE_SIZE = 20


def _visible_activity(request, pk: int, *, with_counts: bool = False) -> Activity:
    activities = Activity.objects.visible_to(request.user).select_related(
        "organisation", "activity_type", "series", "room", "lead", "created_by"
    )
    if with_counts:
        activities = activities.with_attendance_counts()
    return fetch(activities, pk=pk, user=request.user)


def _changeable_activity(request, pk: int) -> Activity:
    # change_activity refuses a withdrawn activity too (activities/rules.py).
    activity = _visible_activity(request, pk)
    require_change(request.user, "activities.change_activity", activity)
    return activity


@login_required
def activity_list(request):
    form = ActivityFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    activities = selectors.activity_list(request.user, **form.filters())
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring(request),
            "can_add": _records_somewhere(request.user),
        },
    )


@login_required
def activity_calendar(request):
    today = timezone.localdate()
    period = Period.parse(request.GET.get("month", ""))
    if period is None or period.kind != Period.Kind.MONTH:
        period = Period.month(today.year, today.month)
    first = period.first
    organisation = None
    if request.GET.get("organisation", "").isdigit():
        organisation = (
            Organisation.objects.visible_to(request.user)
            .filter(pk=request.GET["organisation"])
            .first()
        )
    weeks = selectors.calendar_month(
        request.user, year=first.year, month=first.month, organisation=organisation
    )
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = period.after
    extra = {"organisation": organisation.pk} if organisation else {}
    return render(
        request,
        "activities/calendar.html",
        {
            "weeks": weeks,
            "month": first,
            "organisation": organisation,
            "previous_query": urlencode({"month": f"{previous:%Y-%m}", **extra}),
            "next_query": urlencode({"month": f"{following:%Y-%m}", **extra}),
            "today_query": urlencode({"month": f"{today:%Y-%m}", **extra}),
        },
    )


@login_required
def activity_detail(request, pk):
    activity = _visible_activity(request, pk, with_counts=True)
    groups = selectors.attendance_by_status(activity)
    can_change = not activity.is_withdrawn and request.user.has_perm(
        "activities.change_activity", activity
    )
    show_history = request.user.has_perm("activities.view_activity_history", activity)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            **_reason_access(request, activity),
            "present": groups["present"],
            "on_leave": groups["on_leave"],
            "absent": groups["absent"],
            "attachments": activity.attachments.all(),
            "partners": activity.partners.all(),
            "can_change": can_change,
            "history": selectors.activity_history(activity) if show_history else None,
        },
    )


@login_required
def activity_print(request, pk):
    activity = _visible_activity(request, pk, with_counts=True)
    groups = selectors.attendance_by_status(activity)
    return render(
        request,
        "activities/print.html",
        {
            "activity": activity,
            **_reason_access(request, activity),
            "present": groups["present"],
            "on_leave": groups["on_leave"],
            "absent": groups["absent"],
            "partners": activity.partners.all(),
            "printed_on": timezone.localdate(),
        },
    )


def _reason_access(request, activity) -> dict:
    """Who reads the reasons for leave: leaders of the organisation and the committee all of
    them (`activities.view_leave_reasons`), a member only their own."""
    member = scope_for(request.user).member
    return {
        "all_reasons": request.user.has_perm("activities.view_leave_reasons", activity),
        "own_member_id": member.pk if member is not None else None,
    }


def _records_somewhere(user) -> bool:
    """Whether the user may record activities for some organisation (no query)."""
    return scope_for(user).leads_anyone


def _recordable_organisations(user) -> list[Organisation]:
    """Organisations the user may record activities for (among those they can see)."""
    if not _records_somewhere(user):
        return []
    organisations = Organisation.objects.visible_to(user).active()
    return [o for o in organisations if user.has_perm("activities.add_activity_to", o)]


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request):
    organisation_pk = request.GET.get("organisation", "")
    if not organisation_pk.isdigit():
        choices = _recordable_organisations(request.user)
        if not choices:
            raise PermissionDenied
        if len(choices) == 1:
            query = {"organisation": choices[0].pk}
            if request.GET.get("type"):
                query["type"] = request.GET["type"]
            return redirect(f"{reverse('activities:new')}?{urlencode(query)}")
        return render(
            request,
            "activities/choose_organisation.html",
            {"organisations": choices, "types": ActivityType.objects.filter(is_active=True)},
        )
    organisation = fetch(
        Organisation.objects.visible_to(request.user),
        pk=organisation_pk,
        user=request.user,
        change="activities.add_activity_to",
    )
    initial_type = ActivityType.objects.filter(
        code=request.GET.get("type", ""), is_active=True
    ).first()
    series, day = _series_and_day(request.GET, organisation)
    if series is not None and day is not None:
        # A session of the series planned for that day is recorded, not entered again.
        planned = rota.planned_session_on(series, day)
        if planned is not None:
            return redirect("activities:edit", planned.pk)
    return _record_form(
        request,
        organisation=organisation,
        activity=None,
        initial_type=initial_type,
        series=series,
        day=day,
    )


def _series_and_day(data, organisation):
    """The series (of the organisation's branch) and date named in a query or a form's data."""
    series = None
    if str(data.get("series", "")).isdigit():
        series = selectors.series_for(organisation).filter(pk=data["series"]).first()
    try:
        day = datetime.date.fromisoformat(str(data.get("date", "")))
    except ValueError:
        day = None
    return series, day


def series_prefill(series, day: datetime.date) -> dict:
    """What choosing a series fills in the record form for `day`: type, times, room and the
    rota's lead (the planned session's, when there is one)."""
    planned = rota.planned_session_on(series, day)
    lead = planned.lead if planned is not None else rota.rota_lead_on(series, day)
    return {
        "activity_type": series.activity_type_id,
        "start_time": f"{series.start_time:%H:%M}" if series.start_time else "",
        "end_time": f"{series.end_time:%H:%M}" if series.end_time else "",
        "room": series.room_id or "",
        "location": series.default_location,
        "lead": lead.pk if lead else "",
        "lead_name": lead.name if lead else "",
        "planned_url": reverse("activities:edit", args=[planned.pk]) if planned else "",
    }


@login_required
def activity_series_prefill(request, pk):
    """JSON for the record form's script: what the series fills in for ?date=YYYY-MM-DD."""
    series = get_object_or_404(
        rota.visible_series(request.user).select_related("branch"), pk=pk, is_active=True
    )
    if not request.user.has_perm("activities.add_activity_to", series.branch):
        raise PermissionDenied
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    return JsonResponse(series_prefill(series, day))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = _changeable_activity(request, pk)
    return _record_form(
        request, organisation=activity.organisation, activity=activity, initial_type=None
    )


def _record_form(request, *, organisation, activity, initial_type, series=None, day=None):
    """The one record form: activity fields and the attendance table (GET shows, POST saves).

    A new record naming a series and a date on which the series has a planned session
    records that session. A record of the same organisation, type (or series) and day as
    a record already held is saved only once the user confirms it.
    """
    if activity is None and request.method == "POST":
        series, day = _series_and_day(request.POST, organisation)
        planned = rota.planned_session_on(series, day) if series and day else None
        if planned is not None and request.user.has_perm("activities.change_activity", planned):
            activity = planned
    activity_type = activity.activity_type if activity else initial_type
    existing = list(activity.attendances.select_related("member")) if activity else []
    # A held record lists the people recorded then (members who joined later are not added);
    # a new or planned one lists the organisation's current attendees.
    lists_current = not (existing and activity.state == Activity.State.HELD)
    initial = {}
    if activity is None:
        initial = {"date": day or timezone.localdate(), "activity_type": initial_type}
        if series is not None:
            filled = series_prefill(series, initial["date"])
            activity_type = series.activity_type
            initial.update(
                series=series,
                activity_type=activity_type,
                topic=series.name,
                start_time=filled["start_time"],
                end_time=filled["end_time"],
                room=series.room,
                location=series.default_location,
                lead=filled["lead"] or None,
            )
    duplicate = None
    if request.method == "POST":
        form = ActivityForm(
            request.POST, request.FILES, organisation=organisation, activity=activity
        )
        type_pk = request.POST.get("activity_type", "")
        if type_pk.isdigit():
            activity_type = form.fields["activity_type"].queryset.filter(pk=type_pk).first()
        members = selectors.activity_attendees(organisation, activity_type) if lists_current else []
        table = AttendanceTable(members=members, existing=existing, data=request.POST)
        plan = request.POST.get("action") == "plan" and (
            activity is None or activity.state == Activity.State.PLANNED
        )
        takes_attendance = activity_type is None or activity_type.takes_attendance
        if form.is_valid() and not plan:
            duplicate = selectors.same_day_records(
                organisation,
                day=form.cleaned_data["date"],
                activity_type=form.cleaned_data["activity_type"],
                series=form.cleaned_data["series"],
                exclude=activity,
            ).first()
            if duplicate is not None and request.POST.get("confirm_duplicate") == str(duplicate.pk):
                duplicate = None
            elif duplicate is not None:
                form.add_error(
                    None,
                    _(
                        "%(organisation)s already has a record of this on %(date)s: “%(topic)s”. "
                        "Tick the box below to save a second record anyway."
                    )
                    % {
                        "organisation": organisation.name,
                        "date": f"{timezone.localtime(duplicate.start):%Y-%m-%d %H:%M}",
                        "topic": duplicate.topic,
                    },
                )
        if form.is_valid() and (plan or not takes_attendance or table.is_valid()):
            try:
                saved = _save_record(
                    request, form, table, organisation=organisation, activity=activity, plan=plan
                )
            except ActivityError as error:
                form.add_service_error(error)
            else:
                if plan:
                    messages.success(request, _("The activity is planned."))
                else:
                    messages.success(request, _("The activity is recorded."))
                return redirect(saved)
    else:
        form = ActivityForm(organisation=organisation, activity=activity, initial=initial)
        members = selectors.activity_attendees(organisation, activity_type) if lists_current else []
        table = AttendanceTable(members=members, existing=existing)
    types = form.fields["activity_type"].queryset
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "table": table,
            "organisation": organisation,
            "activity": activity,
            "can_plan": activity is None or activity.state == Activity.State.PLANNED,
            "duplicate": duplicate,
            "prefill_urls": {
                str(s.pk): reverse("activities:series_prefill", args=[s.pk])
                for s in form.fields["series"].queryset
            },
            "type_flags": {
                str(t.pk): {
                    "attendance": t.takes_attendance,
                    "results": t.has_results,
                    "partners": t.category == ActivityType.Category.CO_BUILDING,
                }
                for t in types
            },
        },
    )


def _save_record(request, form, table, *, organisation, activity, plan):
    values = form.service_kwargs()
    if plan:
        return services.activity_plan(
            by=request.user, activity=activity, organisation=organisation, **values
        )
    return services.activity_record(
        by=request.user,
        activity=activity,
        organisation=organisation,
        attendance=table.entries(),
        guests=form.cleaned_data["guests"],
        attachments=form.cleaned_data["attachments"],
        **values,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_withdraw(request, pk):
    activity = _changeable_activity(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_withdraw(
                activity=activity, reason=form.cleaned_data["reason"], by=request.user
            )
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The activity is withdrawn; it stays on record."))
            return redirect(activity)
    return render(request, "activities/withdraw.html", {"activity": activity, "form": form})


@login_required
def attachment_download(request, pk, attachment_pk):
    activity = _visible_activity(request, pk)
    attachment = get_object_or_404(activity.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = uploads.file_response(
        handle, name=attachment.original_name, content_type=attachment.content_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def my_attendance(request):
    member = scope_for(request.user).member
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    if member is None:
        rows, summary, page = None, None, None
    else:
        rows = selectors.member_attendance(member, year=year)
        summary = selectors.attendance_summary(rows)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(
        request,
        "activities/mine.html",
        {
            "member": member,
            "page": page,
            "summary": summary,
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "querystring": querystring(request),
        },
    )
