"""Playwright driving Debian's Chromium against pytest-django's live server.

A pytest plugin (registered in tests/conftest.py), so every folder's browser tests share
one browser per test process."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM
# calls from such a thread unless told that this is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    assert Path(executable).exists(), f"Chromium not found at {executable} (make test installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 860}
    )
    outside = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            or route.request.url.startswith("data:")
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page = context.new_page()
    page.outside_requests = outside
    yield page
    context.close()


@pytest.fixture
def screenshot():
    folder = Path(settings.ARTIFACTS_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, employee_number: str, password: str):
    page.goto("/accounts/login/")
    page.get_by_label("工号").fill(employee_number)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def nav(page, label: str):
    """Follow a navigation entry, opening its menu first when it sits in a dropdown."""
    exactly = re.compile(rf"^\s*{re.escape(label)}\s*$")
    entry = page.locator("a.nav-link, a.dropdown-item").filter(has_text=exactly)
    link = page.locator("#portal-nav").locator(entry)
    if not link.is_visible():
        page.locator("#portal-nav li.dropdown").filter(has=entry).locator(
            ".dropdown-toggle"
        ).click()
    link.click()
