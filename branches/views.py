"""Pages of the branches app: the tree, a branch, the directory, profiles, forms.

Every view fetches its object through `visible_to(request.user)` (404 for outsiders)
and asks a rule (branches/rules.py) before changing anything (403 for a persona that
may see but not change).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import services
from branches.access import scope_for
from branches.fetch import fetch
from branches.forms import MemberForm, OrganisationForm, TransferForm
from branches.models import BranchesError, Member, Membership, Organisation, Post
from branches.paging import querystring
from branches.selectors import MEMBER_FILTER_PARAMS, filter_members
from branches.tree import organisation_figures

PAGE_SIZE = 25


@login_required
def organisation_tree(request):
    if not request.user.has_perm("branches.view_organisation_tree"):
        raise Http404
    organisations = list(Organisation.objects.visible_to(request.user))
    figures = organisation_figures(organisations, today=timezone.localdate())
    top_depth = min((o.depth for o in organisations), default=1)
    rows = [
        {"org": o, "figures": figures[o.pk], "indent": o.depth - top_depth} for o in organisations
    ]
    return render(
        request,
        "branches/organisation_tree.html",
        {"rows": rows, "warning_count": sum(bool(r["figures"].warnings) for r in rows)},
    )


@login_required
def organisation_detail(request, pk):
    org = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    children = list(Organisation.objects.get_children(org))
    figures = organisation_figures([org, *children], today=today)
    can_see_members = request.user.has_perm("branches.view_organisation_members", org)
    # Branches and groups list their members; larger units link to the directory instead.
    lists_members = can_see_members and (org.is_branch or org.is_group)
    members = _members_of(org) if lists_members else []
    context = {
        "org": org,
        "figures": figures[org.pk],
        "children": [(child, figures[child.pk]) for child in children],
        "ancestors": list(Organisation.objects.get_ancestors(org)),
        "posts": Post.objects.current(today).filter(organisation=org).select_related("member"),
        "rooms": org.rooms.filter(is_active=True),
        "members": members,
        "can_see_members": lists_members,
        "can_change": request.user.has_perm("branches.change_organisation", org),
        "can_add_child": request.user.has_perm("branches.add_child_organisation", org)
        and org.kind != Organisation.Kind.GROUP,
        "can_add_member": request.user.has_perm("branches.add_member_to", org) and org.is_branch,
    }
    return render(request, "branches/organisation_detail.html", context)


def _members_of(org):
    queryset = Member.objects.filter(state=Member.State.ACTIVE).select_related("group")
    if org.is_group:
        return queryset.filter(group=org)
    return queryset.filter(org.subtree_q("branch__"))


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request, parent_pk):
    parent = fetch(
        Organisation.objects.visible_to(request.user),
        pk=parent_pk,
        user=request.user,
        change="branches.add_child_organisation",
    )
    form = OrganisationForm(request.POST or None, parent=parent)
    if form.is_valid():
        try:
            org = services.organisation_create(parent=parent, **form.cleaned_data)
        except BranchesError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": org.name})
            return redirect(org)
    return render(request, "branches/organisation_form.html", {"form": form, "parent": parent})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    org = fetch(
        Organisation.objects.visible_to(request.user),
        pk=pk,
        user=request.user,
        change="branches.change_organisation",
    )
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=pk))
    if form.is_valid():
        services.organisation_update(organisation=org, **form.cleaned_data)
        messages.success(request, _("Changes to %(name)s were saved.") % {"name": org.name})
        return redirect(org)
    return render(request, "branches/organisation_form.html", {"form": form, "org": org})


@login_required
def member_list(request):
    if not request.user.has_perm("branches.view_directory"):
        raise Http404
    visible = Member.objects.visible_to(request.user)
    members = filter_members(visible, request.GET).select_related("branch", "group")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    branches = Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.BRANCH)
    return render(
        request,
        "branches/member_list.html",
        {
            "page": page,
            "branches": branches,
            "filters": {key: request.GET.get(key, "") for key in MEMBER_FILTER_PARAMS},
            "querystring": querystring(request),
            "statuses": Member.Status.choices,
            "job_categories": Member.JobCategory.choices,
            "states": Member.State.choices,
            "can_import": request.user.has_perm("branches.import_members"),
        },
    )


@login_required
def member_detail(request, pk):
    member = get_object_or_404(
        Member.objects.visible_to(request.user)
        .select_related("branch", "group", "user")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("branch", "group")),
            Prefetch(
                "posts", queryset=Post.objects.select_related("organisation").order_by("-start")
            ),
            "study_groups",
        ),
        pk=pk,
    )
    return _render_profile(request, member)


@login_required
def my_profile(request):
    member = scope_for(request.user).member
    if member is None:
        messages.info(request, _("Your account is not linked to a member record."))
        return redirect("home")
    return member_detail(request, member.pk)


def _render_profile(request, member):
    user = request.user
    can_history = user.has_perm("branches.view_member_history", member)
    history = []
    if can_history:
        history = member.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "branches/member_detail.html",
        {
            "member": member,
            "is_self": scope_for(user).member is not None
            and scope_for(user).member.pk == member.pk,
            "show_phone": user.has_perm("branches.view_member_phone", member),
            "show_id_number": user.has_perm("branches.view_member_id_number", member),
            "can_change": user.has_perm("branches.change_member", member),
            "can_transfer": user.has_perm("branches.transfer_member", member),
            "history": history,
            "can_history": can_history,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    branch = fetch(
        Organisation.objects.visible_to(request.user).filter(kind=Organisation.Kind.BRANCH),
        pk=request.GET.get("branch") or request.POST.get("branch") or 0,
        user=request.user,
        change="branches.add_member_to",
    )
    show_id = request.user.has_perm("branches.view_member_id_number")
    form = MemberForm(request.POST or None, branch=branch, show_id_number=show_id)
    if form.is_valid():
        data = dict(form.cleaned_data)
        group = data.pop("group", None)
        try:
            member = services.member_create(branch=branch, group=group, **data)
        except BranchesError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s was added to %(branch)s.") % {"name": member.name, "branch": branch},
            )
            return redirect(member)
    return render(request, "branches/member_form.html", {"form": form, "branch": branch})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = fetch(
        Member.objects.visible_to(request.user).select_related("branch"),
        pk=pk,
        user=request.user,
        change="branches.change_member",
    )
    show_id = request.user.has_perm("branches.view_member_id_number", member)
    form = MemberForm(
        request.POST or None,
        instance=Member.objects.get(pk=pk),
        branch=member.branch,
        show_id_number=show_id,
        show_phone=request.user.has_perm("branches.view_member_phone", member),
    )
    if form.is_valid():
        try:
            changed = services.member_update(member=member, **form.cleaned_data)
        except BranchesError as error:
            form.add_service_error(error)
        else:
            if changed:
                messages.success(
                    request, _("Changes to %(name)s were saved.") % {"name": member.name}
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(member)
    return render(
        request,
        "branches/member_form.html",
        {"form": form, "member": member, "branch": member.branch},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request, pk):
    """Step 1 chooses where and when; step 2 confirms; only the confirmed POST changes data."""
    member = fetch(
        Member.objects.visible_to(request.user).select_related("branch", "group"),
        pk=pk,
        user=request.user,
        change="branches.transfer_member",
    )
    branches = Organisation.objects.visible_to(request.user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )
    form = TransferForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirmed") != "yes":
            return render(
                request,
                "branches/member_transfer_confirm.html",
                {"member": member, "form": form, "data": data},
            )
        try:
            services.member_transfer(
                member=member,
                branch=data["branch"],
                group=data["group"],
                on=data["on"],
                note=data["note"],
            )
        except BranchesError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s was transferred to %(branch)s from %(date)s.")
                % {
                    "name": member.name,
                    "branch": data["branch"].name,
                    "date": data["on"].isoformat(),
                },
            )
            return redirect(member)
    return render(request, "branches/member_transfer.html", {"member": member, "form": form})
