"""Changing star ratings: compute from the rubric, self-assess, review, confirm.

Keyword-only services in one transaction each; they raise DashboardsError with a
translated message. The computed score and stars are refreshed on every step; the
confirmed stars are the committee's decision and are never overwritten by a computation.
Every save writes a history row (django-simple-history), so the path from self-assessment
to the confirmed stars stays on record.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Organisation
from dashboards import rubric
from dashboards.models import BranchRating, DashboardsError, RubricCriterion


def active_criteria() -> list[RubricCriterion]:
    return list(RubricCriterion.objects.filter(is_active=True))


def rubric_install_defaults() -> int:
    """Create the default rubric when there is none (idempotent); return how many were made."""
    if RubricCriterion.objects.exists():
        return 0
    RubricCriterion.objects.bulk_create(
        RubricCriterion(
            code=code,
            section=section,
            name=name,
            weight=Decimal(weight),
            source=source,
            sort_order=index * 10,
        )
        for index, (code, section, name, weight, source) in enumerate(rubric.DEFAULT_RUBRIC, 1)
    )
    return len(rubric.DEFAULT_RUBRIC)


def _apply(rating: BranchRating, criteria, data: rubric.RubricData) -> None:
    lines, total, innovation = rubric.compute(
        criteria,
        data,
        branch_id=rating.branch_id,
        self_scores=rating.self_scores,
        committee_scores=rating.committee_scores,
    )
    rating.breakdown = [line.as_dict() for line in lines]
    rating.computed_score = total
    rating.has_innovation_project = rating.has_innovation_project or innovation
    rating.computed_stars = rubric.stars_for(total, innovation=rating.has_innovation_project)
    rating.computed_at = timezone.now()


@transaction.atomic
def ratings_compute(
    *, branches, year: int, today: datetime.date | None = None
) -> list[BranchRating]:
    """Compute (or refresh) the year's rating of every branch from the rubric."""
    today = today or timezone.localdate()
    branches = [b for b in branches if b.kind == Organisation.Kind.BRANCH]
    criteria = active_criteria()
    data = rubric.RubricData.load(branches, year=year, today=today)
    existing = {
        r.branch_id: r
        for r in BranchRating.objects.select_for_update().filter(branch__in=branches, year=year)
    }
    ratings = []
    for branch in branches:
        rating = existing.get(branch.pk) or BranchRating(branch=branch, year=year)
        _apply(rating, criteria, data)
        rating.save()
        ratings.append(rating)
    return ratings


def _scores(raw: dict[str, object], criteria) -> dict[str, str]:
    """Entered scores of hand-scored criteria, checked against their points."""
    weights = {c.code: Decimal(c.weight) for c in criteria}
    clean = {}
    for code, value in raw.items():
        if code not in weights or value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise DashboardsError(_("Scores must be numbers."), field=code) from None
        if number < 0 or number > weights[code]:
            raise DashboardsError(
                _("A score must be between 0 and the criterion's %(weight)s points.")
                % {"weight": weights[code]},
                field=code,
            )
        clean[code] = str(number)
    return clean


def _locked(rating: BranchRating) -> BranchRating:
    return BranchRating.objects.select_for_update().select_related("branch").get(pk=rating.pk)


def _recompute(rating: BranchRating, today: datetime.date | None) -> None:
    today = today or timezone.localdate()
    criteria = active_criteria()
    _apply(rating, criteria, rubric.RubricData.load([rating.branch], year=rating.year, today=today))


@transaction.atomic
def rating_self_assess(
    *, rating: BranchRating, scores: dict, note: str, by, today: datetime.date | None = None
) -> BranchRating:
    """The branch's own scores for the hand-scored criteria, with its account of the year."""
    rating = _locked(rating)
    scope = scope_for(by)
    if not scope.manages(rating.branch):
        raise DashboardsError(_("Only the branch's leaders may assess their branch."))
    rating.transition_to(BranchRating.State.SELF_ASSESSED)
    rating.self_scores = _scores(scores, active_criteria())
    rating.self_note = note.strip()
    rating.self_assessed_by = by
    _recompute(rating, today)
    rating.save()
    return rating


@transaction.atomic
def rating_review(
    *, rating: BranchRating, scores: dict, note: str, by, today: datetime.date | None = None
) -> BranchRating:
    """The committee's scores for the hand-scored criteria (they replace the branch's own)."""
    rating = _locked(rating)
    if not scope_for(by).oversees(rating.branch):
        raise DashboardsError(_("Only the committee reviews star ratings."))
    rating.transition_to(BranchRating.State.REVIEWED)
    rating.committee_scores = _scores(scores, active_criteria())
    rating.review_note = note.strip()
    rating.reviewed_by = by
    _recompute(rating, today)
    rating.save()
    return rating


@transaction.atomic
def rating_confirm(*, rating: BranchRating, stars: int, reason: str, by) -> BranchRating:
    """The committee's confirmed stars with its reason; the computed rating is kept beside it."""
    rating = _locked(rating)
    if not scope_for(by).oversees(rating.branch):
        raise DashboardsError(_("Only the committee confirms star ratings."))
    if stars not in range(1, 6):
        raise DashboardsError(_("Stars are 1 to 5."), field="stars")
    reason = (reason or "").strip()
    if not reason:
        raise DashboardsError(
            _("Give the reason for the confirmed stars (it is kept with the rating)."),
            field="reason",
        )
    if stars == 5 and not rating.has_innovation_project:
        raise DashboardsError(_("Five stars need an innovation project."), field="stars")
    rating.transition_to(BranchRating.State.CONFIRMED)
    rating.confirmed_stars = stars
    rating.reason = reason
    rating.confirmed_by = by
    rating.confirmed_at = timezone.now()
    rating.save()
    return rating
