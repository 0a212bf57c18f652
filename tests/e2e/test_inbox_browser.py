"""A member sees the unread count, opens the inbox, marks a notification read in place
(htmx) and follows another to its page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from activities import notifications as activity_kinds
from notices import kinds, outbox
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_notifications_from_the_bell(page, court, password, screenshot):
    user = court.member_a.user  # no e-mail address: in-app only, nothing is queued
    for key, title, link in [
        (
            "study:2026-03-13",
            "周五理论学习日：今天14:30，领学人李书记",
            reverse("branches:my_profile"),
        ),
        ("integrity:2026-qingming", "清明节前廉政提醒", ""),
    ]:
        outbox.notify(
            recipient=user,
            kind=activity_kinds.STUDY_DAY,
            title=title,
            body="请准时参加。",
            link=link,
            dedupe_key=f"{key}:{user.pk}",
        )

    login(page, user.employee_number, password)
    page.wait_for_url("**/")
    badge = page.locator("#notices-unread-badge")
    assert re.match(r"^2\b", badge.inner_text())

    page.locator("#notices-bell").click()  # the bell sits outside the menu (issue 14)
    page.wait_for_url("**/notices/")
    assert page.locator(".notification-unread").count() == 2
    screenshot(page, "notices-inbox")

    integrity = page.locator("li", has_text="清明节前廉政提醒")
    integrity.locator("form[hx-post] button").click()
    # A locator, not wait_for_function: the Content-Security-Policy forbids evaluating strings.
    expect(page.locator(".notification-unread")).to_have_count(1)
    assert re.match(r"^1\b", badge.inner_text())  # updated in place, no reload
    assert page.url.endswith("/notices/")

    page.get_by_role("link", name="周五理论学习日：今天14:30，领学人李书记").click()
    page.wait_for_url(f"**{reverse('branches:my_profile')}")
    assert "d-none" in (page.locator("#notices-unread-badge").get_attribute("class") or "")
    assert page.outside_requests == []


def test_a_member_turns_on_sms_for_integrity_notices(page, court, password, screenshot):
    user = court.member_a.user
    login(page, user.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("notices:preferences"))
    page.locator("#id_integrity_sms").check()
    page.locator("#id_integrity_email").uncheck()
    screenshot(page, "notices-preferences")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"**{reverse('notices:preferences')}")

    assert outbox.preferences_for(user)[kinds.INTEGRITY] == (False, True)
    assert page.locator("#id_integrity_sms").is_checked()
