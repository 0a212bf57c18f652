"""A round in the browser: a secretary scores the project assigned to them (and cannot open
their own branch's review); the committee closes the review, sees the totals, records the
decision and publishes; the selected project's honour shows on its brand page."""

import pytest
from django.urls import reverse

from brands.models import Honour
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch(page, employee_number, password):
    page.context.clear_cookies()
    login(page, employee_number, password)
    page.wait_for_url("**/")


def test_cross_review_to_published_honour(page, court, world, password, screenshot):
    switch(page, court.secretary_a.employee_number, password)
    page.goto(world.round.get_absolute_url())
    page.locator("#my-reviews a").filter(has_text=world.project_b.title).click()
    page.wait_for_url(f"**{reverse('brands:review', args=[world.review_mine.pk])}")
    scores = page.locator("#review-form input[type=number]")
    assert scores.count() == 3
    scores.nth(0).fill("60")  # above 实效性's 50
    scores.nth(1).fill("20")
    scores.nth(2).fill("20")
    page.locator("#review-form button[type=submit]").click()
    assert "50" in page.locator("#review-form").inner_text()
    screenshot(page, "brands-round-1-score-out-of-scale")
    scores.nth(0).fill("45")
    for i in range(3):
        page.locator("#review-form input[type=text]").nth(i).fill("做法扎实，可复制")
    page.locator("#review-form button[type=submit]").click()
    page.wait_for_url(f"**{world.round.get_absolute_url()}")
    assert "已评分" in page.locator("#my-reviews").inner_text()
    response = page.goto(reverse("brands:review", args=[world.review_of_a.pk]))
    assert response.status in (403, 404)

    switch(page, court.staff.employee_number, password)
    page.goto(world.round.get_absolute_url())
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#close-review").click()
    page.wait_for_url(f"**{world.round.get_absolute_url()}")
    row = page.locator(f"tr[data-project='{world.project_b.pk}']")
    assert row.locator(".mean").inner_text().strip() == "85.0"
    screenshot(page, "brands-round-2-closed-with-totals")
    row.locator("a").first.click()
    page.wait_for_url(f"**{world.project_b.get_absolute_url()}")
    page.locator("select[name=decision]").select_option("excellent")
    page.locator("#decision-form button").click()
    page.wait_for_url(f"**{world.round.get_absolute_url()}")
    page.locator("#publish-round").click()
    page.wait_for_url(f"**{world.round.get_absolute_url()}")
    screenshot(page, "brands-round-3-published")
    honour = Honour.objects.get(project=world.project_b)
    assert honour.level == "court"
    page.goto(world.brand_b.get_absolute_url())
    assert world.project_b.title in page.locator("#honours").inner_text()
