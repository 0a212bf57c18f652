"""Responsibility lists: the index, the ledger of a list or an organisation, its print
and Excel export, publishing and closing, and next year's lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import scope_for
from branches.errors import PortalError, message_service_error
from branches.fetch import require_change, require_page
from branches.models import Organisation
from branches.paging import querystring
from branches.periods import Period
from branches.xlsx import xlsx_response
from ledgers import exporting, selectors, services
from ledgers.models import (
    Category,
    ResponsibilityList,
    Task,
)
from ledgers.views.common import (
    PAGE_SIZE,
    get_list,
    get_organisation,
    local_today,
)


@login_required
def index(request):
    """The lists the user may see, with filters, search and pagination."""
    today = local_today()
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
    today = local_today()
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
    responsibility_list = get_list(request, pk)
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
            context["record_book"] = Period.of(Period.Kind.QUARTER, local_today()).previous()
    return render(request, "ledgers/ledger.html", context)


@login_required
def list_print(request, pk):
    responsibility_list = get_list(request, pk)
    tasks = (
        selectors.organisation_tasks(responsibility_list.organisation, responsibility_list.year)
        if responsibility_list.organisation_id
        else Task.objects.live().filter(responsibility_list=responsibility_list)
    )
    context = _ledger_context(request, responsibility_list, tasks)
    return render(request, "ledgers/ledger_print.html", context)


@login_required
def list_export(request, pk):
    responsibility_list = get_list(request, pk)
    tasks = (
        selectors.organisation_tasks(responsibility_list.organisation, responsibility_list.year)
        if responsibility_list.organisation_id
        else Task.objects.live().filter(responsibility_list=responsibility_list)
    )
    sections = selectors.ledger_tasks(tasks, today=local_today())
    content = exporting.ledger_workbook(
        responsibility_list=responsibility_list, sections=sections, today=local_today()
    )
    return xlsx_response(content, f"{responsibility_list.title}.xlsx")


@login_required
@require_POST
def list_transition(request, pk, action):
    responsibility_list = get_list(request, pk)
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
    organisation = get_organisation(request, pk)
    year = selectors.year_from(request.GET.get("year"), local_today().year)
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
    year = selectors.year_from(request.POST.get("year"), local_today().year)
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
