"""Reading points: a member's year, branch and committee tables, the pioneer index.

Tables read the yearly summaries (one row per member) joined to the members, so a page
costs the same few queries whatever the number of members or entries. Members without
a summary row for the year (no entries yet) have the base score.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from branches.models import Member, Organisation
from branches.periods import Period
from points.models import CATEGORIES, Category, PointClaim, PointEntry, PointsSettings, PointSummary

ZERO = Decimal(0)
POINTS = DecimalField(max_digits=9, decimal_places=1)


def _points(value) -> Value:
    return Value(value, output_field=POINTS)


def current_year() -> int:
    return timezone.localdate().year


def year_from(text: str | None, default: int | None = None) -> int:
    """A year from a query parameter (2000–2100), else `default` or this year."""
    text = (text or "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return default or current_year()


def year_choices() -> range:
    this_year = current_year()
    return range(this_year, this_year - 6, -1)


# --- one member -----------------------------------------------------------------------------
def member_summary(member: Member, year: int, settings: PointsSettings) -> PointSummary:
    """The member's summary for the year; an unsaved one with the base score when there is none."""
    summary = PointSummary.objects.filter(member=member, year=year).first()
    if summary is None:
        summary = PointSummary(
            member=member, year=year, base=settings.base_score, total=settings.base_score
        )
    return summary


def member_year_total(member: Member, year: int) -> Decimal:
    """The member's points in the year, base included (for other apps' pages)."""
    total = (
        PointSummary.objects.filter(member=member, year=year)
        .values_list("total", flat=True)
        .first()
    )
    return total if total is not None else PointsSettings.load().base_score


def member_history(member: Member, year: int) -> QuerySet[PointEntry]:
    """The member's entries of the year, newest first, with what the templates link to."""
    return (
        PointEntry.objects.filter(member=member, year=year)
        .select_related("rule", "activity", "claim", "reverses", "created_by")
        .order_by("-date", "-pk")
    )


def monthly_chart(member: Member, year: int, base: Decimal) -> dict:
    """Data for the chart: points per month and category, and the running total (one query).

    The running total stops at the current month (a future month has no total yet).
    """
    rows = (
        PointEntry.objects.filter(member=member, year=year)
        .annotate(month=ExtractMonth("date"))
        .values("month", "category")
        .annotate(points=Sum("points"))
        .order_by()
    )
    by_category = {category: [0.0] * 12 for category in CATEGORIES}
    for row in rows:
        by_category[row["category"]][row["month"] - 1] = float(row["points"])
    today = timezone.localdate()
    shown = 12 if year < today.year else (today.month if year == today.year else 0)
    running, totals = float(base), []
    for month in range(12):
        running += sum(series[month] for series in by_category.values())
        totals.append(round(running, 1) if month < shown else None)
    return {
        "months": [date_format(datetime.date(year, month, 1), "M") for month in range(1, 13)],
        "series": [
            {"name": str(label), "data": by_category[value]} for value, label in Category.choices
        ],
        "total_name": str(_("Total")),
        "totals": totals,
    }


def ranked_members(members: QuerySet[Member], *, year: int, base: Decimal) -> QuerySet[Member]:
    """Members annotated with their year's total (`points_total`) and category sums (`points_<category>`)."""
    members = members.alias(
        year_summary=FilteredRelation("point_summaries", condition=Q(point_summaries__year=year))
    )
    return members.annotate(
        points_total=Coalesce("year_summary__total", _points(base), output_field=POINTS),
        **{
            f"points_{category}": Coalesce(
                f"year_summary__{category}", _points(ZERO), output_field=POINTS
            )
            for category in CATEGORIES
        },
    )


def branch_rank(
    member: Member, total: Decimal, *, year: int, base: Decimal
) -> tuple[int, int] | None:
    """(rank, number of members) of the member among their branch's current members (one query)."""
    if member.branch_id is None:
        return None
    peers = ranked_members(
        Member.objects.current().filter(branch_id=member.branch_id), year=year, base=base
    )
    counted = peers.aggregate(
        higher=Count("pk", filter=Q(points_total__gt=total)), size=Count("pk")
    )
    return counted["higher"] + 1, max(counted["size"], 1)


def recently_decided_claims(member: Member, *, days: int = 30) -> QuerySet[PointClaim]:
    """The member's claims approved or rejected in the last `days` days (for "My points")."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        PointClaim.objects.filter(
            member=member,
            status__in=[PointClaim.Status.APPROVED, PointClaim.Status.REJECTED],
            decided_at__gte=since,
        )
        .select_related("rule", "entry")
        .order_by("-decided_at")[:5]
    )


# --- tables ------------------------------------------------------------------------------
SORTS = {
    "total": ("-points_total", "name", "pk"),
    "name": ("name", "employee_number", "pk"),
    **{category: (f"-points_{category}", "name", "pk") for category in CATEGORIES},
}


def points_table(
    members: QuerySet[Member], *, year: int, base: Decimal, sort: str = "total"
) -> QuerySet[Member]:
    """Members with their year's points, sorted by total (default), name or a category."""
    return (
        ranked_members(members, year=year, base=base)
        .select_related("branch")
        .order_by(*SORTS.get(sort, SORTS["total"]))
    )


def filter_members(
    members: QuerySet[Member], *, branch=None, job_category: str = "", search: str = ""
) -> QuerySet[Member]:
    if branch is not None:
        members = members.filter(branch.subtree_q("branch__"))
    if job_category:
        members = members.filter(job_category=job_category)
    if search:
        search = search.strip()
        members = members.filter(Q(name__icontains=search) | Q(employee_number=search))
    return members


def members_under(paths) -> QuerySet[Member]:
    """Members of the branches under the given organisation paths."""
    return Member.objects.filter(Organisation.subtrees_q(paths, "branch__"))


def branches_under(paths) -> QuerySet[Organisation]:
    return Organisation.objects.branches().filter(Organisation.subtrees_q(paths))


def pending_claims(user, *, branch=None) -> QuerySet[PointClaim]:
    """Pending claims the user may decide: of members of the branches they manage, not their own."""
    from branches.access import scope_for

    scope = scope_for(user)
    claims = PointClaim.objects.visible_to(user).pending()
    if scope.member is not None:
        claims = claims.exclude(member_id=scope.member.pk)
    if branch is not None:
        claims = claims.filter(branch.subtree_q("member__branch__"))
    return claims.select_related("member__branch", "rule").order_by("created", "pk")


# --- pioneer index -----------------------------------------------------------------------
# The periods of a year the pioneer index is shown for, by their code in the URL
# (?year=2026&period=Q1); "Y" is the whole year.
PIONEER_PERIODS = [
    ("Y", _("whole year")),
    ("H1", _("first half")),
    ("H2", _("second half")),
    ("Q1", _("first quarter")),
    ("Q2", _("second quarter")),
    ("Q3", _("third quarter")),
    ("Q4", _("fourth quarter")),
]


def pioneer_period(year: int, code: str | None) -> tuple[Period, str]:
    """The period of `year` that `code` names (Q1–Q4, H1–H2, else the year) and its code."""
    code = (code or "").strip().upper()
    if code not in dict(PIONEER_PERIODS) or code == "Y":
        return Period.year(year), "Y"
    return Period.parse(f"{year}-{code}"), code


def pioneer_ranking(
    members: QuerySet[Member], *, period: Period, weights: dict[str, Decimal]
) -> QuerySet:
    """Members ranked by pioneer index in the period: the weighted sum of their entries' points.

    One aggregate query over the entries (rows are dicts with the member's name, branch,
    job category, `index` and the points of each category). Members without entries in
    the period are not listed.
    """
    weighted = Case(
        *[
            When(category=category, then=F("points") * _points(weights[category]))
            for category in CATEGORIES
        ],
        default=_points(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=3),
    )
    return (
        PointEntry.objects.filter(member__in=members, date__gte=period.first, date__lt=period.after)
        .values(
            "member_id",
            "member__name",
            "member__employee_number",
            "member__job_category",
            "member__branch__name",
            "member__branch__short_name",
        )
        .annotate(
            index=Sum(weighted),
            earned=Sum("points"),
            **{
                category: Coalesce(Sum("points", filter=Q(category=category)), _points(ZERO))
                for category in CATEGORIES
            },
        )
        .order_by("-index", "member__name", "member_id")
    )
