"""Figures and rule warnings for organisations, computed for a whole page in two queries.

The warnings follow the 中国共产党支部工作条例 as courts apply it: a branch needs at
least three full members, should be split above fifty, must elect a committee from
seven full members, and must hold its election when the committee's term ends.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from branches.models import Member, Organisation, Post

MIN_FULL_MEMBERS = 3
MAX_MEMBERS = 50
COMMITTEE_FROM_FULL_MEMBERS = 7
MIN_COMMITTEE_POSTS = 3  # a branch committee: at least three committee posts
TERM_WARNING_DAYS = 90


@dataclass
class OrganisationFigures:
    members: int = 0
    full_members: int = 0
    secretary: Member | None = None
    committee_posts: int = 0
    warnings: list[str] = field(default_factory=list)


def organisation_figures(
    organisations: list[Organisation], *, today: datetime.date
) -> dict[int, OrganisationFigures]:
    """Member counts (subtree totals), current secretary and warnings for each organisation."""
    figures = {org.pk: OrganisationFigures() for org in organisations}
    by_path = {org.path: org for org in organisations}

    counts = (
        Member.objects.filter(state=Member.State.ACTIVE, branch__in=[o.pk for o in organisations])
        .values("branch__path", "group_id", "status")
        .annotate(n=Count("id"))
    )
    for row in counts:
        path, n = row["branch__path"], row["n"]
        full = n if row["status"] == Member.Status.FULL else 0
        # The branch and every ancestor shown on the page count the member.
        for depth in range(Organisation.steplen, len(path) + 1, Organisation.steplen):
            ancestor = by_path.get(path[:depth])
            if ancestor is not None:
                figures[ancestor.pk].members += n
                figures[ancestor.pk].full_members += full
        if row["group_id"] in figures:
            figures[row["group_id"]].members += n
            figures[row["group_id"]].full_members += full

    posts = (
        Post.objects.current(today).filter(organisation__in=figures.keys()).select_related("member")
    )
    for post in posts:
        entry = figures[post.organisation_id]
        if post.kind in Post.MANAGING:
            entry.committee_posts += 1
        if post.kind in (Post.Kind.SECRETARY, Post.Kind.GROUP_LEADER):
            entry.secretary = post.member  # a party group's leader stands in its column

    for org in organisations:
        figures[org.pk].warnings = organisation_warnings(org, figures[org.pk], today=today)
    return figures


def organisation_warnings(
    org: Organisation, figures: OrganisationFigures, *, today: datetime.date
) -> list[str]:
    if org.kind != Organisation.Kind.BRANCH or not org.is_active:
        return []
    warnings = []
    if figures.full_members < MIN_FULL_MEMBERS:
        warnings.append(
            _("Fewer than %(n)d full members: a branch needs at least %(n)d.")
            % {"n": MIN_FULL_MEMBERS}
        )
    if figures.members > MAX_MEMBERS:
        warnings.append(
            _("More than %(n)d members: consider splitting the branch.") % {"n": MAX_MEMBERS}
        )
    if (
        figures.full_members >= COMMITTEE_FROM_FULL_MEMBERS
        and figures.committee_posts < MIN_COMMITTEE_POSTS
    ):
        warnings.append(
            _("%(n)d or more full members but no branch committee.")
            % {"n": COMMITTEE_FROM_FULL_MEMBERS}
        )
    if org.term_end:
        if org.term_end < today:
            warnings.append(
                _("The committee's term ended on %(date)s: the election is overdue.")
                % {"date": org.term_end}
            )
        elif org.term_end <= today + datetime.timedelta(days=TERM_WARNING_DAYS):
            warnings.append(_("The committee's term ends on %(date)s.") % {"date": org.term_end})
    return warnings
