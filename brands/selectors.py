"""Reading brands: the public read API for the dashboards app, and the pages' data.

Every function runs a fixed number of queries, whatever the number of organisations.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Func, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from activities.models import Activity, Attendance
from branches.models import Membership
from branches.periods import Period
from brands.models import (
    KIND_ORDER,
    Brand,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ResearchTopic,
    Result,
)


# --- the public read API (dashboards) ----------------------------------------------------------
@dataclass(frozen=True)
class BrandFigures:
    brand_id: int
    name: str
    stage: str  # "draft" | "applied" | "returned" | "certified" | "cultivating" | "publicised" | "selected"
    stage_label: str
    url: str


def brands_by_organisation(*, organisation_ids: Iterable[int]) -> dict[int, BrandFigures]:
    """The current brand of each organisation that has one (one query)."""
    rows = Brand.objects.current().filter(organisation_id__in=list(organisation_ids))
    labels = dict(Brand.Stage.choices)
    return {
        brand.organisation_id: BrandFigures(
            brand_id=brand.pk,
            name=brand.name,
            stage=brand.stage,
            stage_label=str(labels[brand.stage]),
            url=reverse("brands:detail", args=[brand.pk]),
        )
        for brand in rows.only("pk", "name", "stage", "organisation_id")
    }


def honours_by_organisation(
    *, organisation_ids: Iterable[int], period: Period
) -> dict[int, dict[str, int]]:
    """org → level code → live honours dated in the period: the organisation's own, its
    brands' (any brand of it, current or replaced) and its members' (the member's branch on
    the honour's date, else their current branch). Two queries."""
    ids = set(organisation_ids)
    honours = (
        Honour.objects.live()
        .filter(date__gte=period.first, date__lt=period.after)
        .filter(
            Q(organisation_id__in=ids) | Q(brand__organisation_id__in=ids) | Q(member__isnull=False)
        )
        .values(
            "pk",
            "level",
            "date",
            "organisation_id",
            "brand__organisation_id",
            "member_id",
            "member__branch_id",
        )
    )
    honours = list(honours)
    member_ids = {h["member_id"] for h in honours if h["member_id"]}
    spans = defaultdict(list)
    if member_ids:
        for row in Membership.objects.filter(member_id__in=member_ids).values(
            "member_id", "branch_id", "start", "end"
        ):
            spans[row["member_id"]].append(row)
    found: dict[int, dict[str, int]] = {}
    for honour in honours:
        org = honour["organisation_id"] or honour["brand__organisation_id"]
        if honour["member_id"]:
            org = next(
                (
                    s["branch_id"]
                    for s in spans[honour["member_id"]]
                    if s["start"] <= honour["date"]
                    and (s["end"] is None or s["end"] >= honour["date"])
                ),
                honour["member__branch_id"],
            )
        if org in ids:
            levels = found.setdefault(org, {})
            levels[honour["level"]] = levels.get(honour["level"], 0) + 1
    return found


@dataclass(frozen=True)
class InnovationFigures:
    submitted: bool
    selected: bool
    mean_score: Decimal | None


def innovation_by_organisation(
    *, organisation_ids: Iterable[int], year: int
) -> dict[int, InnovationFigures]:
    """Each organisation that submitted a project in a round of `year`: whether it was
    selected (published rounds only) and the mean of its submitted review totals (once the
    round is closed). Two queries; with several rounds in a year, the best one counts."""
    ids = list(organisation_ids)
    projects = list(
        InnovationProject.objects.filter(branch_id__in=ids, round__year=year).values(
            "pk", "branch_id", "decision", "round__state"
        )
    )
    totals = defaultdict(list)
    for row in CrossReview.objects.filter(
        project_id__in=[p["pk"] for p in projects],
        submitted_at__isnull=False,
        project__round__state__in=[InnovationRound.State.CLOSED, InnovationRound.State.PUBLISHED],
    ).values("project_id", "total"):
        totals[row["project_id"]].append(row["total"])
    found: dict[int, InnovationFigures] = {}
    for project in projects:
        selected = project["round__state"] == InnovationRound.State.PUBLISHED and project[
            "decision"
        ] in (InnovationProject.Decision.EXCELLENT, InnovationProject.Decision.SELECTED)
        scores = totals.get(project["pk"])
        mean = (
            Decimal(statistics.fmean(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if scores
            else None
        )
        known = found.get(project["branch_id"])
        if known is not None:
            selected = selected or known.selected
            if known.mean_score is not None and (mean is None or known.mean_score > mean):
                mean = known.mean_score
        found[project["branch_id"]] = InnovationFigures(True, selected, mean)
    return found


# --- what the pages read -----------------------------------------------------------------------
RECENT_SESSIONS = 3


@dataclass
class SeriesFigures:
    sessions: int = 0
    attendance: int = 0
    people_served: int = 0
    disputes_resolved: int = 0


def series_figures(series_ids: Iterable[int], year: int) -> dict[int, SeriesFigures]:
    """Held activities of each series in `year`: sessions, attendance (present, guests
    included), people served, disputes resolved. Two queries."""
    series_ids = [pk for pk in series_ids if pk]
    if not series_ids:
        return {}
    period = Period.year(year)
    start, after = period.datetimes()
    held = Activity.objects.counted().filter(series_id__in=series_ids).in_range(start, after)
    figures = {pk: SeriesFigures() for pk in series_ids}
    for row in (
        held.order_by()
        .values("series_id")
        .annotate(n=Count("pk"), served=Sum("people_served"), disputes=Sum("disputes_resolved"))
    ):
        figure = figures[row["series_id"]]
        figure.sessions = row["n"]
        figure.people_served = row["served"] or 0
        figure.disputes_resolved = row["disputes"] or 0
    for row in (
        Attendance.objects.filter(activity__in=held.values("pk"), status=Attendance.Status.PRESENT)
        .order_by()
        .values("activity__series_id")
        .annotate(n=Count("pk"))
    ):
        figures[row["activity__series_id"]].attendance = row["n"]
    return figures


def recent_sessions(series_ids: Iterable[int], n: int = RECENT_SESSIONS) -> dict[int, list]:
    """The last `n` held sessions of each series (one query, a window function)."""
    series_ids = [pk for pk in series_ids if pk]
    if not series_ids:
        return {}
    rows = (
        Activity.objects.counted()
        .filter(series_id__in=series_ids)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("series_id")], order_by=[F("start").desc()])
        )
        .filter(row__lte=n)
        .only("pk", "topic", "start", "series_id", "people_served")
        .order_by("series_id", "-start")
    )
    found = defaultdict(list)
    for activity in rows:
        found[activity.series_id].append(activity)
    return found


def brand_page(brand: Brand, *, year: int) -> dict:
    """Everything the brand page shows, in a fixed number of queries."""
    elements = list(brand.elements.all())
    outline = [
        (kind_label, [e for e in elements if e.kind == kind])
        for kind, kind_label in [
            (k, dict(brand.elements.model.Kind.choices)[k]) for k in KIND_ORDER
        ]
    ]
    outline = [(label, items) for label, items in outline if items]
    subs = list(brand.sub_brands.select_related("series"))
    series_ids = [s.series_id for s in subs]
    figures = series_figures(series_ids, year)
    previous = series_figures(series_ids, year - 1)
    recent = recent_sessions(series_ids)
    for sub in subs:
        sub.figures = figures.get(sub.series_id, SeriesFigures())
        sub.previous_figures = previous.get(sub.series_id, SeriesFigures())
        sub.recent = recent.get(sub.series_id, [])
    changes = list(brand.stage_changes.select_related("by").order_by("date", "pk"))
    honours = list(
        Honour.objects.live()
        .filter(Q(brand=brand) | Q(organisation_id=brand.organisation_id))
        .order_by("-date", "-pk")
    )
    topics = list(
        ResearchTopic.objects.filter(brand=brand, is_withdrawn=False).prefetch_related("steps")
    )
    for topic in topics:
        topic.step_list = list(topic.steps.all())
        topic.last_step = topic.step_list[-1] if topic.step_list else None
    results = list(Result.objects.filter(brand=brand, is_withdrawn=False).order_by("kind", "-date"))
    tiers = {tier: [t for t in topics if t.tier == tier] for tier in ResearchTopic.Tier.values}
    return {
        "outline": outline,
        "sub_brands": subs,
        "changes": changes,
        "honours": honours,
        "topics": topics,
        "topic_tiers": [(label, tiers[value]) for value, label in ResearchTopic.Tier.choices],
        "suggestions": [r for r in results if r.kind == Result.Kind.SUGGESTION],
        "cases": [r for r in results if r.kind == Result.Kind.TYPICAL_CASE],
        "other_results": [r for r in results if r.kind == Result.Kind.OTHER],
        "year": year,
        "totals": SeriesFigures(
            sessions=sum(s.figures.sessions for s in subs),
            attendance=sum(s.figures.attendance for s in subs),
            people_served=sum(s.figures.people_served for s in subs),
            disputes_resolved=sum(s.figures.disputes_resolved for s in subs),
        ),
    }


def brands_with_counts(queryset, *, year: int):
    """Annotate each brand with its sub-brands, this year's sessions of their series and
    its live honours (subqueries; one query for a page)."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    start, after = Period.year(year).datetimes()
    sessions = (
        Activity.objects.counted()
        .filter(series__sub_brands__brand=OuterRef("pk"), start__gte=start, start__lt=after)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    honours = (
        Honour.objects.live()
        .filter(Q(brand=OuterRef("pk")) | Q(organisation=OuterRef("organisation")))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return queryset.select_related("organisation").annotate(
        sub_brand_count=Count("sub_brands", distinct=True),
        session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
        honour_count=Coalesce(Subquery(honours, output_field=IntegerField()), 0),
    )


def cluster_of(court_brand: Brand, *, year: int):
    """The branch brands of the court brand's committee recognised by it ("1+N")."""
    members = (
        Brand.objects.current()
        .filter(
            organisation__path__startswith=court_brand.organisation.path,
            stage__in=Brand.RECOGNISED,
        )
        .exclude(pk=court_brand.pk)
    )
    return brands_with_counts(members, year=year).order_by("organisation__path")


def year_of(day: datetime.date) -> int:
    return day.year
