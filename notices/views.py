"""The inbox and the notification preferences.

Only the recipient sees a notification: every view fetches it through
`Notification.objects.visible_to(request.user)`, so anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.fetch import fetch
from branches.paging import querystring
from notices import outbox
from notices.channels import email_of, phone_of
from notices.forms import PreferencesForm
from notices.models import Notification

PAGE_SIZE = 20


def _visible_notification(request, pk: int) -> Notification:
    return fetch(Notification.objects.visible_to(request.user), pk=pk, user=request.user)


@login_required
def inbox(request):
    notifications = Notification.objects.visible_to(request.user)
    show = "unread" if request.GET.get("show") == "unread" else "all"
    if show == "unread":
        notifications = notifications.unread()
    search = request.GET.get("q", "").strip()[:100]
    if search:
        notifications = notifications.filter(Q(title__icontains=search) | Q(body__icontains=search))
    page = Paginator(notifications.order_by("-created", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notices/inbox.html",
        {"page": page, "show": show, "search": search, "querystring": querystring(request)},
    )


@login_required
def notification_open(request, pk):
    """Mark read and go to what the notification is about (the inbox if it links nowhere)."""
    notification = _visible_notification(request, pk)
    outbox.notification_mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notices:inbox")


@login_required
@require_POST
def notification_read(request, pk):
    notification = _visible_notification(request, pk)
    outbox.notification_mark_read(notification=notification)
    if request.htmx:
        # The row, read now, and the navigation bar's badge (out of band).
        return render(
            request, "notices/_notification.html", {"notification": notification, "oob": True}
        )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("notices:inbox")


@login_required
@require_POST
def notifications_read_all(request):
    count = outbox.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notices:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(
        request.POST or None, initial_choices=outbox.preferences_for(request.user)
    )
    if form.is_valid():
        outbox.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notices:preferences")
    return render(
        request,
        "notices/preferences.html",
        {
            "form": form,
            "has_email": bool(email_of(request.user)),
            "has_phone": bool(phone_of(request.user)),
        },
    )
