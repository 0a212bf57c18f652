"""Innovation-project rounds: submissions, even cross review, scores, decisions, honours."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import translation

from branches.models import Organisation, Post
from brands import innovation
from brands.models import (
    BrandError,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
)
from brands.selectors import innovation_by_organisation
from tests.brands.conftest import make_brand, open_round, pdf_file
from tests.factories import give_post, make_member, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def nine(court):
    """Nine branches with a secretary each: A, B, the office and six more."""
    give_post(make_member(court.branch_b, name="刑书记"), court.branch_b)
    give_post(make_member(court.office, name="办书记"), court.office)
    branches = [court.branch_a, court.branch_b, court.office]
    for i in range(6):
        branch = make_organisation(court.committee, Organisation.Kind.BRANCH, f"第{i}支部")
        give_post(make_member(branch, name=f"书记{i}"), branch)
        branches.append(branch)
    return branches


def secretary_of(branch):
    return Post.objects.get(organisation=branch, kind=Post.Kind.SECRETARY).member.user


def submit_all(court, innovation_round, branches):
    return [
        innovation.project_submit(
            by=secretary_of(branch),
            innovation_round=innovation_round,
            branch=branch,
            title=f"{branch.name}创新项目",
            summary="把支部建在审判执行一线。",
        )
        for branch in branches
    ]


def test_nine_branches_k3_get_27_reviews_evenly_never_their_own(court, nine):
    innovation_round = open_round(court, reviewers_per_project=3)
    submit_all(court, innovation_round, nine)
    reviews = innovation.round_start_review(by=court.staff.user, innovation_round=innovation_round)
    assert len(reviews) == 27
    reviews = CrossReview.objects.select_related("project")
    assert reviews.count() == 27
    for review in reviews:
        assert review.reviewer_branch_id != review.project.branch_id
        assert review.reviewer.member.branch_id != review.project.branch_id
    load = Counter(review.reviewer_id for review in reviews)
    assert max(load.values()) <= 4
    assert Counter(review.project_id for review in reviews) == {
        p.pk: 3 for p in InnovationProject.objects.all()
    }
    assert len({(r.project_id, r.reviewer_id) for r in reviews}) == 27


def test_each_branch_submits_one_project_and_may_amend_it(court, nine):
    innovation_round = open_round(court)
    first = innovation.project_submit(
        by=court.secretary_a.user,
        innovation_round=innovation_round,
        branch=court.branch_a,
        title="初稿",
        summary="简介",
        attachments=[pdf_file("方案.pdf")],
    )
    again = innovation.project_submit(
        by=court.secretary_a.user,
        innovation_round=innovation_round,
        branch=court.branch_a,
        title="定稿",
        summary="简介",
    )
    assert first.pk == again.pk
    assert InnovationProject.objects.get().title == "定稿"
    assert ProjectAttachment.objects.count() == 1


def test_late_submission_is_refused_in_chinese(court, nine):
    innovation_round = open_round(court, submission_deadline=datetime.date(2026, 3, 12))
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        innovation.project_submit(
            by=court.secretary_a.user,
            innovation_round=innovation_round,
            branch=court.branch_a,
            title="项目",
            summary="简介",
        )
    assert "截止" in str(error.value)
    assert not InnovationProject.objects.exists()


def test_summary_over_3000_characters_and_wrong_files_are_refused(court, nine):
    innovation_round = open_round(court)
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        innovation.project_submit(
            by=court.secretary_a.user,
            innovation_round=innovation_round,
            branch=court.branch_a,
            title="项目",
            summary="字" * 3001,
        )
    assert "3,000" in str(error.value) or "3000" in str(error.value)
    from django.core.files.uploadedfile import SimpleUploadedFile

    program = SimpleUploadedFile(
        "方案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        innovation.project_submit(
            by=court.secretary_a.user,
            innovation_round=innovation_round,
            branch=court.branch_a,
            title="项目",
            summary="简介",
            attachments=[program],
        )
    assert "方案.pdf" in str(error.value)
    assert not InnovationProject.objects.exists()


def test_a_member_or_the_committee_cannot_submit_for_a_branch(court, nine):
    innovation_round = open_round(court)
    for user in (court.member_a.user, court.member_b.user):
        with pytest.raises(BrandError):
            innovation.project_submit(
                by=user,
                innovation_round=innovation_round,
                branch=court.branch_a,
                title="项目",
                summary="简介",
            )


def _reviewed_round(court, nine, scores_by_reviewer=None):
    innovation_round = open_round(court, select_count=2)
    submit_all(court, innovation_round, nine)
    innovation.round_start_review(by=court.staff.user, innovation_round=innovation_round)
    innovation_round.refresh_from_db()
    criteria = list(innovation_round.criteria.all())
    for review in CrossReview.objects.select_related("reviewer", "project__round"):
        base = (scores_by_reviewer or {}).get(review.reviewer_id, Decimal("0.8"))
        innovation.review_submit(
            by=review.reviewer,
            review=review,
            scores={c.pk: (Decimal(c.weight) * base, "扎实") for c in criteria},
        )
    return innovation_round


def test_scores_outside_the_scale_are_refused_and_change_nothing(court, nine):
    innovation_round = open_round(court)
    submit_all(court, innovation_round, nine)
    innovation.round_start_review(by=court.staff.user, innovation_round=innovation_round)
    review = CrossReview.objects.select_related("reviewer", "project__round").first()
    criteria = list(review.project.round.criteria.all())  # 实效性 50, 创新性 25, 可操作性 25
    scores = {c.pk: (Decimal(10), "") for c in criteria}
    scores[criteria[1].pk] = (Decimal(26), "")
    with translation.override("zh-hans"), pytest.raises(BrandError) as error:
        innovation.review_submit(by=review.reviewer, review=review, scores=scores)
    assert "创新性" in str(error.value) and "25" in str(error.value)
    review.refresh_from_db()
    assert review.submitted_at is None and not review.scores.exists()


def test_nobody_scores_a_review_that_is_not_theirs(court, nine):
    innovation_round = open_round(court)
    submit_all(court, innovation_round, nine)
    innovation.round_start_review(by=court.staff.user, innovation_round=innovation_round)
    review = CrossReview.objects.filter(project__branch=court.branch_b).first()
    with pytest.raises(BrandError):
        innovation.review_submit(by=court.secretary_a.user, review=review, scores={})
    own = (
        CrossReview.objects.filter(project__branch=court.branch_a)
        .exclude(reviewer=court.secretary_a.user)
        .first()
    )
    with pytest.raises(BrandError):
        innovation.review_reassign(
            by=court.staff.user,
            review=own,
            reviewer=court.secretary_a.user,
            reviewer_branch=court.branch_a,
        )


def test_committee_reassigns_an_open_review_to_another_branch(court, nine):
    innovation_round = open_round(court)
    submit_all(court, innovation_round, nine)
    innovation.round_start_review(by=court.staff.user, innovation_round=innovation_round)
    review = CrossReview.objects.filter(project__branch=court.branch_b).first()
    taken = set(review.project.reviews.values_list("reviewer_id", flat=True))
    other = next(b for b in nine if b != court.branch_b and secretary_of(b).pk not in taken)
    innovation.review_reassign(
        by=court.staff.user, review=review, reviewer=secretary_of(other), reviewer_branch=other
    )
    review.refresh_from_db()
    assert review.reviewer == secretary_of(other)


def test_results_decisions_cap_and_published_honours(court, nine):
    innovation_round = _reviewed_round(court, nine)
    results = innovation.round_results(innovation_round)
    assert all(r.mean == Decimal("80.0") and r.spread == 0 for r in results)
    innovation.round_close(by=court.staff.user, innovation_round=innovation_round)
    projects = list(InnovationProject.objects.order_by("pk"))
    innovation.project_decide(by=court.staff.user, project=projects[0], decision="excellent")
    with pytest.raises(BrandError):  # at most half of 2 = 1 excellent
        innovation.project_decide(by=court.staff.user, project=projects[1], decision="excellent")
    innovation.project_decide(by=court.staff.user, project=projects[1], decision="selected")
    with pytest.raises(BrandError):  # only 2 to select
        innovation.project_decide(by=court.staff.user, project=projects[2], decision="selected")
    innovation.round_publish(by=court.staff.user, innovation_round=innovation_round)
    honours = Honour.objects.filter(project__isnull=False)
    assert honours.count() == 2
    assert {h.level for h in honours} == {"court"}
    figures = innovation_by_organisation(
        organisation_ids=[p.branch_id for p in projects], year=2026
    )
    assert figures[projects[0].branch_id].selected is True
    assert figures[projects[2].branch_id].selected is False
    assert figures[projects[2].branch_id].mean_score == Decimal("80.0")


def test_outliers_are_marked(court, nine):
    outlier = secretary_of(court.branch_b)
    innovation_round = _reviewed_round(court, nine, {outlier.pk: Decimal("0.3")})
    results = innovation.round_results(innovation_round)
    marked = {pk for r in results for pk in r.outliers}
    assert marked == set(CrossReview.objects.filter(reviewer=outlier).values_list("pk", flat=True))


def test_innovation_figures_hide_scores_until_the_round_closes(court, nine):
    innovation_round = _reviewed_round(court, nine)
    assert innovation_round.state == InnovationRound.State.REVIEW
    figures = innovation_by_organisation(organisation_ids=[court.branch_a.pk], year=2026)
    assert figures[court.branch_a.pk].submitted is True
    assert figures[court.branch_a.pk].mean_score is None


def test_project_linked_to_another_branchs_brand_is_refused(court, nine):
    innovation_round = open_round(court)
    brand_b = make_brand(court, organisation=court.branch_b, by=court.staff.user, name="刑")
    with pytest.raises(BrandError):
        innovation.project_submit(
            by=court.secretary_a.user,
            innovation_round=innovation_round,
            branch=court.branch_a,
            title="项目",
            summary="简介",
            brand=brand_b,
        )
