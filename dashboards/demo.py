"""Demo star ratings: last year confirmed, this year under way, a few branches behind.

`seed_demo_dashboards(today=...)` runs after the activities and points demos, for the demo
court only (not the copies of `seed_demo --scale N`). Through the rating services:

* last year: every branch's rating computed from the rubric, self-assessed by the
  branch, reviewed by the committee (the hand-scored items: 领导班子, 骨干队伍, 活动阵地,
  群众评价, and the items whose source app is not in use) and confirmed with a reason;
  the first three-star branch is confirmed with four stars, with the reason why;
* this year: computed; half of the branches have sent their self-assessment;
* behind: the branches of BEHIND get low committee scores (a low rating), on top of the
  missing meetings the activities demo leaves them (activities.demo.content.GAPS).

Scores are drawn from generators seeded by the branch's name: the same every time.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from branches.models import Organisation, User
from dashboards import rubric, services
from dashboards.models import BranchRating

BEHIND = {"执行二庭", "行政审判庭"}  # departments of the branches that fall behind
INNOVATORS = {"民一庭", "立案庭"}  # branches with an innovation project (five stars possible)


def _scores(branch: Organisation, criteria, *, low: bool, year: int) -> dict[str, str]:
    rng = random.Random(f"{branch.name}:{year}")
    level = rng.uniform(0.35, 0.45) if low else rng.uniform(0.45, 0.88)  # how well it does overall
    scores = {}
    for criterion in criteria:
        weight = Decimal(criterion.weight)
        share = max(0.0, min(1.0, level + rng.uniform(-0.08, 0.08)))
        scores[criterion.code] = str((weight * Decimal(str(share))).quantize(Decimal("0.5")))
    return scores


@transaction.atomic
def seed_demo_dashboards(*, today: datetime.date) -> dict[str, int]:
    services.rubric_install_defaults()
    root = Organisation.objects.filter(depth=1, kind=Organisation.Kind.COMMITTEE).first()
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    if root is None or staff is None:
        return {"star ratings": 0}
    branches = list(
        Organisation.objects.filter(root.subtree_q(), kind=Organisation.Kind.BRANCH, is_active=True)
    )
    last_year, this_year = today.year - 1, today.year

    # Last year: the whole workflow, confirmed.
    adjusted = False
    ratings = services.ratings_compute(branches=branches, year=last_year, today=today)
    BranchRating.objects.filter(
        pk__in=[r.pk for r in ratings if r.branch.department in INNOVATORS]
    ).update(has_innovation_project=True)
    for rating in BranchRating.objects.filter(pk__in=[r.pk for r in ratings]).select_related(
        "branch"
    ):
        branch = rating.branch
        low = branch.department in BEHIND
        hand = [line for line in rating.breakdown if line["fraction"] is None]
        criteria = [_Line(line) for line in hand]
        own = _scores(branch, criteria, low=low, year=last_year)
        rating = services.rating_self_assess(
            rating=rating,
            scores={code: str(min(Decimal(v) + 1, _weight(hand, code))) for code, v in own.items()},
            note=f"{branch.name}{last_year}年度对照星级标准逐项自评。",
            by=staff,
            today=today,
        )
        rating = services.rating_review(
            rating=rating,
            scores=own,
            note="经机关党委实地查看阵地、查阅台账、听取群众意见后评分。",
            by=staff,
            today=today,
        )
        stars, reason = rating.computed_stars, "按评分细则计算结果认定。"
        if not adjusted and stars == 3 and not low:  # one committee decision differs
            adjusted, stars = True, 4
            reason = "专项工作成效突出，经机关党委会议研究上调一星。"
        if low:
            reason = "组织生活存在缺项，台账不完整，限期整改。"
        services.rating_confirm(rating=rating, stars=stars, reason=reason, by=staff)

    # This year: computed; half of the branches have assessed themselves.
    current = services.ratings_compute(branches=branches, year=this_year, today=today)
    for index, rating in enumerate(current):
        if index % 2:
            continue
        hand = [line for line in rating.breakdown if line["fraction"] is None]
        services.rating_self_assess(
            rating=rating,
            scores=_scores(
                rating.branch,
                [_Line(line) for line in hand],
                low=rating.branch.department in BEHIND,
                year=this_year,
            ),
            note=f"{rating.branch.name}{this_year}年度自评。",
            by=staff,
            today=today,
        )
    five = sum(1 for r in BranchRating.objects.filter(year=last_year) if r.stars == 5)
    return {
        "star ratings": BranchRating.objects.count(),
        "five-star branches": five,
        "rubric criteria": len(rubric.DEFAULT_RUBRIC),
    }


class _Line:
    """A breakdown line seen as a criterion (code and weight)."""

    def __init__(self, line: dict):
        self.code = line["code"]
        self.weight = Decimal(line["weight"])


def _weight(lines: list[dict], code: str) -> Decimal:
    return next(Decimal(line["weight"]) for line in lines if line["code"] == code)
