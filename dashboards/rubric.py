"""The rubric's measured sources and the star-rating computation.

A rubric criterion (RubricCriterion) names one source from SOURCES. A measured source
turns the year's recorded work into a fraction 0–1 of the criterion's points; the
committee-scored source takes the points the committee (or, before its review, the
branch's self-assessment) entered. A source with nothing to measure (no attendance
expected, no ledger task due) gives None: the criterion then takes an entered score like a
committee-scored one.

No source counts logins, time online, photos uploaded or media coverage, and the rubric
editor refuses criteria that would (models.FORBIDDEN_MEASURES).

Stars (published 星级 schemes): five at ≥ 90 points with an innovation project, four at
80–89 (or ≥ 90 without one), three 70–79, two 60–69, one below 60.

`RubricData.load(branches, year, today)` reads everything for any number of branches in a
fixed number of queries; `compute(...)` then costs none.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from activities import statistics as activity_statistics
from branches.periods import Period
from dashboards import sources

ONE = Decimal(1)
TENTH = Decimal("0.1")
HONOUR_VALUE = {"court": 1, "city": 2, "province": 3, "national": 4}
STAR_BANDS = ((Decimal(80), 4), (Decimal(70), 3), (Decimal(60), 2))
FIVE_STARS_AT = Decimal(90)
FIVE_STAR_QUOTA = Decimal("0.10")  # guidance: about one branch in ten; a warning, not a rule


def stars_for(score: Decimal, *, innovation: bool) -> int:
    if score >= FIVE_STARS_AT:
        return 5 if innovation else 4
    for floor, stars in STAR_BANDS:
        if score >= floor:
            return stars
    return 1


@dataclass
class RubricData:
    """The year's figures of many branches, read in a fixed number of queries."""

    year: int
    cadence: dict[int, activity_statistics.Cadence] = field(default_factory=dict)
    attendance: dict[int, activity_statistics.AttendanceFigures] = field(default_factory=dict)
    ledger: dict = field(default_factory=dict)
    assessment: dict = field(default_factory=dict)
    honours: dict = field(default_factory=dict)
    brands: dict = field(default_factory=dict)
    innovation: dict = field(default_factory=dict)

    @classmethod
    def load(cls, branches, *, year: int, today: datetime.date) -> RubricData:
        branches = list(branches)
        ids = [b.pk for b in branches]
        period = Period.year(year)
        cadence = activity_statistics.compliance_by_organisation(
            organisations=branches, year=year, until=today
        )
        attendance = activity_statistics.attendance_rates(organisations=branches, period=period)
        return cls(
            year=year,
            cadence={
                pk: sum(rows.values(), activity_statistics.Cadence())
                for pk, rows in cadence.items()
            },
            attendance={pk: rows.get(period) for pk, rows in attendance.items()},
            ledger=sources.ledger_figures(organisation_ids=ids, period=period, today=today),
            assessment=sources.assessment_means(organisation_ids=ids, year=year),
            honours=sources.honours(organisation_ids=ids, period=period),
            brands=sources.brands(organisation_ids=ids),
            innovation=sources.innovation(organisation_ids=ids, year=year),
        )

    def has_innovation(self, branch_id: int) -> bool:
        figures = self.innovation.get(branch_id)
        return bool(figures and (figures.submitted or figures.selected))


# --- the sources ---------------------------------------------------------------------------
def _cadence(data: RubricData, pk: int) -> Decimal | None:
    cadence = data.cadence.get(pk)
    if cadence is None or not cadence.required:
        return None
    return Decimal(cadence.required - cadence.missing - cadence.to_do) / cadence.required


def _attendance(data: RubricData, pk: int) -> Decimal | None:
    figures = data.attendance.get(pk)
    if figures is None or not figures.expected:
        return None
    return Decimal(figures.present) / figures.expected


def _ledger(data: RubricData, pk: int) -> Decimal | None:
    figures = data.ledger.get(pk)
    rate = getattr(figures, "rate", None)
    return None if rate is None else Decimal(str(rate))


def _assessment(data: RubricData, pk: int) -> Decimal | None:
    mean = data.assessment.get(pk)
    return None if mean is None else min(ONE, Decimal(mean) / 100)


def _honours(data: RubricData, pk: int) -> Decimal | None:
    levels = data.honours.get(pk, {})
    value = sum(HONOUR_VALUE.get(level, 0) * count for level, count in levels.items())
    return min(ONE, Decimal(value) / 4)


def _brand_stage(data: RubricData, pk: int) -> Decimal | None:
    brand = data.brands.get(pk)
    if brand is None or brand.stage not in sources.BRAND_STAGES:
        return Decimal(0)
    return Decimal(sources.BRAND_STAGES.index(brand.stage) + 1) / len(sources.BRAND_STAGES)


def _innovation(data: RubricData, pk: int) -> Decimal | None:
    figures = data.innovation.get(pk)
    if figures is None:
        return Decimal(0)
    return ONE if figures.selected else Decimal("0.5") if figures.submitted else Decimal(0)


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    help: str
    measure: Callable[[RubricData, int], Decimal | None] | None  # None: entered by hand


COMMITTEE = "committee"
SOURCES: dict[str, Source] = {
    source.code: source
    for source in (
        Source(
            "cadence",
            _("cadence compliance"),
            _("Share of the required meetings (三会一课, theme party day …) held."),
            _cadence,
        ),
        Source(
            "ledger",
            _("ledger completion"),
            _("Share of the year's ledger tasks done (waived tasks not counted)."),
            _ledger,
        ),
        Source(
            "assessment",
            _("monthly assessment"),
            _("Mean of the monthly assessment scores, out of 100."),
            _assessment,
        ),
        Source(
            "attendance",
            _("attendance"),
            _("Share of members present at the year's held activities."),
            _attendance,
        ),
        Source(
            "honours",
            _("honours by level"),
            _("Court 1, city 2, province 3, national 4; full points at 4."),
            _honours,
        ),
        Source(
            "brand_stage",
            _("brand stage"),
            _("Applied 1/5 … selected 5/5 of the points."),
            _brand_stage,
        ),
        Source(
            "innovation",
            _("innovation project"),
            _("Selected: full points; submitted: half."),
            _innovation,
        ),
        Source(
            COMMITTEE,
            _("scored by the committee"),
            _("Entered in the self-assessment and the committee's review."),
            None,
        ),
    )
}
SOURCE_CHOICES = [(source.code, source.label) for source in SOURCES.values()]

# The default rubric after the published 星级 schemes: 110 points.
DEFAULT_RUBRIC = [
    # code, section, name, weight, source
    ("leadership", "leadership", "领导班子：班子健全、书记履职、议事规则落实", 15, COMMITTEE),
    ("backbone", "backbone", "骨干队伍：党员教育管理、发展党员、骨干作用", 10, COMMITTEE),
    ("venue", "venue", "活动阵地：党员活动室规范、制度上墙、资料齐全", 10, COMMITTEE),
    ("cadence", "system", "工作制度：三会一课、主题党日等按规定频次开展", 10, "cadence"),
    ("ledger", "safeguards", "保障机制：三级三类台账任务按期完成", 10, "ledger"),
    ("attendance", "performance", "工作业绩：党员参加组织生活的出勤", 10, "attendance"),
    ("assessment", "performance", "工作业绩：月度综合考评", 10, "assessment"),
    ("brand", "performance", "工作业绩：党建品牌创建阶段", 10, "brand_stage"),
    ("public", "public", "群众评价：服务对象和干警满意度", 15, COMMITTEE),
    ("honours", "bonus", "加分项目：集体荣誉（按级别）", 6, "honours"),
    ("innovation", "bonus", "加分项目：党建创新项目", 4, "innovation"),
]


@dataclass(frozen=True)
class Line:
    code: str
    section: str
    name: str
    weight: Decimal
    source: str
    fraction: Decimal | None  # measured share, None when entered by hand
    score: Decimal
    entered_by: str  # "measured", "committee", "self" or "" (nothing yet)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "section": self.section,
            "name": self.name,
            "weight": str(self.weight),
            "source": self.source,
            "fraction": None if self.fraction is None else str(self.fraction),
            "score": str(self.score),
            "entered_by": self.entered_by,
        }


def _entered(scores: dict, code: str, weight: Decimal) -> Decimal | None:
    value = scores.get(code)
    if value in (None, ""):
        return None
    return max(Decimal(0), min(weight, Decimal(str(value))))


def compute(
    criteria, data: RubricData, *, branch_id: int, self_scores: dict, committee_scores: dict
):
    """(lines, total, stars, innovation) of one branch; no queries."""
    lines = []
    for criterion in criteria:
        source = SOURCES.get(criterion.source)
        fraction = source.measure(data, branch_id) if source and source.measure else None
        weight = Decimal(criterion.weight)
        if fraction is not None:
            score, entered_by = weight * max(Decimal(0), min(ONE, fraction)), "measured"
        elif (value := _entered(committee_scores, criterion.code, weight)) is not None:
            score, entered_by = value, "committee"
        elif (value := _entered(self_scores, criterion.code, weight)) is not None:
            score, entered_by = value, "self"
        else:
            score, entered_by = Decimal(0), ""
        lines.append(
            Line(
                criterion.code,
                criterion.section,
                criterion.name,
                weight,
                criterion.source,
                None if fraction is None else fraction.quantize(Decimal("0.001")),
                score.quantize(TENTH, rounding=ROUND_HALF_UP),
                entered_by,
            )
        )
    total = sum((line.score for line in lines), Decimal(0))
    return lines, total, data.has_innovation(branch_id)


def quota_warning(stars: list[int]) -> bool:
    """Whether more than about 10 % of the branches have five stars (guidance only)."""
    if not stars:
        return False
    fives = sum(1 for s in stars if s == 5)
    allowed = max(1, int((FIVE_STAR_QUOTA * len(stars)).to_integral_value(rounding=ROUND_HALF_UP)))
    return fives > allowed
