"""The demo points: the point entries that follow from the demo activities, claims, a star award, an evaluation."""

import io
import random

import pytest
from django.core.management import call_command

from activities.models import Activity
from points.models import (
    EvaluationRound,
    Grade,
    PeerGrade,
    PointClaim,
    PointEntry,
    PointSummary,
    StarAward,
    StarSelection,
)
from points.services import points_sync_activity, summaries_rebuild
from tests.demo import seeded_once
from tests.points.conftest import NOW

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


# Seeded once for the module, at the frozen time and in the language of the points tests.
demo = seeded_once(seed, now=NOW, language="en")


def test_seed_demo_point_entries_match_the_summaries(demo):
    assert PointEntry.objects.filter(source="attendance").count() > 1000
    assert summaries_rebuild(fix=False) == []
    out = io.StringIO()
    call_command("rebuild_point_summaries", "--check", stdout=out)  # raises on a difference
    assert "0 differences found" in out.getvalue()


def test_demo_attendance_points_are_what_the_activity_sync_would_give(demo):
    """Syncing demo activities again (as recording them would) changes nothing."""
    activities = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    for pk in random.Random(5).sample(activities, 60):
        result = points_sync_activity(activity=Activity(pk=pk))
        assert (result.added, result.reversed) == (0, 0)
    # Including the capped ones: a month with five Friday study days gives four points.
    capped = (
        PointEntry.objects.filter(rule__code="attend_study_day")
        .values_list("activity_id", flat=True)
        .distinct()
    )
    for pk in list(capped.order_by("-activity_id")[:20]):
        assert points_sync_activity(activity=Activity(pk=pk)).added == 0


def test_demo_has_claims_a_star_award_and_an_evaluation(demo):
    statuses = set(PointClaim.objects.values_list("status", flat=True))
    assert {"pending", "approved", "rejected"} <= statuses
    assert all(c.evidence for c in PointClaim.objects.all())

    selection = StarSelection.objects.get()
    assert selection.state == "closed"
    winners = StarAward.objects.filter(selection=selection)
    assert winners.count() == 2
    assert all(
        w.entry is not None and w.member.job_category in ("judge", "assistant", "clerk")
        for w in winners
    )

    evaluation_round = EvaluationRound.objects.get()
    assert evaluation_round.state == "confirmed"
    evaluations = list(evaluation_round.evaluations.all())
    n = len(evaluations)
    assert n >= 9
    assert all(e.final_grade and e.submitted_at and e.leader_grade for e in evaluations)
    assert sum(e.final_grade == Grade.EXCELLENT for e in evaluations) <= n // 3
    assert PeerGrade.objects.filter(round=evaluation_round).count() == n * (n - 1)
    assert PointSummary.objects.exists()
