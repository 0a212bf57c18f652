"""The brands pages as users meet them: bad input gets a Chinese message and changes nothing;
the list filters, searches and pages; empty states say what to do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brands.models import Brand, InnovationProject, ReviewScore
from tests.brands.conftest import PDF_BYTES, make_brand, open_round

pytestmark = pytest.mark.django_db


def brand_post(**fields):
    data = {
        "name": "明理",
        "core_idea": "以理服人",
        "slogan": "",
        "description": "",
        "carriers": "理论学习日",
        "impact": "成效",
        "outline": "目标：建设学习型支部\n方向：政治引领",
        "sub_brands": "",
    }
    data.update(fields)
    return data


def test_a_pdf_as_logo_is_refused_in_chinese(as_persona, court):
    client = as_persona("secretary_a")
    logo = SimpleUploadedFile("标识.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("brands:create", args=[court.branch_a.pk]), brand_post(logo=logo)
    )
    assert response.status_code == 200
    assert "标识须为图片" in response.content.decode()
    assert not Brand.objects.exists()


def test_a_bad_outline_line_is_refused_with_its_line_number(as_persona, court):
    client = as_persona("secretary_a")
    response = client.post(
        reverse("brands:create", args=[court.branch_a.pk]), brand_post(outline="目标：一\n随便写写")
    )
    assert "第 2 行" in response.content.decode()
    assert not Brand.objects.exists()


def test_the_brand_form_saves_outline_and_sub_brands(as_persona, court, series):
    client = as_persona("secretary_a")
    response = client.post(
        reverse("brands:create", args=[court.branch_a.pk]),
        brand_post(sub_brands="明理讲堂=理论学习日", outline="目标：一｜说明\n支点：二"),
    )
    brand = Brand.objects.get()
    assert response.status_code == 302
    assert [(e.kind, e.title, e.text) for e in brand.elements.order_by("kind")] == [
        ("goal", "一", "说明"),
        ("pivot", "二", ""),
    ]
    assert brand.sub_brands.get().series == series


def test_late_project_submission_is_refused_on_the_page(as_persona, court):
    innovation_round = open_round(court, submission_deadline=datetime.date(2026, 3, 1))
    response = as_persona("secretary_a").post(
        reverse("brands:project_submit", args=[innovation_round.pk]),
        {"title": "项目", "summary": "简介"},
    )
    assert response.status_code == 200
    assert "申报截止日期（2026-03-01）已过" in response.content.decode()
    assert not InnovationProject.objects.exists()


def test_over_long_summary_is_refused_on_the_page(as_persona, court):
    innovation_round = open_round(court)
    response = as_persona("secretary_a").post(
        reverse("brands:project_submit", args=[innovation_round.pk]),
        {"title": "项目", "summary": "字" * 3001},
    )
    assert "不能超过 3,000 字（现有 3,001 字）" in response.content.decode()
    assert not InnovationProject.objects.exists()


def test_a_score_above_full_marks_is_refused_on_the_page(as_persona, court, world):
    criteria = list(world.round.criteria.all())
    data = {}
    for c in criteria:
        data[f"s{c.pk}"] = str(c.weight + 1)
        data[f"m{c.pk}"] = ""
    response = as_persona("secretary_a").post(
        reverse("brands:review", args=[world.review_mine.pk]), data
    )
    assert "分数应在 0 至 50 之间" in response.content.decode()
    assert not ReviewScore.objects.exists()


def test_certify_scores_outside_0_to_100_are_refused_on_the_page(as_persona, court, world):
    from brands.models import CertificationCriterion

    data = {f"c{c.pk}": "101" for c in CertificationCriterion.objects.all()}
    response = as_persona("committee").post(
        reverse("brands:certify", args=[world.brand_b.pk]), data
    )
    assert "分数应在 0 至 100 之间" in response.content.decode()
    world.brand_b.refresh_from_db()
    assert world.brand_b.stage == "applied"


def test_list_filters_by_stage_searches_and_pages(as_persona, court):
    make_brand(court, stage="certified")
    make_brand(court, organisation=court.branch_b, by=court.staff.user, name="刑之正")
    client = as_persona("committee")
    page = client.get(reverse("brands:list"), {"stage": "certified"}).content.decode()
    assert "明理" in page and "刑之正" not in page
    page = client.get(reverse("brands:list"), {"q": "刑"}).content.decode()
    assert "刑之正" in page and "明理</a>" not in page
    page = client.get(reverse("brands:list"), {"q": "不存在"}).content.decode()
    assert "没有符合条件的品牌" in page


def test_the_cluster_without_a_court_brand_says_how_to_start(as_persona, court):
    page = as_persona("committee").get(reverse("brands:cluster")).content.decode()
    assert "机关党委尚未创建院级品牌" in page
    assert reverse("brands:create", args=[court.committee.pk]) in page


def test_the_cluster_shows_the_court_brand_and_recognised_branch_brands(as_persona, court):
    make_brand(
        court, organisation=court.committee, by=court.staff.user, name="护航", stage="certified"
    )
    make_brand(court, stage="cultivating")
    make_brand(
        court, organisation=court.branch_b, by=court.staff.user, name="刑之正", stage="applied"
    )
    page = as_persona("member_b").get(reverse("brands:cluster")).content.decode()
    assert "护航" in page and "明理" in page and "刑之正" not in page
    assert "1 + 1" in page


def test_missing_and_late_reviews_are_visible_to_the_committee(
    as_persona, court, world, time_machine
):
    from decimal import Decimal

    from brands import innovation

    time_machine.move_to(
        datetime.datetime(2026, 4, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
        tick=False,
    )
    criteria = list(world.round.criteria.all())
    innovation.review_submit(
        by=court.secretary_a.user,
        review=world.review_mine,
        scores={c.pk: (Decimal(c.weight), "") for c in criteria},
    )
    page = as_persona("committee").get(reverse("brands:round_detail", args=[world.round.pk]))
    text = page.content.decode()
    assert "逾期" in text  # secretary A scored after the 31 March deadline
    assert text.count("缺评") == 5  # the other five reviews were never scored
