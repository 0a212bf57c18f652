"""Models of the points app, one module per sub-domain; everything is importable from here.

* entries.py: the error type, categories and sources, point rules, the append-only
  PointEntry rows and the yearly PointSummary.
* settings.py: PointsSettings (base score, rank visibility, pioneer-index weights).
* claims.py: PointClaim, a member's request for points with evidence.
* awards.py: star awards (StarTitle, StarSelection, StarAward).
* evaluation.py: democratic evaluation (EvaluationRound, Evaluation, PeerGrade, Grade).
"""

from points.models.awards import (
    PERIOD_NUMBERS,
    SELECTION_PERIOD_CHOICES,
    StarAward,
    StarSelection,
    StarSelectionQuerySet,
    StarTitle,
)
from points.models.claims import PointClaim, PointClaimQuerySet, _evidence_path
from points.models.entries import (
    CATEGORIES,
    Category,
    LedgerIsAppendOnly,
    PointEntry,
    PointEntryIsAppendOnly,
    PointEntryQuerySet,
    PointRule,
    PointRuleQuerySet,
    PointsError,
    PointSummary,
    Source,
    points_field,
)
from points.models.evaluation import (
    Evaluation,
    EvaluationRound,
    EvaluationRoundQuerySet,
    Grade,
    PeerGrade,
)
from points.models.settings import PointsSettings

__all__ = [
    "CATEGORIES",
    "PERIOD_NUMBERS",
    "SELECTION_PERIOD_CHOICES",
    "Category",
    "Evaluation",
    "EvaluationRound",
    "EvaluationRoundQuerySet",
    "Grade",
    "LedgerIsAppendOnly",
    "PointEntryIsAppendOnly",
    "PointClaim",
    "PointClaimQuerySet",
    "PointEntry",
    "PointEntryQuerySet",
    "PointRule",
    "PointRuleQuerySet",
    "PointSummary",
    "PointsError",
    "PointsSettings",
    "PeerGrade",
    "Source",
    "StarAward",
    "StarSelection",
    "StarSelectionQuerySet",
    "StarTitle",
    "_evidence_path",  # migration 0001 refers to points.models._evidence_path
    "points_field",
]
