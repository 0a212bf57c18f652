"""The navigation bar: which entries each role sees.

The project layer may import every app, so this is where their pages meet. The bar
has top-level menus, each a list of entries; an entry names a URL and a test of the
user, and an entry (or a whole menu) the user may not use is not shown. The active
entry is the one whose URL is the longest prefix of the current path.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.access import scope_for


def everyone(user) -> bool:
    return True


def has_member(user) -> bool:
    return scope_for(user).member is not None


def has_member_or_staff(user) -> bool:
    scope = scope_for(user)
    return scope.member is not None or scope.is_admin


def perm(name: str) -> Callable:
    return lambda user: user.has_perm(name)


def leads_something(user) -> bool:
    return scope_for(user).leads_anyone


def leads_branch(user) -> bool:
    return scope_for(user).is_leader


def committee_staff(user) -> bool:
    return scope_for(user).is_committee_staff


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    allowed: Callable = everyone


@dataclass(frozen=True)
class NavMenu:
    label: str
    icon: str
    items: list[NavItem] = field(default_factory=list)


MENUS = [
    NavMenu(_("Home"), "house", [NavItem(_("Home"), "home", "house")]),
    NavMenu(
        _("Organisations"),
        "diagram-3",
        [
            NavItem(
                _("Organisation tree"),
                "branches:organisation_tree",
                "diagram-3",
                perm("branches.view_organisation_tree"),
            ),
            NavItem(
                _("Member directory"),
                "branches:member_list",
                "people",
                perm("branches.view_directory"),
            ),
        ],
    ),
    NavMenu(
        _("Organisational life"),
        "calendar-event",
        [
            NavItem(_("Activities"), "activities:list", "list-check"),
            NavItem(_("Activity calendar"), "activities:calendar", "calendar3"),
            NavItem(
                _("Series and study rota"),
                "activities:series_list",
                "arrow-repeat",
                leads_something,
            ),
            NavItem(_("Meeting cadence"), "activities:compliance", "clipboard-check", leads_branch),
            NavItem(_("Service results"), "activities:service_results", "people", leads_branch),
            NavItem(
                _("Partner organisations"), "activities:partner_list", "building", leads_branch
            ),
        ],
    ),
    NavMenu(
        _("Points"),
        "award",
        [
            NavItem(
                _("Claims to decide"),
                "points:claims_pending",
                "inbox",
                perm("points.view_pending_claims"),
            ),
            NavItem(
                _("Member points"),
                "points:committee",
                "table",
                perm("points.view_committee_points"),
            ),
            NavItem(
                _("Pioneer index"), "points:pioneer", "trophy", perm("points.view_pioneer_index")
            ),
            NavItem(
                _("Star awards"),
                "points:award_selections",
                "stars",
                perm("points.manage_star_awards"),
            ),
            NavItem(
                _("Democratic evaluation"),
                "points:evaluation_rounds",
                "clipboard2-check",
                has_member,
            ),
        ],
    ),
    NavMenu(
        _("Ledgers"),
        "journal-check",
        [
            NavItem(
                _("Responsibility lists"), "ledgers:index", "journal-text", has_member_or_staff
            ),
            NavItem(
                _("Ledgers of all branches"),
                "ledgers:committee",
                "table",
                perm("ledgers.view_committee_table"),
            ),
            NavItem(
                _("Monthly assessment"),
                "ledgers:assessments",
                "clipboard-data",
                perm("ledgers.view_assessments"),
            ),
            NavItem(
                _("Annual report review"),
                "ledgers:reports",
                "file-earmark-text",
                perm("ledgers.view_assessments"),
            ),
        ],
    ),
    NavMenu(
        _("Brands"),
        "flag",
        [
            NavItem(_("Branch brands"), "brands:list", "flag", has_member),
            NavItem(_("Court brand cluster"), "brands:cluster", "diagram-2", has_member),
            NavItem(_("Innovation projects"), "brands:round_list", "lightbulb", leads_branch),
        ],
    ),
    NavMenu(
        _("Dashboards"),
        "speedometer2",
        [
            NavItem(
                _("Committee dashboard"), "dashboards:committee", "speedometer2", committee_staff
            ),
            NavItem(_("Annual statistics"), "dashboards:annual", "bar-chart-line", leads_branch),
            NavItem(_("Branch star ratings"), "dashboards:ratings", "star", committee_staff),
        ],
    ),
    NavMenu(
        _("Mine"),
        "person-circle",
        [
            NavItem(_("My profile"), "branches:my_profile", "person-vcard", has_member),
            NavItem(_("My attendance"), "activities:mine", "check2-square", has_member),
            NavItem(_("My study duties"), "activities:rota_mine", "megaphone", has_member),
            NavItem(_("My points"), "points:mine", "award", has_member),
            NavItem(_("My claims"), "points:claims", "card-checklist", has_member),
            NavItem(_("My tasks"), "ledgers:mine", "journal-check", has_member),
        ],
    ),
]


def navigation_for(request) -> list[dict]:
    """Menus for the signed-in user; a menu with one entry is shown as a plain link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    menus = []
    for menu in MENUS:
        entries = [
            {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}
            for item in menu.items
            if item.allowed(user)
        ]
        if entries:
            menus.append({"label": menu.label, "icon": menu.icon, "entries": entries})
    _mark_active(menus, request.path)
    return menus


def _mark_active(menus: list[dict], path: str):
    def matches(url):
        return path == url if url == "/" else path.startswith(url)

    candidates = [(len(e["url"]), e, m) for m in menus for e in m["entries"] if matches(e["url"])]
    for menu in menus:
        menu["active"] = False
        for entry in menu["entries"]:
            entry["active"] = False
    if candidates:
        _, entry, menu = max(candidates, key=lambda c: c[0])
        entry["active"] = menu["active"] = True
