"""Issue 14, build 4 in Chromium: as my001 (secretary of 民一庭) record a co-building
activity choosing a partner of the register, then find it in the partner's history; and the
party-group choice of the transfer form follows the chosen branch."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from activities.models import Activity, PartnerOrganisation
from branches.demo import DEMO_PASSWORD
from branches.models import Organisation
from tests.browser import login, nav
from tests.factories import make_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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


def test_my001_records_co_building_with_a_registered_partner(
    page, screenshot, time_machine, default_data
):
    time_machine.move_to(local("2026-03-12", "10:00"), tick=True)
    call_command("seed_demo", stdout=io.StringIO())
    branch = Organisation.objects.filter(department="民一庭").order_by("path").first()
    partner = PartnerOrganisation.objects.get(name="江城市实验小学党支部")
    before = partner.activities.count()

    login(page, "my001", DEMO_PASSWORD)
    page.wait_for_url("**/")
    nav(page, "共建单位")  # the register is in the activities menu
    page.get_by_label("搜索").fill("实验小学")
    page.get_by_role("button", name="筛选").click()
    assert page.locator("#partner-table tbody tr").count() == 1

    page.goto(f"/activities/new/?organisation={branch.pk}&type=co_building")
    assert page.locator("#result-fields").is_visible()  # co-building shows partners and results
    page.locator("#id_topic").fill("法治副校长进校园：与实验小学联建共建")
    page.locator("#id_date").fill("2026-03-11")
    page.locator("#id_start_time").fill("09:30")
    page.locator("#id_end_time").fill("11:00")
    page.locator("#result-fields").get_by_label(partner.name).check()
    page.get_by_label("服务群众人数").fill("260")
    page.get_by_label("收集意见建议条数").fill("6")
    screenshot(page, "partners-record-co-building")
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_url("**/activities/*/")
    activity = Activity.objects.get(topic="法治副校长进校园：与实验小学联建共建")
    assert list(activity.partner_organisations.all()) == [partner]

    page.locator("#activity-partners").get_by_role("link", name=partner.name).click()
    page.wait_for_url(f"**{partner.get_absolute_url()}")
    history = page.locator("#partner-history")
    assert "法治副校长进校园" in history.inner_text()
    assert history.locator("tbody tr").count() == before + 1
    assert page.locator("[data-total=activities]").inner_text() == str(before + 1)
    assert page.locator("#partner-phone").inner_text().count("*") == 4  # masked until shown
    screenshot(page, "partners-history")
    assert page.outside_requests == []


def test_the_group_choice_follows_the_chosen_branch(page, court, password, screenshot):
    group_b = make_organisation(court.branch_b, Organisation.Kind.GROUP, "刑庭第一党小组")
    login(page, court.staff.employee_number, password)
    page.wait_for_url("**/")
    page.goto(f"/members/{court.member_a.pk}/transfer/")
    groups = page.locator("#id_group")
    page.locator("#id_branch").select_option(str(court.branch_b.pk))
    visible = groups.locator("option:not([hidden])")
    assert visible.all_inner_texts() == ["---------", group_b.name]
    page.locator("#id_branch").select_option(str(court.branch_a.pk))
    assert groups.locator("option:not([hidden])").count() == 3  # the empty choice, A's two
    screenshot(page, "branches-transfer-groups-follow-branch")
