"""Issue 14, build 7: the error pages in Chromium, in Chinese inside the portal's layout
(DEBUG off, as in production), with a way back. Screenshots in artifacts/screenshots/."""

import pytest
from django.urls import reverse

from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_error_page(page, heading):
    main = page.locator("main").inner_text()
    assert heading in main
    assert page.locator("nav.portal-navbar").count() == 1
    assert page.locator("#error-home").is_visible()


def test_error_pages_in_the_layout(page, court, password, screenshot, settings):
    assert settings.DEBUG is False
    page.goto("/no-such-page/")
    assert_error_page(page, "页面不存在")
    screenshot(page, "error-404-anonymous")

    # CSRF failure: the form's cookie is gone (signed in elsewhere, cookies cleared ...)
    page.goto(reverse("login"))
    page.context.clear_cookies()
    page.get_by_label("工号").fill(court.member_a.employee_number)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    assert_error_page(page, "表单已失效")
    screenshot(page, "error-csrf")

    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("activities:new"))
    assert_error_page(page, "无权操作")
    screenshot(page, "error-403")

    page.goto("/no-such-page/")
    assert_error_page(page, "页面不存在")
    page.locator("#error-home").click()
    page.wait_for_url("**/")

    settings.ROOT_URLCONF = "tests.test_error_pages"
    page.goto("/boom/")
    assert_error_page(page, "服务器出错了")
    screenshot(page, "error-500")
