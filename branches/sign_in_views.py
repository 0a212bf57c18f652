"""The secretary's page that issues a member's first password or one-time sign-in link, the
page the link opens, and the middleware that sends a first password to be changed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import sign_in
from branches.models import Member


@login_required
@require_http_methods(["GET", "POST"])
def member_sign_in(request, pk):
    member = get_object_or_404(Member.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("branches.issue_sign_in", member):
        raise PermissionDenied
    issued = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "password":
            issued["password"] = sign_in.issue_first_password(member=member)
        elif action == "link":
            path = sign_in.issue_sign_in_link(member=member)
            base = getattr(settings, "PORTAL_URL", "") or request.build_absolute_uri("/")[:-1]
            issued["link"] = base.rstrip("/") + path
        else:
            messages.error(request, _("Choose a first password or a sign-in link."))
            return redirect("branches:member_sign_in", member.pk)
    response = render(request, "branches/member_sign_in.html", {"member": member, **issued})
    response["Cache-Control"] = "no-store"  # a password is shown once, never cached
    return response


class FirstSignInView(auth_views.PasswordResetConfirmView):
    """The one-time link: the member chooses a password and is signed in."""

    template_name = "registration/first_sign_in.html"
    success_url = reverse_lazy("home")
    post_reset_login = True
    post_reset_login_backend = "branches.backends.ModelPermissionBackend"


class ForcePasswordChange:
    """A user signed in with a first password sees nothing but the password change page."""

    ALLOWED = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            static = (settings.STATIC_URL or "/static/").rstrip("/")
            if request.path not in allowed and not request.path.startswith(static):
                messages.info(request, _("Choose your own password before you go on."))
                return redirect("password_change")
        return self.get_response(request)
