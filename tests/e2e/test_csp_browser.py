"""The Content-Security-Policy in a real Chromium: the portal's own pages raise no violation.

The policy allows scripts and styles from the portal's static files (vendored Bootstrap,
htmx, ECharts) and inline ones only with the response's nonce. Every page below must load
without a single `securitypolicyviolation` event or CSP message in the console.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import ActivityType
from activities.services import AttendanceEntry
from tests.browser import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_key_pages_log_no_csp_violation(page, court, screenshot, types):
    held = timezone.now() - datetime.timedelta(days=2)
    activity = services.activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=ActivityType.objects.get(code="study_day"),
        attendance=[AttendanceEntry(court.secretary_a), AttendanceEntry(court.member_a)],
        topic="学习贯彻党的二十届四中全会精神",
        start=held,
        end=held + datetime.timedelta(hours=2),
        location="第三会议室",
        lead=court.secretary_a,
        minutes="李书记领学。",
    )
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)
    login(page, court.secretary_a.employee_number, PASSWORD)
    page.wait_for_url("**/")

    pages = {
        "home": "/",
        "members": reverse("branches:member_list"),
        "member-edit": reverse("branches:member_edit", args=[court.member_a.pk]),
        "activity": activity.get_absolute_url(),
        "activity-print": reverse("activities:print", args=[activity.pk]),
        "activity-form": reverse("activities:new") + f"?organisation={court.branch_a.pk}",
        "points-chart": reverse("points:mine"),
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], (name, url)
        screenshot(page, f"csp-{name}")
    # The chart was drawn by ECharts (a canvas), and the print button's inline script ran.
    page.goto(reverse("points:mine"))
    page.wait_for_selector("#points-chart canvas")
    assert [text for text in console if "Content Security Policy" in text] == []
    assert page.outside_requests == []
