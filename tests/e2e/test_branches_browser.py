import pytest

from tests.browser import login, nav

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_finds_a_member_and_sees_the_masked_phone(page, court, password, screenshot):
    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    nav(page, "党员名册")
    page.get_by_label("搜索").fill("王党员")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("#member-table tbody tr")
    assert rows.count() == 1
    assert "138****3333" in rows.first.inner_text()
    screenshot(page, "branches-directory-search")

    rows.first.get_by_role("link", name="王党员").click()
    page.wait_for_url(f"**{court.member_a.get_absolute_url()}")
    assert page.locator("#member-phone").inner_text() == "138****3333"
    assert not page.locator("#member-phone-full").is_visible()
    assert "民一庭党支部" in page.locator("#membership-history").inner_text()
    screenshot(page, "branches-member-profile")
    assert page.outside_requests == []


def test_committee_staff_sees_the_tree_with_counts(page, court, password, screenshot):
    login(page, court.staff.employee_number, password)
    page.wait_for_url("**/")
    nav(page, "组织架构")
    table = page.locator("#organisation-tree")
    assert "民一庭党支部" in table.inner_text()
    assert "正式党员不足3人" in table.inner_text()
    screenshot(page, "branches-organisation-tree")
