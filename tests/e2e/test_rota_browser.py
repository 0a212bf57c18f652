"""The secretary's rota journey in Chromium: put the leads in order, see why two weeks of
September–October have no study, plan the weeks, move a session; the lead finds the duty.
Screenshots go to artifacts/screenshots/."""

import datetime

import pytest
from django.utils import timezone

from activities import rota
from activities.models import Activity
from tests.activities.conftest import at
from tests.browser import login
from tests.factories import make_member, make_study_series

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def now(time_machine):
    """Monday 2026-09-14, 10:00, a running clock: 中秋节 and 国庆节 are ahead."""
    moment = at("2026-09-14", "10:00")
    time_machine.move_to(moment, tick=True)
    return moment


def test_secretary_plans_the_study_rota_and_the_lead_sees_the_duty(
    page, court, password, screenshot, types
):
    others = [make_member(court.branch_a, name=f"党员{i:02d}", login=False) for i in range(1, 4)]
    series = make_study_series(court.branch_a, default_location="第三会议室")

    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto("/activities/series/")
    page.get_by_role("link", name="理论日").click()

    # Leads: 党员02, 王党员 (member_a), 党员01.
    page.locator(f"#id_position_{others[1].pk}").fill("1")
    page.locator(f"#id_position_{court.member_a.pk}").fill("2")
    page.locator(f"#id_position_{others[0].pk}").fill("3")
    page.locator("form[action$='/leads/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert [lead.member for lead in rota.rota_leads(series)] == [
        others[1],
        court.member_a,
        others[0],
    ]

    # The coming weeks say why 09-25 and 10-02 have no session.
    page.select_option("#id_show_weeks", "8")
    page.wait_for_url("**weeks=8")
    skipped = page.locator("tr.rota-skipped")
    assert skipped.count() == 2
    assert "中秋节" in skipped.nth(0).inner_text()
    assert "国庆节" in skipped.nth(1).inner_text()

    page.locator("#id_weeks").fill("8")
    page.locator("form[action$='/plan/'] button[type=submit]").click()
    page.wait_for_url("**weeks=8")
    sessions = list(Activity.objects.filter(series=series).order_by("start"))
    assert [timezone.localtime(a.start).date() for a in sessions] == [
        datetime.date(2026, 9, 18),
        datetime.date(2026, 10, 9),
        datetime.date(2026, 10, 16),
        datetime.date(2026, 10, 23),
        datetime.date(2026, 10, 30),
        datetime.date(2026, 11, 6),
    ]
    assert [a.lead for a in sessions[:4]] == [others[1], court.member_a, others[0], others[1]]
    screenshot(page, "rota-secretary-plans")

    # Move 10-09 to the day off 10-02: refused with the holiday's name; then to 10-08.
    page.goto(f"/activities/series/{series.pk}/sessions/{sessions[1].pk}/move/")
    page.locator("#id_date").fill("2026-10-02")
    page.locator("main form button[type=submit]").click()
    assert "国庆节" in page.locator("main form").inner_text()
    screenshot(page, "rota-move-refused")
    page.locator("#id_date").fill("2026-10-08")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/activities/series/{series.pk}/")
    sessions[1].refresh_from_db()
    assert sessions[1].start == at("2026-10-08", "14:30")

    # The lead's own page.
    page.context.clear_cookies()
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto("/activities/rota/mine/")
    assert "2026-10-08" in page.locator("main").inner_text()
    screenshot(page, "rota-my-duties")
