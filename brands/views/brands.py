"""A brand's pages: the list, the form, the detail and print pages, the logo, and the
court's brand cluster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.access import scope_for
from branches.fetch import require_change
from branches.models import Organisation
from branches.paging import querystring
from brands import selectors, services
from brands.access import court_paths
from brands.forms import BrandForm
from brands.models import (
    Brand,
    BrandError,
    Honour,
)
from brands.views.common import (
    PAGE_SIZE,
    brand_or_404,
    organisation_or_404,
    stored_file,
    year_param,
)


@login_required
def brand_list(request):
    brands = Brand.objects.visible_to(request.user)
    if request.GET.get("replaced") != "1":
        brands = brands.current()
    stage = request.GET.get("stage", "")
    if stage in Brand.Stage.values:
        brands = brands.filter(stage=stage)
    search = request.GET.get("q", "").strip()
    if search:
        brands = brands.filter(
            Q(name__icontains=search)
            | Q(organisation__name__icontains=search)
            | Q(core_idea__icontains=search)
        )
    year = timezone.localdate().year
    page = Paginator(
        selectors.brands_with_counts(brands, year=year).order_by("organisation__path", "-created"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    own = None
    if scope.member is not None and scope.member.branch_id and scope.is_branch_leader:
        own = scope.member.branch
    return render(
        request,
        "brands/brand_list.html",
        {
            "page": page,
            "stages": Brand.Stage.choices,
            "stage": stage,
            "search": search,
            "replaced": request.GET.get("replaced") == "1",
            "year": year,
            "querystring": querystring(request),
            "own_branch": own,
            "is_committee": scope.is_committee_staff,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_create(request, organisation_pk):
    organisation = organisation_or_404(request, organisation_pk)
    require_change(request.user, "brands.add_brand", organisation)
    current = Brand.objects.current().filter(organisation=organisation).first()
    form = BrandForm(request.POST or None, request.FILES or None, organisation=organisation)
    if not current:
        form.fields.pop("replace", None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brand = services.brand_create(
                by=request.user,
                organisation=organisation,
                name=data["name"],
                core_idea=data["core_idea"],
                slogan=data["slogan"],
                description=data["description"],
                carriers=data["carriers"],
                impact=data["impact"],
                logo=data["logo"],
                elements=data["outline"],
                sub_brands=data["sub_brands"],
                replace=data.get("replace", False),
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The brand “%(name)s” is saved as a draft.") % {"name": brand.name}
            )
            return redirect(brand)
    return render(
        request,
        "brands/brand_form.html",
        {"form": form, "organisation": organisation, "current": current, "brand": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def brand_edit(request, pk):
    brand = brand_or_404(request, pk)
    require_change(request.user, "brands.change_brand", brand)
    form = BrandForm(
        request.POST or None, request.FILES or None, organisation=brand.organisation, brand=brand
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.brand_update(
                by=request.user,
                brand=brand,
                elements=data["outline"],
                sub_brands=data["sub_brands"],
                logo=data["logo"],
                **{k: data[k] for k in services.TEXT_LIMITS},
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The brand is saved."))
            return redirect(brand)
    return render(
        request,
        "brands/brand_form.html",
        {"form": form, "organisation": brand.organisation, "brand": brand},
    )


def _brand_context(request, brand, *, year):
    data = selectors.brand_page(brand, year=year)
    user = request.user
    return {
        "brand": brand,
        **data,
        "can_change": brand.is_current and user.has_perm("brands.change_brand", brand),
        "can_decide": brand.is_current and user.has_perm("brands.decide_brand", brand),
        "can_add_honour": user.has_perm("brands.add_honour", brand.organisation),
        "missing": services.missing_marks(brand),
        "next_stage": brand.next_committee_stage(),
        "Stage": Brand.Stage,
    }


@login_required
def brand_detail(request, pk):
    brand = brand_or_404(request, pk)
    context = _brand_context(request, brand, year=year_param(request))
    context["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 4, -1))
    return render(request, "brands/brand_detail.html", context)


@login_required
def brand_print(request, pk):
    brand = brand_or_404(request, pk)
    return render(
        request, "brands/brand_print.html", _brand_context(request, brand, year=year_param(request))
    )


@login_required
def brand_logo(request, pk):
    brand = brand_or_404(request, pk)
    return stored_file(brand.logo, name=f"{brand.name}", content_type=brand.logo_type)


@login_required
def cluster(request):
    scope = scope_for(request.user)
    paths = scope.committee_paths or court_paths(request.user)
    committees = Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE)
    if not scope.is_admin:
        committees = committees.filter(path__in=list(paths))
    if request.GET.get("committee", "").isdigit():
        committees = committees.filter(pk=request.GET["committee"])
    committee = committees.order_by("depth", "path").first()
    if committee is None:
        raise Http404
    court_brand = (
        Brand.objects.current()
        .filter(organisation=committee)
        .select_related("organisation")
        .first()
    )
    year = timezone.localdate().year
    members = list(selectors.cluster_of(court_brand, year=year)) if court_brand else []
    honours = (
        list(Honour.objects.live().filter(Q(brand=court_brand) | Q(organisation=committee))[:20])
        if court_brand
        else []
    )
    return render(
        request,
        "brands/cluster.html",
        {
            "committee": committee,
            "court_brand": court_brand,
            "members": members,
            "honours": honours,
            "year": year,
            "can_add": request.user.has_perm("brands.add_brand", committee),
        },
    )
