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


ITEMS = [
    NavItem(_("Home"), "home", "house"),
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
