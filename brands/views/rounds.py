"""Pages of the brands app. Thin: fetch through the scoped queryset (outsiders 404), ask
the rule before a change (may see but not change: 403), call the service, redirect."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import uploads
from branches.access import scope_for
from branches.errors import message_service_error
from branches.fetch import require_change
from branches.models import Member, Organisation
from branches.paging import querystring
from brands import innovation, selectors, services
from brands.access import court_paths, reads
from brands.forms import (
    BrandForm,
    CertifyForm,
    DecisionForm,
    HonourForm,
    NoteForm,
    ProjectForm,
    ReassignForm,
    ResultForm,
    ReturnForm,
    ReviewForm,
    RoundForm,
    StepForm,
    TopicForm,
)
from brands.models import (
    Brand,
    BrandError,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
)

PAGE_SIZE = 25


def _brand(request, pk) -> Brand:
    return get_object_or_404(
        Brand.objects.visible_to(request.user).select_related("organisation", "replaced_by"),
        pk=pk,
    )


def _organisation(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not reads(request.user, organisation) and not scope_for(request.user).is_admin:
        raise Http404
    return organisation


def _file(field, *, name, content_type):
    """A stored logo or file, through the portal's one file response (images inline)."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return uploads.file_response(handle, name=name, content_type=content_type)


# --- brands ------------------------------------------------------------------------------------
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
    organisation = _organisation(request, organisation_pk)
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
    brand = _brand(request, pk)
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


def _year(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else today.year


@login_required
def brand_detail(request, pk):
    brand = _brand(request, pk)
    context = _brand_context(request, brand, year=_year(request))
    context["years"] = list(range(timezone.localdate().year, timezone.localdate().year - 4, -1))
    return render(request, "brands/brand_detail.html", context)


@login_required
def brand_print(request, pk):
    brand = _brand(request, pk)
    return render(
        request, "brands/brand_print.html", _brand_context(request, brand, year=_year(request))
    )


@login_required
def brand_logo(request, pk):
    brand = _brand(request, pk)
    return _file(brand.logo, name=f"{brand.name}", content_type=brand.logo_type)


@login_required
@require_http_methods(["GET", "POST"])
def brand_apply(request, pk):
    brand = _brand(request, pk)
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
    brand = _brand(request, pk)
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
    brand = _brand(request, pk)
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
    brand = _brand(request, pk)
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


# --- honours -----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def honour_new(request):
    holder = {}
    if request.GET.get("brand", "").isdigit():
        holder["brand"] = _brand(request, request.GET["brand"])
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
        holder["organisation"] = owner = _organisation(request, request.GET["organisation"])
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
    return _file(
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


# --- results register --------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def results(request, pk):
    """The results register: topics with their steps, suggestions, typical cases, others."""
    brand = _brand(request, pk)
    can_change = brand.is_current and request.user.has_perm("brands.change_brand", brand)
    topic_form = TopicForm(prefix="topic")
    result_form = ResultForm(prefix="result")
    step_form = StepForm(prefix="step")
    if request.method == "POST":
        require_change(request.user, "brands.change_brand", brand)
        what = request.POST.get("what")
        try:
            if what == "topic":
                topic_form = TopicForm(request.POST, prefix="topic")
                if topic_form.is_valid():
                    services.topic_add(by=request.user, brand=brand, **topic_form.cleaned_data)
                    messages.success(request, _("The research topic is added."))
                    return redirect("brands:results", brand.pk)
            elif what == "step":
                step_form = StepForm(request.POST, prefix="step")
                topic = get_object_or_404(brand.topics, pk=request.POST.get("topic"))
                if step_form.is_valid():
                    services.topic_step_record(
                        by=request.user, topic=topic, **step_form.cleaned_data
                    )
                    messages.success(request, _("The step is recorded."))
                    return redirect("brands:results", brand.pk)
            elif what == "result":
                result_form = ResultForm(request.POST, prefix="result")
                if result_form.is_valid():
                    services.result_add(by=request.user, brand=brand, **result_form.cleaned_data)
                    messages.success(request, _("The result is added."))
                    return redirect("brands:results", brand.pk)
            elif what == "reply":
                result = get_object_or_404(brand.results, pk=request.POST.get("result"))
                services.suggestion_reply_received(by=request.user, result=result)
                messages.success(request, _("The reply is recorded."))
                return redirect("brands:results", brand.pk)
            else:
                raise Http404
        except BrandError as error:
            form = {"topic": topic_form, "step": step_form, "result": result_form}[what]
            form.add_service_error(error)
    data = selectors.brand_page(brand, year=_year(request))
    return render(
        request,
        "brands/results.html",
        {
            "brand": brand,
            **data,
            "can_change": can_change,
            "topic_form": topic_form,
            "step_form": step_form,
            "result_form": result_form,
        },
    )


# --- innovation rounds -------------------------------------------------------------------------
def _round(request, pk) -> InnovationRound:
    return get_object_or_404(
        InnovationRound.objects.visible_to(request.user).select_related("committee"), pk=pk
    )


@login_required
def round_list(request):
    rounds = InnovationRound.objects.visible_to(request.user).select_related("committee")
    year = request.GET.get("year", "")
    if year.isdigit():
        rounds = rounds.filter(year=int(year))
    from django.db.models import Count

    rounds = rounds.annotate(project_count=Count("projects", distinct=True)).order_by(
        "-year", "-pk"
    )
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "brands/round_list.html",
        {
            "page": page,
            "year": year,
            "querystring": querystring(request),
            "can_open": scope_for(request.user).is_committee_staff,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    scope = scope_for(request.user)
    committee = (
        Organisation.objects.filter(
            kind=Organisation.Kind.COMMITTEE, path__in=scope.committee_paths
        ).first()
        if not scope.is_admin
        else Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE).order_by("path").first()
    )
    if committee is None:
        raise Http404
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            innovation_round = innovation.round_open(
                by=request.user, committee=committee, **form.cleaned_data
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The round is open for submissions."))
            return redirect(innovation_round)
    return render(request, "brands/round_form.html", {"form": form, "committee": committee})


@login_required
def round_detail(request, pk):
    innovation_round = _round(request, pk)
    user = request.user
    manages = user.has_perm("brands.manage_round", innovation_round)
    scope = scope_for(user)
    own_branch = scope.member.branch if scope.member and scope.member.branch_id else None
    own_project = None
    can_submit = own_branch is not None and user.has_perm("brands.submit_project", own_branch)
    if own_branch is not None:
        own_project = innovation_round.projects.filter(branch=own_branch).first()
    my_reviews = list(
        CrossReview.objects.filter(project__round=innovation_round, reviewer=user).select_related(
            "project__branch"
        )
    )
    results = (
        innovation.round_results(innovation_round)
        if manages or innovation_round.state == InnovationRound.State.PUBLISHED
        else []
    )
    return render(
        request,
        "brands/round_detail.html",
        {
            "round": innovation_round,
            "criteria": list(innovation_round.criteria.all()),
            "manages": manages,
            "results": results,
            "show_scores": manages or innovation_round.scores_visible,
            "own_project": own_project,
            "can_submit": can_submit and innovation_round.state == InnovationRound.State.OPEN,
            "my_reviews": my_reviews,
            "State": InnovationRound.State,
            "today": timezone.localdate(),
            "decision_choices": InnovationProject.Decision.choices,
        },
    )


@login_required
@require_POST
def round_advance(request, pk):
    innovation_round = _round(request, pk)
    require_change(request.user, "brands.manage_round", innovation_round)
    action = request.POST.get("action")
    steps = {
        "review": (
            innovation.round_start_review,
            _("Submissions are closed and the reviews assigned."),
        ),
        "close": (innovation.round_close, _("The review is closed; the scores are visible.")),
        "publish": (
            innovation.round_publish,
            _("The results are published; selected projects have their honour."),
        ),
    }
    if action not in steps:
        raise Http404
    service, done = steps[action]
    try:
        service(by=request.user, innovation_round=innovation_round)
    except BrandError as error:
        message_service_error(request, error)
    else:
        messages.success(request, done)
    return redirect(innovation_round)


@login_required
@require_http_methods(["GET", "POST"])
def project_submit(request, pk):
    innovation_round = _round(request, pk)
    scope = scope_for(request.user)
    branch = scope.member.branch if scope.member and scope.member.branch_id else None
    if branch is None or not request.user.has_perm("brands.submit_project", branch):
        raise PermissionDenied
    project = innovation_round.projects.filter(branch=branch).first()
    form = ProjectForm(request.POST or None, request.FILES or None, branch=branch, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = innovation.project_submit(
                by=request.user,
                innovation_round=innovation_round,
                branch=branch,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                brand=form.cleaned_data["brand"],
                attachments=form.cleaned_data["attachments"],
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your branch's project is submitted."))
            return redirect(project)
    return render(
        request,
        "brands/project_form.html",
        {"form": form, "round": innovation_round, "branch": branch, "project": project},
    )


def _project(request, pk) -> InnovationProject:
    project = get_object_or_404(
        InnovationProject.objects.visible_to(request.user).select_related(
            "round__committee", "branch", "brand"
        ),
        pk=pk,
    )
    if not request.user.has_perm("brands.view_project", project):
        raise PermissionDenied
    return project


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request, pk):
    project = _project(request, pk)
    manages = request.user.has_perm("brands.manage_round", project.round)
    form = DecisionForm(
        request.POST or None, initial={"decision": project.decision, "note": project.decision_note}
    )
    if request.method == "POST":
        require_change(request.user, "brands.manage_round", project.round)
        if form.is_valid():
            try:
                innovation.project_decide(
                    by=request.user,
                    project=project,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except BrandError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(project.round)
    reviews = []
    if manages or project.round.scores_visible:
        reviews = list(
            project.reviews.select_related("reviewer", "reviewer_branch").prefetch_related(
                "scores__criterion"
            )
        )
    return render(
        request,
        "brands/project_detail.html",
        {
            "project": project,
            "attachments": list(project.attachments.all()),
            "manages": manages,
            "reviews": reviews,
            "form": form,
            "can_decide": manages and project.round.state == InnovationRound.State.CLOSED,
            "can_edit": project.round.state == InnovationRound.State.OPEN
            and request.user.has_perm("brands.submit_project", project.branch),
        },
    )


@login_required
def project_attachment(request, pk):
    attachment = get_object_or_404(ProjectAttachment.objects.select_related("project"), pk=pk)
    _project(request, attachment.project_id)
    return _file(
        attachment.file,
        name=attachment.original_name,
        content_type=attachment.content_type,
    )


def _review(request, pk) -> CrossReview:
    review = get_object_or_404(
        CrossReview.objects.select_related(
            "project__round__committee", "project__branch", "project__brand"
        ),
        pk=pk,
    )
    if not reads(request.user, review.project.branch) and not scope_for(request.user).is_admin:
        raise Http404
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    review = _review(request, pk)
    # rules.has_perm, not user.has_perm: even an admin does not score someone else's review.
    if not rules.has_perm("brands.review_project", request.user, review):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, review=review)
    open_for_scores = review.project.round.state == InnovationRound.State.REVIEW
    if request.method == "POST" and form.is_valid():
        try:
            innovation.review_submit(by=request.user, review=review, scores=form.scores())
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect(review.project.round)
    return render(
        request,
        "brands/review_form.html",
        {
            "review": review,
            "project": review.project,
            "attachments": list(review.project.attachments.all()),
            "form": form,
            "open_for_scores": open_for_scores,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_reassign(request, pk):
    review = _review(request, pk)
    require_change(request.user, "brands.manage_round", review.project.round)
    pool = innovation.reviewer_pool(review.project.round)
    form = ReassignForm(request.POST or None, pool=pool, project=review.project)
    if request.method == "POST" and form.is_valid():
        user, branch_id = form.pool[form.cleaned_data["reviewer"]]
        try:
            innovation.review_reassign(
                by=request.user,
                review=review,
                reviewer=user,
                reviewer_branch=Organisation.objects.get(pk=branch_id),
            )
        except BrandError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The review is reassigned."))
            return redirect(review.project.round)
    return render(request, "brands/reassign_form.html", {"review": review, "form": form})
