"""Pages of the ledgers app.

Objects come through the scoped querysets (`ResponsibilityList.objects.visible_to`,
`Task.objects.visible_to`, `Organisation.objects.visible_to`): an outsider gets 404; a
user who may see but not change gets 403. Committee pages are 404 for everyone else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from branches import uploads
from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.fetch import require_change, require_page
from branches.models import Organisation
from branches.paging import querystring
from branches.periods import Period
from branches.xlsx import xlsx_response
from ledgers import exporting, selectors, services
from ledgers.forms import (
    AdjustForm,
    BreakDownForm,
    GradeForm,
    ReportForm,
    ReportTextForm,
    TaskChangeForm,
    TaskForm,
    WaiveForm,
    WithdrawForm,
)
from ledgers.models import (
    AnnualReport,
    Category,
    MonthlyAssessment,
    ResponsibilityList,
    Task,
    TaskPeriod,
    TaskUpdate,
)

PAGE_SIZE = 30


def _today():
    return timezone.localdate()


def _get_list(request, pk) -> ResponsibilityList:
    return get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user).select_related(
            "organisation", "member__branch"
        ),
        pk=pk,
    )


def _get_task(request, pk) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(request.user).select_related(
            "responsibility_list__organisation",
            "responsibility_list__member__branch",
            "assignee_organisation",
            "assignee_member",
            "target_activity_type",
            "target_series",
            "parent",
        ),
        pk=pk,
    )


def _get_organisation(request, pk) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)


# --- lists ---------------------------------------------------------------------------------
@login_required
def index(request):
    """The lists the user may see, with filters, search and pagination."""
    today = _today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    lists = (
        ResponsibilityList.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("organisation", "member")
        .order_by("organisation__path", "member__name", "pk")
    )
    state = request.GET.get("state", "")
    if state in ResponsibilityList.State.values:
        lists = lists.filter(state=state)
    search = request.GET.get("q", "").strip()
    if search:
        lists = lists.filter(
            Q(title__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(member__name__icontains=search)
        )
    page = Paginator(lists, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ledgers/index.html",
        {
            "page": page,
            "year": year,
            "years": range(today.year + 1, today.year - 4, -1),
            "state": state,
            "states": ResponsibilityList.State.choices,
            "search": search,
            "querystring": querystring(request),
            "may_create_next_year": request.user.has_perm("ledgers.create_next_year"),
        },
    )


def _ledger_context(request, responsibility_list, tasks, *, organisation=None):
    today = _today()
    category = request.GET.get("category", "")
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    tasks = selectors.filter_tasks(
        tasks, category=category, status=status, search=search, today=today
    )
    sections = [s for s in selectors.ledger_tasks(tasks, today=today) if s.rows or not category]
    return {
        "responsibility_list": responsibility_list,
        "organisation": organisation,
        "sections": sections,
        "months": selectors.MONTHS,
        "categories": Category.choices,
        "category": category,
        "status": status,
        "search": search,
        "today": today,
        "querystring": querystring(request),
    }


@login_required
def list_detail(request, pk):
    """The ledger: categories × periods, each row with its status and what is behind it."""
    responsibility_list = _get_list(request, pk)
    if responsibility_list.organisation_id:
        tasks = selectors.organisation_tasks(
            responsibility_list.organisation, responsibility_list.year
        )
    else:
        tasks = Task.objects.live().filter(responsibility_list=responsibility_list)
    context = _ledger_context(
        request, responsibility_list, tasks, organisation=responsibility_list.organisation
    )
    context["may_change"] = request.user.has_perm("ledgers.change_list", responsibility_list)
    organisation = responsibility_list.organisation
    if organisation is not None and not organisation.is_group:
        context["groups"] = list(
            Organisation.objects.filter(
                path__startswith=organisation.path, kind=Organisation.Kind.GROUP, is_active=True
            ).order_by("path")
        )
        if request.user.has_perm("ledgers.view_record_book", organisation):
            context["record_book"] = Period.of(Period.Kind.QUARTER, _today()).previous()
    return render(request, "ledgers/ledger.html", context)


@login_required
def list_print(request, pk):
    responsibility_list = _get_list(request, pk)
    tasks = (
        selectors.organisation_tasks(responsibility_list.organisation, responsibility_list.year)
        if responsibility_list.organisation_id
        else Task.objects.live().filter(responsibility_list=responsibility_list)
    )
    context = _ledger_context(request, responsibility_list, tasks)
    return render(request, "ledgers/ledger_print.html", context)


@login_required
def list_export(request, pk):
    responsibility_list = _get_list(request, pk)
    tasks = (
        selectors.organisation_tasks(responsibility_list.organisation, responsibility_list.year)
        if responsibility_list.organisation_id
        else Task.objects.live().filter(responsibility_list=responsibility_list)
    )
    sections = selectors.ledger_tasks(tasks, today=_today())
    content = exporting.ledger_workbook(
        responsibility_list=responsibility_list, sections=sections, today=_today()
    )
    return xlsx_response(content, f"{responsibility_list.title}.xlsx")


@login_required
@require_POST
def list_transition(request, pk, action):
    responsibility_list = _get_list(request, pk)
    require_change(request.user, "ledgers.change_list", responsibility_list)
    service = {"publish": services.list_publish, "close": services.list_close}.get(action)
    if service is None:
        raise Http404
    try:
        service(responsibility_list=responsibility_list, by=request.user)
    except PortalError as error:
        message_service_error(request, error)
    else:
        messages.success(
            request,
            _("The list is %(state)s.")
            % {
                "state": ResponsibilityList.State(
                    ResponsibilityList.State.PUBLISHED
                    if action == "publish"
                    else ResponsibilityList.State.CLOSED
                ).label
            },
        )
    return redirect(responsibility_list.get_absolute_url())


@login_required
def organisation_ledger(request, pk):
    """An organisation's ledger of a year (a party group's, or a branch's), by organisation."""
    organisation = _get_organisation(request, pk)
    year = selectors.year_from(request.GET.get("year"), _today().year)
    responsibility_list = ResponsibilityList.objects.filter(
        organisation=organisation, year=year
    ).first()
    if responsibility_list is not None and request.user.has_perm(
        "ledgers.view_list", responsibility_list
    ):
        # Filters (status=overdue from the dashboards, category, search) go along.
        query = request.GET.copy()
        query.pop("year", None)
        url = responsibility_list.get_absolute_url()
        return redirect(f"{url}?{query.urlencode()}" if query else url)
    if not (
        scope_for(request.user).manages(organisation)
        or organisation.pk in scope_for(request.user).led_group_ids
    ):
        raise PermissionDenied
    tasks = selectors.organisation_tasks(organisation, year)
    context = _ledger_context(request, None, tasks, organisation=organisation)
    context["may_change"] = False
    context["year"] = year
    return render(request, "ledgers/ledger.html", context)


@login_required
@require_POST
def create_next_year(request):
    require_page(request.user, "ledgers.create_next_year")
    year = selectors.year_from(request.POST.get("year"), _today().year)
    scope = scope_for(request.user)
    within = None
    if not scope.is_admin:
        within = Organisation.objects.filter(path=scope.committee_paths[0]).first()
    try:
        created = services.lists_create_next_year(year=year, by=request.user, within=within)
    except PortalError as error:
        message_service_error(request, error)
    else:
        messages.success(
            request,
            _("%(count)s lists of %(year)s created as drafts.")
            % {"count": len(created), "year": year + 1},
        )
    return redirect(f"{reverse('ledgers:index')}?year={year + 1}")


# --- tasks ---------------------------------------------------------------------------------
@login_required
def task_create(request, pk):
    responsibility_list = _get_list(request, pk)
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
    task = _get_task(request, pk)
    today = _today()
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
    task = _get_task(request, pk)
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
    task = _get_task(request, pk)
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
    task = _get_task(request, pk)
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
    _get_task(request, period.task_id)  # 404 unless the task is visible
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
    _get_task(request, update.period.task_id)
    if not update.evidence:
        raise Http404
    return uploads.file_response(
        update.evidence.open("rb"),
        name=update.evidence_name or "evidence",
        content_type=update.evidence_type,
    )


# --- my tasks and committee table -----------------------------------------------------------
@login_required
def mine(request):
    member = scope_for(request.user).member
    today = _today()
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


@login_required
def committee(request):
    require_page(request.user, "ledgers.view_committee_table")
    today = _today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = Organisation.objects.visible_to(request.user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )
    search = request.GET.get("q", "").strip()
    if search:
        branches = branches.filter(name__icontains=search)
    page = Paginator(branches.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.committee_table(page.object_list, year=year, today=today)
    return render(
        request,
        "ledgers/committee.html",
        {
            "rows": rows,
            "page": page,
            "year": year,
            "years": range(today.year + 1, today.year - 4, -1),
            "categories": Category.choices,
            "search": search,
            "querystring": querystring(request),
        },
    )


# --- monthly assessment -----------------------------------------------------------------
def _assessment_branches(request):
    return Organisation.objects.visible_to(request.user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )


@login_required
def assessments(request):
    require_page(request.user, "ledgers.view_assessments")
    today = _today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = list(_assessment_branches(request).order_by("path"))
    rows = MonthlyAssessment.objects.filter(organisation__in=branches, year=year).select_related(
        "adjusted_by"
    )
    by_branch = {}
    for row in rows:
        by_branch.setdefault(row.organisation_id, {})[row.month] = row
    table = [(b, [by_branch.get(b.pk, {}).get(m) for m in selectors.MONTHS]) for b in branches]
    return render(
        request,
        "ledgers/assessments.html",
        {
            "table": table,
            "year": year,
            "years": range(today.year, today.year - 4, -1),
            "months": selectors.MONTHS,
            "quarters": [1, 2, 3, 4],
            "is_committee": scope_for(request.user).is_committee_staff,
        },
    )


@login_required
def assessment_adjust(request, pk):
    require_page(request.user, "ledgers.view_assessments")
    assessment = get_object_or_404(
        MonthlyAssessment.objects.filter(
            organisation__in=_assessment_branches(request)
        ).select_related("organisation"),
        pk=pk,
    )
    require_change(request.user, "ledgers.adjust_assessment", assessment.organisation)
    form = AdjustForm(
        request.POST or None, initial={"score": assessment.score, "reason": assessment.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_adjust(assessment=assessment, by=request.user, **form.cleaned_data)
        except PortalError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Score confirmed."))
            return redirect(f"{reverse('ledgers:assessments')}?year={assessment.year}")
    return render(
        request, "ledgers/assessment_adjust.html", {"form": form, "assessment": assessment}
    )


@login_required
def assessment_quarter(request, year, quarter):
    require_page(request.user, "ledgers.view_assessments")
    if not 1 <= quarter <= 4:
        raise Http404
    months = [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
    branches = list(_assessment_branches(request).order_by("path"))
    rows = MonthlyAssessment.objects.filter(organisation__in=branches, year=year, month__in=months)
    by_branch = {}
    for row in rows:
        by_branch.setdefault(row.organisation_id, {})[row.month] = row
    table = []
    for branch in branches:
        cells = [by_branch.get(branch.pk, {}).get(m) for m in months]
        scores = [c.score for c in cells if c is not None]
        average = sum(scores) / len(scores) if scores else None
        table.append((branch, cells, average))
    return render(
        request,
        "ledgers/assessment_quarter.html",
        {
            "table": table,
            "months": months,
            "year": year,
            "quarter": quarter,
            "period": Period.quarter(year, quarter),
        },
    )


# --- record book --------------------------------------------------------------------------
def _book(request, pk, value):
    organisation = _get_organisation(request, pk)
    require_change(request.user, "ledgers.view_record_book", organisation)
    period = Period.parse(value)
    if period is None or period.kind != Period.Kind.QUARTER:
        raise Http404
    return organisation, period, selectors.record_book(organisation, period)


@login_required
def record_book(request, pk, period):
    organisation, period, entries = _book(request, pk, period)
    return render(
        request,
        "ledgers/record_book.html",
        {
            "organisation": organisation,
            "period": period,
            "entries": entries,
            "previous": period.previous(),
            "next": period.next(),
        },
    )


@login_required
def record_book_docx(request, pk, period):
    organisation, period, entries = _book(request, pk, period)
    content = exporting.record_book_docx(organisation=organisation, period=period, entries=entries)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{organisation.name}三会一课记录本{period.value}.docx"
    )
    return response


# --- annual report review -------------------------------------------------------------------
@login_required
def reports(request):
    require_page(request.user, "ledgers.view_assessments")
    today = _today()
    year = selectors.year_from(request.GET.get("year"), today.year)
    branches = list(_assessment_branches(request).filter().order_by("path"))
    scope = scope_for(request.user)
    branches = [b for b in branches if scope.manages(b)]
    found = {
        r.organisation_id: r
        for r in AnnualReport.objects.filter(organisation__in=branches, year=year)
    }
    return render(
        request,
        "ledgers/reports.html",
        {
            "rows": [(b, found.get(b.pk)) for b in branches],
            "year": year,
            "years": range(today.year, today.year - 4, -1),
        },
    )


@login_required
def report_detail(request, pk, year):
    organisation = _get_organisation(request, pk)
    require_change(request.user, "ledgers.view_report", organisation)
    report = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    may_submit = request.user.has_perm("ledgers.submit_report", organisation) and not (
        report and report.grade
    )
    may_grade = request.user.has_perm("ledgers.grade_report", organisation) and report is not None
    text_form = ReportTextForm(None, initial={"text": report.text if report else ""})
    grade_form = GradeForm(
        None, initial={"grade": report.grade, "comments": report.comments} if report else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                if not may_submit:
                    raise PermissionDenied
                text_form = ReportTextForm(request.POST)
                if text_form.is_valid():
                    services.report_submit(
                        organisation=organisation,
                        year=year,
                        by=request.user,
                        **text_form.cleaned_data,
                    )
                    messages.success(request, _("Report submitted."))
                    return redirect(request.path)
            elif action == "grade":
                if not may_grade:
                    raise PermissionDenied
                grade_form = GradeForm(request.POST)
                if grade_form.is_valid():
                    services.report_grade(report=report, by=request.user, **grade_form.cleaned_data)
                    messages.success(request, _("Grade recorded."))
                    return redirect(request.path)
            else:
                raise Http404
        except PortalError as error:
            message_service_error(request, error)
    summary = (
        report.summary
        if report and report.summary
        else selectors.report_summary(organisation, year, today=_today())
    )
    return render(
        request,
        "ledgers/report_detail.html",
        {
            "organisation": organisation,
            "year": year,
            "report": report,
            "summary": summary,
            "may_submit": may_submit,
            "may_grade": may_grade,
            "text_form": text_form,
            "grade_form": grade_form,
        },
    )
