import pytest

from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_in_chinese_and_sees_the_home_page(page, plain_user, password, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "foundation-login")

    login(page, plain_user.employee_number, password)
    page.wait_for_url("**/")
    assert "欢迎，张三" in page.locator("h1").inner_text()
    assert page.outside_requests == [], "the page must not load anything from another host"
    screenshot(page, "foundation-home")


def test_phone_width_collapses_the_navigation(
    browser, live_server, plain_user, password, screenshot
):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, plain_user.employee_number, password)
    page.wait_for_url("**/")
    assert page.locator(".navbar-toggler").is_visible()
    screenshot(page, "foundation-home-phone")
    context.close()
