"""The star rating: the rubric's stars, the workflow self-assessment → review → confirmed
stars with a reason (computed and confirmed both kept, with history), the quota warning,
and the rubric editor refusing measures of formalism."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dashboards import rubric, services
from dashboards.models import BranchRating, DashboardsError, RubricCriterion

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("score", "innovation", "stars"),
    [
        ("90", True, 5),
        ("104.5", False, 4),
        ("89.9", True, 4),
        ("80", False, 4),
        ("79.9", False, 3),
        ("70", False, 3),
        ("69.9", False, 2),
        ("60", False, 2),
        ("59.9", False, 1),
        ("0", False, 1),
    ],
)
def test_stars_follow_the_published_bands(score, innovation, stars):
    assert rubric.stars_for(Decimal(score), innovation=innovation) == stars


def test_the_default_rubric_has_110_points_over_the_eight_sections():
    criteria = services.active_criteria()
    assert sum(c.weight for c in criteria) == 110
    assert {c.section for c in criteria} == set(RubricCriterion.Section.values)
    weights = {c.code: c.weight for c in criteria}
    assert weights["leadership"] == 15 and weights["backbone"] == 10 and weights["venue"] == 10
    assert weights["cadence"] == 10  # 工作制度
    assert all(c.source in rubric.SOURCES for c in criteria)


def test_quota_of_five_stars_is_a_warning_only():
    assert rubric.quota_warning([5, 4, 4, 3, 3, 3, 3, 2, 2, 1]) is False
    assert rubric.quota_warning([5, 5, 4, 3, 3, 3, 3, 2, 2, 1]) is True


@pytest.mark.parametrize(
    "name",
    [
        "党员登录次数",
        "学习强国在线时长",
        "上传活动照片数量",
        "媒体报道次数",
        "Number of logins",
        "Media coverage",
    ],
)
def test_the_rubric_refuses_logins_time_online_photos_and_media(name):
    criterion = RubricCriterion(
        code="x", section="performance", name=name, weight=Decimal(5), source="committee"
    )
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert "name" in error.value.message_dict


def test_the_admin_rubric_editor_shows_the_refusal(client, court):
    client.force_login(court.admin)
    response = client.post(
        reverse("admin:dashboards_rubriccriterion_add"),
        {
            "code": "photos",
            "section": "performance",
            "name": "上传照片数量",
            "weight": "5",
            "source": "committee",
            "is_active": "on",
            "sort_order": "200",
        },
    )
    assert response.status_code == 200
    assert "形式主义" in response.content.decode()
    assert not RubricCriterion.objects.filter(code="photos").exists()
    volunteer = client.post(
        reverse("admin:dashboards_rubriccriterion_add"),
        {
            "code": "service-hours",
            "section": "performance",
            "name": "志愿服务时长",
            "weight": "5",
            "source": "committee",
            "is_active": "on",
            "sort_order": "200",
        },
    )
    assert volunteer.status_code == 302  # service hours are work, not time online


def test_workflow_keeps_computed_and_confirmed_stars_with_the_reason(court):
    staff = court.staff.user
    [rating] = services.ratings_compute(branches=[court.branch_a], year=2025, today=TODAY)
    assert rating.state == BranchRating.State.DRAFT
    first_score = rating.computed_score
    rating = services.rating_self_assess(
        rating=rating,
        scores={"leadership": "14", "backbone": "9", "venue": "9", "public": "14"},
        note="对照标准自评",
        by=court.secretary_a.user,
        today=TODAY,
    )
    assert rating.computed_score == first_score + Decimal(46)
    rating = services.rating_review(
        rating=rating,
        scores={"leadership": "10", "backbone": "8", "venue": "7", "public": "12"},
        note="实地查看后评分",
        by=staff,
        today=TODAY,
    )
    assert rating.computed_score == first_score + Decimal(37)  # the committee's scores count
    computed = (rating.computed_score, rating.computed_stars)

    with pytest.raises(DashboardsError):
        services.rating_confirm(rating=rating, stars=3, reason="  ", by=staff)
    with pytest.raises(DashboardsError):
        services.rating_confirm(rating=rating, stars=5, reason="很好", by=staff)  # no innovation
    rating.refresh_from_db()
    assert rating.confirmed_stars is None

    rating = services.rating_confirm(rating=rating, stars=3, reason="台账不全，认定三星", by=staff)
    rating.refresh_from_db()
    assert rating.confirmed_stars == 3 and rating.reason == "台账不全，认定三星"
    assert (rating.computed_score, rating.computed_stars) == computed
    assert rating.stars == 3
    states = list(rating.history.order_by("history_date").values_list("state", flat=True))
    assert states == ["draft", "self_assessed", "reviewed", "confirmed"]

    # computing again (new activities recorded) refreshes the computed score, never the decision
    services.ratings_compute(branches=[court.branch_a], year=2025, today=TODAY)
    rating.refresh_from_db()
    assert rating.confirmed_stars == 3 and rating.state == "confirmed"


def test_secretary_cannot_review_or_assess_another_branch(court):
    [rating] = services.ratings_compute(branches=[court.branch_b], year=2025, today=TODAY)
    with pytest.raises(DashboardsError):
        services.rating_self_assess(
            rating=rating, scores={}, note="", by=court.secretary_a.user, today=TODAY
        )
    [own] = services.ratings_compute(branches=[court.branch_a], year=2025, today=TODAY)
    with pytest.raises(DashboardsError):
        services.rating_review(
            rating=own, scores={}, note="", by=court.secretary_a.user, today=TODAY
        )
    with pytest.raises(DashboardsError):
        services.rating_self_assess(
            rating=own,
            scores={"leadership": "16"},  # more than the criterion's 15 points
            note="",
            by=court.secretary_a.user,
            today=TODAY,
        )


def test_the_rating_page_shows_computed_and_confirmed_side_by_side(as_persona, court):
    [rating] = services.ratings_compute(branches=[court.branch_a], year=2025, today=TODAY)
    client = as_persona("committee")
    url = reverse("dashboards:rating_detail", args=[court.branch_a.pk, 2025])
    client.post(
        reverse("dashboards:rating_review", args=[court.branch_a.pk, 2025]), {"leadership": "12"}
    )
    response = client.post(
        reverse("dashboards:rating_confirm", args=[court.branch_a.pk, 2025]),
        {"stars": "2", "reason": "组织生活缺项较多"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    rating.refresh_from_db()
    assert f'id="computed-stars" data-stars="{rating.computed_stars}"' in page
    assert 'id="confirmed-stars" data-stars="2"' in page
    assert "组织生活缺项较多" in page
    # a confirmation without a reason changes nothing and says why
    response = client.post(
        reverse("dashboards:rating_confirm", args=[court.branch_a.pk, 2025]),
        {"stars": "4", "reason": ""},
        follow=True,
    )
    assert "理由" in response.content.decode()
    rating.refresh_from_db()
    assert rating.confirmed_stars == 2
