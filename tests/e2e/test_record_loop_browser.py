"""Issue 14's acceptance journey in Chromium: as my001 (secretary of 民一庭), record last
Friday's theory study from its planned session in at most 3 page loads and 6 typed
fields, time and room prefilled; a second record of the same session asks first and pays
no points twice. The demo is seeded on Thursday 12 March 2026 (so Friday's session is
planned by the rota) and the clock then moves to Monday 16 March."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, ActivitySeries, Attendance
from branches.models import Member, Organisation
from points.models import PointEntry
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRIDAY = datetime.date(2026, 3, 13)


def local(day: str, time: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def default_data(db):
    """A transactional test starts from empty tables: load the defaults as the migrations do."""
    for module, loader in (
        ("activities.migrations.0002_activity_types", "load_types"),
        ("activities.migrations.0004_study_day", "forwards"),
        ("points.migrations.0002_default_rules", "load"),
        ("points.migrations.0005_default_star_titles", "load"),
    ):
        getattr(importlib.import_module(module), loader)(apps, None)


def test_my001_records_fridays_study_from_its_planned_session(
    page, screenshot, time_machine, default_data
):
    time_machine.move_to(local("2026-03-12", "10:00"), tick=True)
    call_command("seed_demo", stdout=io.StringIO())
    time_machine.move_to(local("2026-03-16", "09:00"), tick=True)

    branch = Organisation.objects.filter(department="民一庭").order_by("path").first()
    series = ActivitySeries.objects.get(branch=branch, name="理论日")
    session = Activity.objects.get(series=series, state=Activity.State.PLANNED, start__date=FRIDAY)
    assert series.room_id and session.room_id == series.room_id and session.lead_id
    on_leave = (
        Member.objects.current()
        .filter(branch=branch)
        .exclude(pk=session.lead_id)
        .order_by("pk")
        .first()
    )

    login(page, "my001", "demo-2026")
    page.wait_for_url("**/")
    loads = []
    page.on("load", lambda p: loads.append(p.url))
    typed = 0

    page.goto(session.get_absolute_url())  # 1: the planned session
    page.locator(f"a[href='/activities/{session.pk}/edit/']").first.click()  # 2: the form
    page.wait_for_url(f"**/activities/{session.pk}/edit/")
    assert page.locator("#id_start_time").input_value() == "14:30"
    assert page.locator("#id_end_time").input_value() == "16:30"
    assert page.locator("#id_room").input_value() == str(series.room_id)
    assert page.locator("#id_lead").input_value() == str(session.lead_id)
    assert page.locator("#id_date").input_value() == FRIDAY.isoformat()

    page.locator("#attendance-all-present").click()  # everyone present in one click
    page.locator(f"label[for=attendance-{on_leave.pk}-on_leave]").click()
    page.locator(f"input[name=reason-{on_leave.pk}]").fill("病假")
    typed += 1
    page.locator("#id_minutes").fill("领学党的二十届四中全会精神，大家结合审判工作交流。")
    typed += 1
    screenshot(page, "record-loop-planned-session-form")
    page.get_by_role("button", name="保存记录").click()  # 3: the record
    page.wait_for_url(f"**{session.get_absolute_url()}")
    assert len(loads) <= 3, loads
    assert typed <= 6

    session.refresh_from_db()
    assert session.state == Activity.State.HELD
    assert session.attendances.get(member=on_leave).status == Attendance.Status.ON_LEAVE
    assert Activity.objects.filter(series=series, start__date=FRIDAY).count() == 1
    paid = PointEntry.objects.live().filter(rule__code="attend_study_day", date=FRIDAY)
    paid_before = paid.count()
    assert paid_before > 5
    screenshot(page, "record-loop-recorded")

    # A second record of the same study: the series fills the form, saving asks first.
    count = Activity.objects.count()
    page.goto(f"/activities/new/?organisation={branch.pk}")
    page.locator("#id_date").fill(FRIDAY.isoformat())
    page.locator("#id_series").select_option(str(series.pk))
    # A locator, not wait_for_function: the Content-Security-Policy forbids evaluating strings.
    expect(page.locator("#id_start_time")).to_have_value("14:30")
    assert page.locator("#id_room").input_value() == str(series.room_id)
    page.get_by_role("button", name="保存记录").click()
    warning = page.locator("#duplicate-warning")
    warning.wait_for()
    assert session.topic in page.locator("main").inner_text()
    assert Activity.objects.count() == count
    screenshot(page, "record-loop-duplicate-asks")

    page.locator("#confirm-duplicate").check()
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_url("**/activities/*/")
    assert Activity.objects.count() == count + 1
    # no points paid twice for one session: nobody paid twice that day, those paid once stay
    # paid once (the member on leave at the first record may be paid by the second)
    twice = paid.values("member").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()
    assert paid.exclude(member=on_leave).count() == paid_before
    assert page.outside_requests == []
