"""A branch's yearly record for the upper level: meetings, tasks, evaluation, honours, rating.

`branch_record(branch, year, today)` reads it in a fixed number of queries: the meetings
held by type and the cadence's missing periods (activities' batch selectors), the ledger
tasks (ledgers), the democratic evaluation's grades, the honours and the brand (brands)
and the star rating of the year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from activities import statistics as stats
from activities.models import ActivityType
from branches.models import Organisation
from branches.periods import Period
from dashboards import sources
from dashboards.models import BranchRating
from points.models import Evaluation, Grade


@dataclass
class BranchRecord:
    branch: Organisation
    year: int
    meetings: list[tuple[str, int]]  # (type name, number held)
    gaps: list[tuple[str, str, int]]  # (rule, period label, missing)
    cadence: stats.Cadence
    ledger: object
    grades: list[tuple[str, int]]  # (grade label, number of members)
    honours: dict | None
    brand: object
    rating: BranchRating | None


def branch_record(branch: Organisation, year: int, *, today: datetime.date) -> BranchRecord:
    period = Period.year(year)
    types = {t.pk: t for t in ActivityType.objects.all()}
    held = stats.held_activities(organisations=[branch], period=period).get(branch.pk, {})
    meetings = sorted(
        ((types[type_id].name, n) for (type_id, _p), n in held.items()),
        key=lambda item: -item[1],
    )
    [result] = stats.compliance.compliance_for([branch], year=year, until=today) or [None]
    gaps, cadence = [], stats.Cadence()
    if result is not None:
        for rule in result.rules:
            for p in rule.periods:
                cadence = cadence + stats.cadence_of(p)
                if p.gap:
                    gaps.append((rule.name, stats.to_period(p).label, p.gap))
    grade_labels = dict(Grade.choices)
    grades = [
        (str(grade_labels.get(row["final_grade"], row["final_grade"])), row["n"])
        for row in Evaluation.objects.filter(round__branch=branch, round__year=year)
        .exclude(final_grade="")
        .order_by("final_grade")
        .values("final_grade")
        .annotate(n=Count("pk"))
    ]
    return BranchRecord(
        branch=branch,
        year=year,
        meetings=meetings,
        gaps=gaps,
        cadence=cadence,
        ledger=sources.ledger_figures(organisation_ids=[branch.pk], period=period, today=today).get(
            branch.pk
        ),
        grades=grades,
        honours=sources.honours(organisation_ids=[branch.pk], period=period).get(branch.pk, {}),
        brand=sources.brands(organisation_ids=[branch.pk]).get(branch.pk),
        rating=BranchRating.objects.filter(branch=branch, year=year).first(),
    )
