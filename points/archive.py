"""The performance archive (综合业绩档案): one member's record of one year, on one page.

It reads what the other parts already keep: the yearly points summary (by category),
the attendance at activities (activities.selectors), the claims, the star awards and
the democratic evaluation. A fixed number of queries whatever the member's history.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from activities.selectors import attendance_summary, member_attendance
from branches.models import Member
from points import awards, evaluation, selectors
from points.models import Evaluation, PointClaim, PointsSettings, PointSummary, StarAward


@dataclass
class Archive:
    member: Member
    year: int
    summary: PointSummary
    attendance: dict
    claims: QuerySet[PointClaim]
    awards: QuerySet[StarAward]
    evaluations: list[Evaluation]


def performance_archive(member: Member, year: int) -> Archive:
    settings = PointsSettings.load()
    return Archive(
        member=member,
        year=year,
        summary=selectors.member_summary(member, year, settings),
        attendance=attendance_summary(member_attendance(member, year=year)),
        claims=PointClaim.objects.filter(member=member, date__year=year)
        .select_related("rule", "entry")
        .order_by("date", "pk"),
        awards=awards.member_awards(member, year=year),
        evaluations=evaluation.member_evaluations(member, year=year),
    )


def archive_years(member: Member) -> list[int]:
    """The years the archive can show: from the member's joining (at most ten) to this year."""
    this_year = selectors.current_year()
    first = member.joined_on.year if member.joined_on else this_year - 5
    first = max(first, this_year - 9)
    return list(range(this_year, first - 1, -1))
