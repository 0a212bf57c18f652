"""Annual statistics (年度统计) of any period and subtree, for year-end summaries.

`annual_statistics(root, period, today)` counts the held activities by type and by
category, the members reached (distinct members present at least once), the volunteer
results, the brands by stage and the honours by level, in a fixed number of queries.
`summary_paragraph(stats)` writes the sentence a year-end summary needs
("全年共开展主题党日66次、专题党课37次……"), in the active language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from activities import statistics as stats
from activities.models import Activity, ActivityType, Attendance
from branches.models import Member, Organisation
from branches.periods import Period
from dashboards import sources


@dataclass
class TypeCount:
    activity_type: ActivityType
    count: int
    url: str = ""


@dataclass
class AnnualStatistics:
    root: Organisation
    period: Period
    by_type: list[TypeCount]
    by_category: list[tuple[str, str, int]]  # (code, label, count)
    held: int
    members: int
    members_reached: int
    branches: int
    results: stats.Results
    brands: dict[str, int]  # stage label -> number of branches
    honours: dict[str, int]  # level code -> number of honours
    extra: dict = field(default_factory=dict)

    @property
    def honour_rows(self) -> list[tuple[str, int]]:
        """(level label, number) of each level with honours, for pages and exports."""
        return [(_(HONOUR_LABELS.get(level, level)), n) for level, n in self.honours.items() if n]


def annual_statistics(root: Organisation, period: Period) -> AnnualStatistics:
    """A fixed number of queries (activities, members, branches, types, brands)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    types = list(ActivityType.objects.all())
    held = stats.held_activities(organisations=[root], period=period).get(root.pk, {})
    counts = Counter()
    for (type_id, _period), n in held.items():
        counts[type_id] += n
    by_type = [
        TypeCount(
            t,
            counts[t.pk],
            f"{reverse('activities:list')}?"
            + urlencode(
                {
                    "organisation": root.pk,
                    "activity_type": t.pk,
                    "period": period.value,
                    "state": Activity.State.HELD,
                }
            ),
        )
        for t in types
        if counts[t.pk]
    ]
    by_category = Counter()
    for t in types:
        by_category[t.category] += counts[t.pk]
    categories = [
        (code, str(label), by_category[code])
        for code, label in ActivityType.Category.choices
        if by_category[code]
    ]
    start, end = period.datetimes()
    reached = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            is_guest=False,
            activity__state=Activity.State.HELD,
            activity__start__gte=start,
            activity__start__lt=end,
        )
        .filter(root.subtree_q("activity__organisation__"))
        .values("member_id")
        .distinct()
        .count()
    )
    members = Member.objects.current().filter(root.subtree_q("branch__")).count()
    branches = Organisation.objects.filter(
        root.subtree_q(), kind=Organisation.Kind.BRANCH, is_active=True
    ).count()
    results = stats.volunteer_results(organisations=[root], period=period).get(root.pk, {})
    branch_ids = list(
        Organisation.objects.filter(root.subtree_q(), kind=Organisation.Kind.BRANCH).values_list(
            "pk", flat=True
        )
    )
    # A plain dict, not the Counter: a template's `brands.items` would read Counter["items"].
    brand_counts = dict(
        Counter(
            figures.stage_label for figures in sources.brands(organisation_ids=branch_ids).values()
        )
    )
    honours = sources.honours(organisation_ids=[root.pk], period=period).get(root.pk, {})
    return AnnualStatistics(
        root=root,
        period=period,
        by_type=by_type,
        by_category=categories,
        held=sum(counts.values()),
        members=members,
        members_reached=reached,
        branches=branches,
        results=results.get(period, stats.Results()),
        brands=brand_counts,
        honours=honours,
    )


HONOUR_LABELS = {
    "court": gettext_noop("court level"),
    "city": gettext_noop("city level"),
    "province": gettext_noop("province level"),
    "national": gettext_noop("national level"),
}


def _join(items: list[str]) -> str:
    return ("、" if (get_language() or "").startswith("zh") else ", ").join(items)


def summary_paragraph(data: AnnualStatistics) -> str:
    """The year-end summary's sentence of figures, generated from the statistics."""
    sentences = []
    if data.by_type:
        held = _join(
            [
                _("%(name)s %(count)s times")
                % {"name": item.activity_type.name, "count": item.count}
                for item in sorted(data.by_type, key=lambda i: -i.count)
            ]
        )
        sentences.append(
            _("In %(period)s, %(organisation)s held %(total)s activities: %(list)s.")
            % {
                "period": data.period.label,
                "organisation": data.root.name,
                "total": data.held,
                "list": held,
            }
        )
    else:
        sentences.append(
            _("In %(period)s, %(organisation)s recorded no held activity.")
            % {"period": data.period.label, "organisation": data.root.name}
        )
    sentences.append(
        _("%(reached)s of its %(members)s members took part.")
        % {"reached": data.members_reached, "members": data.members}
    )
    r = data.results
    if r.activities:
        sentences.append(
            _(
                "Volunteer service: %(activities)s activities served %(people)s people, "
                "resolved %(disputes)s disputes and collected %(suggestions)s suggestions."
            )
            % {
                "activities": r.activities,
                "people": r.people_served,
                "disputes": r.disputes_resolved,
                "suggestions": r.suggestions_collected,
            }
        )
    if data.honours:
        items = [
            _("%(count)s at %(level)s") % {"count": n, "level": _(HONOUR_LABELS.get(level, level))}
            for level, n in data.honours.items()
            if n
        ]
        if items:
            sentences.append(_("Honours received: %(list)s.") % {"list": _join(items)})
    if data.brands:
        items = [
            _("%(stage)s %(count)s") % {"stage": s, "count": n} for s, n in data.brands.items()
        ]
        sentences.append(_("Branch brands: %(list)s.") % {"list": _join(items)})
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(sentences)
