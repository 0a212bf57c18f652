"""Batch figures of points for the apps above (dashboards).

The read API. `points_by_organisation(organisations=..., period=...)` →
{org id: PointFigures(total, members, mean)} costs TWO queries whatever the number of
organisations, members or entries (three when primary keys are passed instead of
Organisation objects):

* `total` — the net points of the entries dated in the period (reversals included, so a
  cancelled entry counts nothing; the yearly base score is not an entry and not counted);
* `members` — the organisation's active members now, its whole subtree (a branch's
  members, a party group's members, all members under a general branch or committee);
* `mean` — total / members, one decimal, None without members.

Members are counted where they are now (Member.branch / Member.group); their points go
with them. The figures are for comparisons between organisations; they never rank members.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce

from activities.statistics import roll_up, subtree_filter, targets
from branches.models import Member
from branches.periods import Period
from points.models import PointEntry

ZERO = Decimal(0)


@dataclass(frozen=True)
class PointFigures:
    total: Decimal = ZERO
    members: int = 0

    @property
    def mean(self) -> Decimal | None:
        if not self.members:
            return None
        return (self.total / self.members).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _place_path(row: dict, prefix: str = "") -> str:
    """The deepest organisation a member sits in: the party group, else the branch."""
    return row[f"{prefix}group_path"] or row[f"{prefix}branch_path"] or ""


def points_by_organisation(*, organisations: Iterable, period: Period) -> dict[int, PointFigures]:
    """{org id: PointFigures} for the period (two queries)."""
    target_list = targets(organisations)
    if not target_list:
        return {}
    paths = [path for _, path in target_list]
    members = (
        Member.objects.current()
        .filter(subtree_filter(paths, "branch__"))
        .order_by()
        .values(branch_path=F("branch__path"), group_path=F("group__path"))
        .annotate(n=Count("pk"))
    )
    entries = (
        PointEntry.objects.filter(
            date__gte=period.first,
            date__lt=period.after,
            member__state=Member.State.ACTIVE,
        )
        .filter(subtree_filter(paths, "member__branch__"))
        .order_by()
        .values(branch_path=F("member__branch__path"), group_path=F("member__group__path"))
        .annotate(total=Coalesce(Sum("points"), ZERO))
    )
    rows = [(_place_path(row), "members", row["n"]) for row in members]
    rows += [(_place_path(row), "total", row["total"]) for row in entries]
    rolled = roll_up([(path, key, value) for path, key, value in rows if path], target_list)
    return {
        pk: PointFigures(total=values.get("total", ZERO), members=values.get("members", 0))
        for pk, values in rolled.items()
    }
