"""Honours of a brand, an organisation or a member: record, download, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.fetch import require_change
from branches.models import Member
from brands import services
from brands.access import reads
from brands.forms import HonourForm
from brands.models import (
    Brand,
    BrandError,
    Honour,
)
from brands.views.common import (
    brand_or_404,
    organisation_or_404,
    stored_file,
)


@login_required
@require_http_methods(["GET", "POST"])
def honour_new(request):
    holder = {}
    if request.GET.get("brand", "").isdigit():
        holder["brand"] = brand_or_404(request, request.GET["brand"])
        owner = holder["brand"].organisation
    elif request.GET.get("member", "").isdigit():
        holder["member"] = get_object_or_404(
            Member.objects.filter(branch__isnull=False).select_related("branch"),
            pk=request.GET["member"],
        )
        owner = holder["member"].branch
        if not reads(request.user, owner):
            raise Http404
    elif request.GET.get("organisation", "").isdigit():
        holder["organisation"] = owner = organisation_or_404(request, request.GET["organisation"])
    else:
        raise Http404
    require_change(request.user, "brands.add_honour", owner)
    form = HonourForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            honour = services.honour_add(by=request.user, **holder, **form.cleaned_data)
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The honour “%(title)s” is recorded.") % {"title": honour.title}
            )
            target = (
                holder.get("brand") or Brand.objects.current().filter(organisation=owner).first()
            )
            return redirect(target or "brands:list")
    return render(
        request, "brands/honour_form.html", {"form": form, "holder": next(iter(holder.values()))}
    )


def _honour(request, pk) -> Honour:
    honour = get_object_or_404(
        Honour.objects.select_related("brand__organisation", "organisation", "member__branch"),
        pk=pk,
    )
    if not request.user.has_perm("brands.view_honour", honour):
        raise Http404
    return honour


@login_required
def honour_file(request, pk):
    honour = _honour(request, pk)
    return stored_file(
        honour.file,
        name=honour.file_name or honour.title,
        content_type=honour.file_type,
    )


@login_required
@require_POST
def honour_withdraw(request, pk):
    honour = _honour(request, pk)
    require_change(request.user, "brands.change_honour", honour)
    services.honour_withdraw(by=request.user, honour=honour)
    messages.success(request, _("The honour is withdrawn (kept in the history)."))
    brand = (
        honour.brand
        or Brand.objects.current().filter(organisation=honour.owning_organisation).first()
    )
    return redirect(brand or "brands:list")
