"""Brands: a branch's brand with its outline, sub-brands, stages, honours and results,
and the innovation-project rounds with their cross review.

* `Brand` (one current per organisation; a replaced brand keeps `is_current=False`, and
  simple_history keeps every rename) moves through `Brand.Stage` with one method,
  `Brand.transition_to`, that refuses what the lifecycle does not allow; each move is a
  `BrandStageChange` row (date, note, who; the certification scores with it).
* `SubBrand` points at an activities `ActivitySeries`: the results counted from activities
  (sessions, attendance, people served, disputes resolved) are read from there.
* `Honour` belongs to exactly one of a brand, an organisation or a member.
* `InnovationRound` → `InnovationProject` (one per branch) → `CrossReview` (K per project,
  never by the project's own branch) → `ReviewScore` per `RoundCriterion`.

One module per aggregate (`brands`, `honours`, `results`, `innovation`; `base` for
what they share); import the models from here. The migrations name the upload paths
`brands.models.logo_path` and so on, so those stay importable from here too.
"""

from brands.models.base import (
    BrandError,
    court_q,
    honour_path,
    logo_path,
    project_path,
)
from brands.models.brands import (
    KIND_ORDER,
    Brand,
    BrandElement,
    BrandQuerySet,
    BrandStageChange,
    CertificationCriterion,
    SubBrand,
)
from brands.models.honours import (
    Honour,
    HonourQuerySet,
)
from brands.models.innovation import (
    CrossReview,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
    ProjectQuerySet,
    ReviewScore,
    RoundCriterion,
    RoundQuerySet,
)
from brands.models.results import (
    ResearchTopic,
    Result,
    TopicStep,
)

__all__ = [
    "Brand",
    "BrandElement",
    "BrandError",
    "BrandQuerySet",
    "BrandStageChange",
    "CertificationCriterion",
    "CrossReview",
    "Honour",
    "HonourQuerySet",
    "InnovationProject",
    "InnovationRound",
    "KIND_ORDER",
    "ProjectAttachment",
    "ProjectQuerySet",
    "ResearchTopic",
    "Result",
    "ReviewScore",
    "RoundCriterion",
    "RoundQuerySet",
    "SubBrand",
    "TopicStep",
    "court_q",
    "honour_path",
    "logo_path",
    "project_path",
]
