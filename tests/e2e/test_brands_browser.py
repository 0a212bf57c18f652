"""A branch's brand from application to cultivation, in the browser.

The secretary applies a brand; the committee returns it with a reason; the secretary
amends it and applies again; the committee certifies it with scores and moves it to
cultivating; the brand page shows its sub-brand's sessions this year, as the database
counts them. Elements are found by URL, name and id.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity, ActivitySeries, ActivityType
from activities.services import AttendanceEntry
from brands.models import Brand, BrandStageChange, CertificationCriterion
from tests.brands.conftest import png_bytes
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def criteria(db):
    """The five marks (a transactional test's flush may have removed the migration's rows)."""
    for position, name in enumerate(["名称", "标识", "内涵", "载体", "影响"], start=1):
        CertificationCriterion.objects.get_or_create(
            name=name, defaults={"weight": 20, "position": position}
        )


@pytest.fixture
def series_with_sessions(court):
    kind = ActivityType.objects.filter(code="study_day").first() or ActivityType.objects.create(
        code="study_day", name="理论学习", category="study"
    )
    series = ActivitySeries.objects.create(
        branch=court.branch_a, name="理论学习日", activity_type=kind, weekday=4
    )
    today = timezone.localdate()
    days = [datetime.date(today.year, 1, 2) + datetime.timedelta(weeks=i) for i in range(5)]
    days = [d for d in days if d < today] + [today - datetime.timedelta(days=400)]
    for day in days:
        activity_services.activity_record(
            by=court.secretary_a.user,
            organisation=court.branch_a,
            activity_type=kind,
            series=series,
            topic=f"学习习近平法治思想（{day:%m月%d日}）",
            start=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30))),
            attendance=[AttendanceEntry(court.secretary_a), AttendanceEntry(court.member_a)],
        )
    return series


def switch(page, employee_number, password):
    page.context.clear_cookies()
    login(page, employee_number, password)
    page.wait_for_url("**/")


def test_brand_applied_returned_amended_certified_cultivated(
    page, court, password, criteria, series_with_sessions, screenshot
):
    switch(page, court.secretary_a.employee_number, password)
    page.goto(reverse("brands:list"))
    page.locator("#new-brand").click()
    page.wait_for_url(f"**{reverse('brands:create', args=[court.branch_a.pk])}")
    page.locator("input[name=name]").fill("明理")
    page.locator("input[name=core_idea]").fill("以理服人，以法育人")
    page.locator("input[name=slogan]").fill("学理论、明法理、办实事")
    page.locator("input[name=logo]").set_input_files(
        {"name": "标识.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.locator("textarea[name=carriers]").fill("理论学习日")
    page.locator("textarea[name=impact]").fill("“明理讲堂”年内开讲二十余场")
    page.locator("textarea[name=outline]").fill(
        "目标：建设学习型支部\n方向：政治引领\n方向：业务融合\n支点：理论学习日"
    )
    page.locator("textarea[name=sub_brands]").fill("明理讲堂=理论学习日")
    screenshot(page, "brands-1-new-brand-form")
    page.locator("#brand-form button[type=submit]").click()
    brand = Brand.objects.get()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    page.locator("#apply-brand").click()
    page.locator("textarea[name=note]").fill("请机关党委审核")
    page.locator("#stage-form button[type=submit]").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.APPLIED
    screenshot(page, "brands-2-applied")

    switch(page, court.staff.employee_number, password)
    page.goto(brand.get_absolute_url())
    page.locator("#return-brand").click()
    page.locator("textarea[name=reason]").fill("载体只有一项，请补充常态化载体")
    screenshot(page, "brands-3-return-form")
    page.locator("#stage-form button[type=submit]").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.RETURNED

    switch(page, court.secretary_a.employee_number, password)
    page.goto(brand.get_absolute_url())
    assert "载体只有一项" in page.locator("#return-reason").inner_text()
    screenshot(page, "brands-4-returned-seen-by-secretary")
    page.locator("#edit-brand").click()
    page.locator("textarea[name=carriers]").fill("理论学习日\n法官进社区\n青年理论学习小组")
    page.locator("#brand-form button[type=submit]").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    page.locator("#apply-brand").click()
    page.locator("#stage-form button[type=submit]").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.APPLIED

    switch(page, court.staff.employee_number, password)
    page.goto(brand.get_absolute_url())
    page.locator("#certify-brand").click()
    inputs = page.locator("#stage-form input[type=number]")
    assert inputs.count() == 5
    for i, score in enumerate(["90", "85", "95", "88", "80"]):
        inputs.nth(i).fill(score)
    screenshot(page, "brands-5-certify-with-scores")
    page.locator("#stage-form button[type=submit]").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.CERTIFIED
    assert str(BrandStageChange.objects.get(to_stage="certified").total) == "87.6"
    page.locator("#advance-button").click()
    page.wait_for_url(f"**{brand.get_absolute_url()}")
    brand.refresh_from_db()
    assert brand.stage == Brand.Stage.CULTIVATING

    year = timezone.localdate().year
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    held = Activity.objects.filter(
        series=series_with_sessions,
        state="held",
        start__gte=start,
        start__lt=timezone.make_aware(datetime.datetime(year + 1, 1, 1)),
    ).count()
    sub = brand.sub_brands.get()
    cell = page.locator(f"tr[data-sub-brand='{sub.pk}'] .sessions")
    assert cell.inner_text().strip() == str(held)
    assert held >= 1
    history = page.locator("#stage-history").inner_text()
    for label in ["申报", "退回修改", "认定", "培育"]:
        assert label in history
    screenshot(page, "brands-6-cultivating-brand-page")
    page.goto(reverse("brands:print", args=[brand.pk]))
    assert "品牌展示" in page.content()
    screenshot(page, "brands-7-showcase-a4")
