"""Every brands page costs the same number of queries with little and with more data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivitySeries
from branches.models import Organisation
from brands import innovation
from brands.models import (
    Brand,
    BrandStageChange,
    Honour,
    ResearchTopic,
    Result,
    SubBrand,
    TopicStep,
)
from tests.brands.conftest import hold
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def grow(court, world, types, n):
    """More of everything the pages show: sessions, sub-brands, honours, results, brands."""
    members = [court.secretary_a, court.member_a]
    for i in range(n):
        hold(
            court,
            types,
            world.series,
            f"2026-0{1 + i % 2}-{10 + i:02d}",
            present=members,
            people_served=i,
        )
        series = ActivitySeries.objects.create(
            branch=court.branch_a,
            name=f"青年说{len(SubBrand.objects.all())}{i}",
            activity_type=types["study_day"],
        )
        SubBrand.objects.create(
            brand=world.brand_a, name=f"子品牌{i}", series=series, position=i + 2
        )
        hold(court, types, series, f"2026-02-{10 + i:02d}", present=members)
        Honour.objects.create(
            title=f"荣誉{i}",
            level="city",
            issuing_body="市委",
            date=datetime.date(2026, 1, 1),
            brand=world.brand_a,
        )
        Honour.objects.create(
            title=f"个人荣誉{i}",
            level="court",
            issuing_body="院",
            date=datetime.date(2026, 1, 2),
            member=court.member_a,
        )
        topic = ResearchTopic.objects.create(
            brand=world.brand_a, title=f"课题{i}", tier="key", year=2026
        )
        TopicStep.objects.create(topic=topic, step=1, date=datetime.date(2026, 1, 5))
        TopicStep.objects.create(topic=topic, step=2, date=datetime.date(2026, 1, 6))
        Result.objects.create(
            brand=world.brand_a,
            kind="suggestion",
            title=f"建议{i}",
            date=datetime.date(2026, 1, 7),
            recipient="区政府",
        )
        Result.objects.create(
            brand=world.brand_a,
            kind="typical_case",
            title=f"案例{i}",
            date=datetime.date(2026, 1, 8),
            level="city",
        )
        BrandStageChange.objects.create(
            brand=world.brand_a, from_stage="draft", to_stage="draft", note=f"记{i}"
        )
        branch = make_organisation(
            court.committee, Organisation.Kind.BRANCH, f"新支部{len(Brand.objects.all())}{i}"
        )
        Brand.objects.create(organisation=branch, name=f"品牌{i}", stage="certified")
        innovation.round_open(
            by=court.staff.user,
            committee=court.committee,
            year=2026,
            title=f"评选{i}",
            submission_deadline=datetime.date(2026, 4, 1),
            review_deadline=datetime.date(2026, 4, 9),
        )
    criteria = list(world.round.criteria.all())
    for review in world.project_b.reviews.exclude(pk=world.review_mine.pk).select_related(
        "reviewer"
    ):
        innovation.review_submit(
            by=review.reviewer,
            review=review,
            scores={c.pk: (Decimal(c.weight), "好") for c in criteria},
        )


def pages(court, world):
    return [
        ("committee", reverse("brands:list")),
        ("member_b", reverse("brands:list")),
        ("committee", reverse("brands:cluster")),
        ("member_a", reverse("brands:detail", args=[world.brand_a.pk])),
        ("committee", reverse("brands:detail", args=[world.brand_a.pk])),
        ("member_a", reverse("brands:print", args=[world.brand_a.pk])),
        ("secretary_a", reverse("brands:results", args=[world.brand_a.pk])),
        ("committee", reverse("brands:round_list")),
        ("committee", reverse("brands:round_detail", args=[world.round.pk])),
        ("secretary_a", reverse("brands:round_detail", args=[world.round.pk])),
        ("committee", reverse("brands:project_detail", args=[world.project_b.pk])),
        ("secretary_a", reverse("brands:review", args=[world.review_mine.pk])),
        ("secretary_a", reverse("brands:edit", args=[world.brand_a.pk])),
        ("secretary_a", reverse("brands:create", args=[court.branch_a.pk])),
        ("secretary_a", reverse("brands:apply", args=[world.brand_a.pk])),
        ("committee", reverse("brands:return", args=[world.brand_b.pk])),
        ("committee", reverse("brands:certify", args=[world.brand_b.pk])),
        ("committee", reverse("brands:honour_new") + f"?brand={world.brand_a.pk}"),
        ("committee", reverse("brands:review_reassign", args=[world.review_of_a.pk])),
        ("secretary_a", reverse("brands:project_submit", args=[world.open_round.pk])),
    ]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def measure(as_persona, court, world):
    return [count(as_persona(persona), url) for persona, url in pages(court, world)]


def test_brands_pages_cost_the_same_with_more_data(as_persona, court, world, types):
    grow(court, world, types, 1)
    small = measure(as_persona, court, world)
    grow(court, world, types, 6)
    large = measure(as_persona, court, world)
    assert small == large


def test_the_round_page_costs_the_same_with_more_reviews(as_persona, court, world):
    """Each review row shows whether it is late: that must not cost a query per review."""
    from brands.models import CrossReview
    from tests.factories import make_member

    url = reverse("brands:round_detail", args=[world.round.pk])
    client = as_persona("committee")
    small = count(client, url)
    for i in range(5):
        reviewer = make_member(court.office, name=f"评委{i}")
        CrossReview.objects.create(
            project=world.project_b, reviewer=reviewer.user, reviewer_branch=court.office
        )
    assert count(client, url) == small
