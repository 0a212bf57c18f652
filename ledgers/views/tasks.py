"""Tasks and their periods: add, show, change, withdraw, break down, report progress,
waive a period, the evidence file, and a member's own tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from branches import uploads
from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.fetch import require_change
from branches.paging import querystring
from ledgers import selectors, services
from ledgers.forms import (
    BreakDownForm,
    ReportForm,
    TaskChangeForm,
    TaskForm,
    WaiveForm,
    WithdrawForm,
)
from ledgers.models import (
    TaskPeriod,
    TaskUpdate,
)
from ledgers.views.common import (
    PAGE_SIZE,
    get_list,
    get_task,
    local_today,
)


@login_required
def task_create(request, pk):
    responsibility_list = get_list(request, pk)
    require_change(request.user, "ledgers.change_list", responsibility_list)
    form = TaskForm(request.POST or None, responsibility_list=responsibility_list)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                responsibility_list=responsibility_list, by=request.user, **form.service_kwargs()
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Task added."))
            return redirect(task.get_absolute_url())
    return render(
        request,
        "ledgers/task_form.html",
        {"form": form, "responsibility_list": responsibility_list},
    )


@login_required
def task_detail(request, pk):
    task = get_task(request, pk)
    today = local_today()
    periods = list(
        task.periods.order_by("first_day").prefetch_related(
            "activities",
            "updates__author",
        )
    )
    children = list(
        task.children.filter(is_withdrawn=False).select_related(
            "assignee_organisation", "assignee_member", "responsibility_list"
        )
    )
    may_report = request.user.has_perm("ledgers.report_task", task)
    choices = [("", "---------")]
    if may_report and task.assignee_organisation_id:
        year = task.responsibility_list.year
        choices += [
            (a.pk, f"{timezone.localtime(a.start):%Y-%m-%d} {a.topic}")
            for a in Activity.objects.counted()
            .filter(
                organisation__path__startswith=task.assignee_organisation.path, start__year=year
            )
            .order_by("-start")
            .only("pk", "start", "topic")[:200]
        ]
    for period in periods:
        period.status_now = period.status_on(today)
        period.status_now_label = TaskPeriod.Status(period.status_now).label
        # One form per period, with its own element ids (the field names stay the same).
        period.report_form = ReportForm(auto_id=f"p{period.pk}_%s")
        period.report_form.fields["activity"].choices = choices
        if not task.assignee_organisation_id:
            del period.report_form.fields["activity"]
        if task.is_counted or children:  # done when the activities or the children are
            del period.report_form.fields["done"]
        period.waive_form = WaiveForm(auto_id=f"w{period.pk}_%s")
    return render(
        request,
        "ledgers/task_detail.html",
        {
            "task": task,
            "periods": periods,
            "children": children,
            "progress": selectors.children_progress(task),
            "may_report": may_report and not task.responsibility_list.is_closed,
            "may_change": request.user.has_perm("ledgers.change_task", task)
            and not task.responsibility_list.is_closed,
            "may_break_down": request.user.has_perm("ledgers.break_down_task", task)
            and not task.responsibility_list.is_closed,
            "today": today,
        },
    )


@login_required
def task_edit(request, pk):
    task = get_task(request, pk)
    require_change(request.user, "ledgers.change_task", task)
    initial = {f: getattr(task, f) for f in ("title", "description", "weight", "role", "due_date")}
    form = TaskChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_change(task=task, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Task saved."))
            return redirect(task.get_absolute_url())
    return render(request, "ledgers/task_edit.html", {"form": form, "task": task})


@login_required
def task_withdraw(request, pk):
    task = get_task(request, pk)
    require_change(request.user, "ledgers.change_task", task)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_withdraw(task=task, by=request.user, reason=form.cleaned_data["reason"])
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Task withdrawn."))
            return redirect(task.responsibility_list.get_absolute_url())
    return render(request, "ledgers/task_withdraw.html", {"form": form, "task": task})


@login_required
def task_break_down(request, pk):
    task = get_task(request, pk)
    require_change(request.user, "ledgers.break_down_task", task)
    form = BreakDownForm(request.POST or None, organisation=task.assignee_organisation)
    if request.method == "POST" and form.is_valid():
        assignees = [*form.cleaned_data["groups"], *form.cleaned_data["members"]]
        try:
            children = services.task_break_down(
                task=task, by=request.user, assignees=assignees, title=form.cleaned_data["title"]
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("%(count)s child tasks created.") % {"count": len(children)}
            )
            return redirect(task.get_absolute_url())
    return render(request, "ledgers/task_break_down.html", {"form": form, "task": task})


def _get_period(request, pk) -> TaskPeriod:
    period = get_object_or_404(TaskPeriod.objects.select_related("task"), pk=pk)
    get_task(request, period.task_id)  # 404 unless the task is visible
    return period


@login_required
@require_POST
def period_report(request, pk):
    period = _get_period(request, pk)
    task = period.task
    require_change(request.user, "ledgers.report_task", task)
    form = ReportForm(
        request.POST,
        request.FILES,
        activities=Activity.objects.counted().filter(
            organisation__path__startswith=task.assignee_organisation.path
        )
        if task.assignee_organisation_id
        else Activity.objects.none(),
    )
    if form.is_valid():
        try:
            services.period_report(period=period, by=request.user, **form.cleaned_data)
        except PortalError as error:
            message_service_error(request, error)
        else:
            messages.success(request, _("Progress saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(task.get_absolute_url())


@login_required
@require_POST
def period_waive(request, pk):
    period = _get_period(request, pk)
    require_change(request.user, "ledgers.waive_period", period.task)
    form = WaiveForm(request.POST)
    if form.is_valid():
        try:
            services.period_waive(
                period=period, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PortalError as error:
            message_service_error(request, error)
        else:
            messages.success(request, _("Period waived."))
    else:
        messages.error(request, _("Give the reason for waiving the period."))
    return redirect(period.task.get_absolute_url())


@login_required
def evidence(request, pk):
    update = get_object_or_404(TaskUpdate.objects.select_related("period"), pk=pk)
    get_task(request, update.period.task_id)
    if not update.evidence:
        raise Http404
    return uploads.file_response(
        update.evidence.open("rb"),
        name=update.evidence_name or "evidence",
        content_type=update.evidence_type,
    )


@login_required
def mine(request):
    member = scope_for(request.user).member
    today = local_today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    status = request.GET.get("status", "open")
    periods = (
        selectors.my_periods(member, year=year, today=today, status=status)
        if member
        else TaskPeriod.objects.none()
    )
    page = Paginator(periods, PAGE_SIZE).get_page(request.GET.get("page"))
    for period in page:
        period.status_now = period.status_on(today)
        period.status_now_label = TaskPeriod.Status(period.status_now).label
    return render(
        request,
        "ledgers/mine.html",
        {
            "member": member,
            "page": page,
            "status": status,
            "year": year,
            "years": range(today.year, today.year - 4, -1),
            "querystring": querystring(request),
        },
    )
