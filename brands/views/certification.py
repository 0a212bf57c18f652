"""The certification of a brand: the branch applies, the committee returns, certifies
with the weighted scores or moves the brand on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.errors import message_service_error
from branches.fetch import require_change
from brands import services
from brands.forms import (
    CertifyForm,
    NoteForm,
    ReturnForm,
)
from brands.models import BrandError
from brands.views.common import brand_or_404


@login_required
@require_http_methods(["GET", "POST"])
def brand_apply(request, pk):
    brand = brand_or_404(request, pk)
    require_change(request.user, "brands.change_brand", brand)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_apply(by=request.user, brand=brand, note=form.cleaned_data["note"])
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The brand is submitted to the organ committee."))
            return redirect(brand)
    return render(
        request,
        "brands/stage_form.html",
        {
            "brand": brand,
            "form": form,
            "action": _("Apply for certification"),
            "missing": services.missing_marks(brand),
            "show_marks": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_return(request, pk):
    brand = brand_or_404(request, pk)
    require_change(request.user, "brands.decide_brand", brand)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_return(by=request.user, brand=brand, reason=form.cleaned_data["reason"])
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The application is returned to the branch."))
            return redirect(brand)
    return render(
        request,
        "brands/stage_form.html",
        {"brand": brand, "form": form, "action": _("Return for amendment"), "danger": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_certify(request, pk):
    brand = brand_or_404(request, pk)
    require_change(request.user, "brands.decide_brand", brand)
    form = CertifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.brand_certify(
                by=request.user, brand=brand, scores=form.scores(), note=form.cleaned_data["note"]
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The brand is certified with a weighted score of %(total)s.")
                % {"total": change.total},
            )
            return redirect(brand)
    return render(
        request,
        "brands/stage_form.html",
        {
            "brand": brand,
            "form": form,
            "action": _("Certify"),
            "show_marks": True,
            "missing": services.missing_marks(brand),
        },
    )


@login_required
@require_POST
def brand_advance(request, pk):
    brand = brand_or_404(request, pk)
    require_change(request.user, "brands.decide_brand", brand)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        change = services.brand_advance(
            by=request.user, brand=brand, stage=request.POST.get("stage", ""), note=note
        )
    except BrandError as error:
        message_service_error(request, error)
    else:
        messages.success(
            request, _("The brand is now %(stage)s.") % {"stage": change.get_to_stage_display()}
        )
    return redirect(brand)
