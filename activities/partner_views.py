"""Pages of the partner register (共建单位): the list, a partner's history, its form, archiving.

Each court has its register (partners shared by every court have none); it is a leaders' tool (activities.view_partners /
activities.change_partners: branch leaders and committee staff); members and outsiders get
404. A partner's history lists the held activities with it that the user may see
(`Activity.objects.visible_to`), with their totals. Partners are archived, never deleted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities import selectors, services
from activities.models import ActivityError, PartnerOrganisation, court_of_user
from activities.partner_forms import PartnerFilterForm, PartnerForm
from branches.fetch import fetch, require_change, require_page
from branches.paging import querystring

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 20


def _partner(request, pk: int) -> PartnerOrganisation:
    require_page(request.user, "activities.view_partners")
    return fetch(PartnerOrganisation.objects.visible_to(request.user), pk=pk, user=request.user)


def _next_url(request) -> str:
    """Where to go back after adding a partner (the record form), when it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@login_required
def partner_list(request):
    require_page(request.user, "activities.view_partners")
    form = PartnerFilterForm(request.GET or None)
    partners = selectors.partner_list(request.user, **form.filters())
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/partner_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring(request),
            "can_change": request.user.has_perm("activities.change_partners"),
        },
    )


@login_required
def partner_detail(request, pk):
    """The partner and its history: every held activity with it the user may see, with totals."""
    partner = _partner(request, pk)
    activities = selectors.partner_history(request.user, partner)
    page = Paginator(activities, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_change = request.user.has_perm("activities.change_partners")
    return render(
        request,
        "activities/partner_detail.html",
        {
            "partner": partner,
            "page": page,
            "totals": selectors.partner_totals(activities),
            "querystring": querystring(request),
            "can_change": can_change,
            "show_phone": can_change,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_new(request):
    require_page(request.user, "activities.view_partners")
    require_change(request.user, "activities.change_partners")
    form = PartnerForm(request.POST or None)
    back = _next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(
                by=request.user, court=court_of_user(request.user), **form.service_kwargs()
            )
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s is added to the partner register.") % {"name": partner.name},
            )
            return redirect(back or partner.get_absolute_url())
    return render(
        request, "activities/partner_form.html", {"form": form, "partner": None, "next": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = _partner(request, pk)
    require_change(request.user, "activities.change_partners", partner)
    form = PartnerForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(by=request.user, partner=partner, **form.service_kwargs())
        except ActivityError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The partner is saved."))
            return redirect(partner.get_absolute_url())
    return render(
        request, "activities/partner_form.html", {"form": form, "partner": partner, "next": ""}
    )


@login_required
def partner_archive(request, pk):
    """POST: archive the partner (archive=1) or bring it back (archive=0)."""
    partner = _partner(request, pk)
    require_change(request.user, "activities.change_partners", partner)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    archived = request.POST.get("archive", "1") != "0"
    services.partner_archive(partner=partner, by=request.user, archived=archived)
    if archived:
        messages.success(
            request,
            _("%(name)s is archived: no longer offered in the record form; its history stays.")
            % {"name": partner.name},
        )
    else:
        messages.success(request, _("%(name)s is back in the register.") % {"name": partner.name})
    return redirect(partner.get_absolute_url())
