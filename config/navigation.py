"""The navigation bar: which entries each role sees.

The project layer may import every app, so this is where their pages meet. Each
entry names a URL and a test of the user; an entry a user may not use is not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    allowed: Callable = lambda user: True

    def url(self) -> str:
        return reverse(self.url_name)


def _has_member(user) -> bool:
    from branches.access import scope_for

    return scope_for(user).member is not None


ITEMS = [
    NavItem(_("Home"), "home", "house"),
    NavItem(
        _("Organisation tree"),
        "branches:organisation_tree",
        "diagram-3",
        lambda user: user.has_perm("branches.view_organisation_tree"),
    ),
    NavItem(
        _("Member directory"),
        "branches:member_list",
        "people",
        lambda user: user.has_perm("branches.view_directory"),
    ),
    NavItem(_("My profile"), "branches:my_profile", "person-vcard", _has_member),
]


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    entries = []
    for item in ITEMS:
        if not item.allowed(user):
            continue
        url = item.url()
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
