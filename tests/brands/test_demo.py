"""The demo brands: a court brand with its cluster, stage histories, honours, the research
office's results register, a published innovation round and one in review."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from brands.models import Brand, CrossReview, Honour, InnovationRound, ResearchTopic, Result
from brands.selectors import brands_by_organisation, cluster_of
from tests.brands.conftest import NOW
from tests.demo import seeded_once

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


demo = seeded_once(seed, now=NOW)


def test_demo_brands_rounds_and_pages(demo, client):
    court_brand = Brand.objects.get(organisation__kind="committee")
    assert court_brand.stage in Brand.RECOGNISED
    assert cluster_of(court_brand, year=2026).count() >= 5
    stages = set(Brand.objects.values_list("stage", flat=True))
    assert {"applied", "returned", "certified", "cultivating", "publicised", "selected"} <= stages
    assert Brand.objects.get(stage="returned").stage_changes.last().note
    assert set(Honour.objects.values_list("level", flat=True)) == {
        "court",
        "city",
        "province",
        "national",
    }
    research = Brand.objects.get(organisation__department="研究室")
    assert set(ResearchTopic.objects.filter(brand=research).values_list("tier", flat=True)) == {
        "major",
        "key",
        "general",
    }
    steps = {topic.steps.count() for topic in research.topics.all()}
    assert len(steps) >= 3  # topics at different steps
    assert Result.objects.filter(brand=research, kind="suggestion").count() >= 2
    assert research.sub_brands.filter(series__isnull=False).exists()

    published = InnovationRound.objects.get(state="published")
    assert published.projects.filter(decision__in=["excellent", "selected"]).count() == 5
    assert Honour.objects.filter(project__round=published).count() == 5
    assert not CrossReview.objects.filter(
        project__round=published, submitted_at__isnull=True
    ).exists()
    in_review = InnovationRound.objects.get(state="review")
    reviews = CrossReview.objects.filter(project__round=in_review)
    assert reviews.filter(submitted_at__isnull=True).exists()
    assert reviews.filter(submitted_at__isnull=False).exists()
    for review in reviews.select_related("project", "reviewer__member"):
        assert review.reviewer.member.branch_id != review.project.branch_id

    figures = brands_by_organisation(organisation_ids=[research.organisation_id])
    assert figures[research.organisation_id].stage == research.stage

    client.force_login(court_brand.created_by)
    for url in [
        reverse("brands:list"),
        reverse("brands:cluster"),
        research.get_absolute_url(),
        reverse("brands:print", args=[research.pk]),
        reverse("brands:results", args=[research.pk]),
        reverse("brands:round_list"),
        published.get_absolute_url(),
        in_review.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
