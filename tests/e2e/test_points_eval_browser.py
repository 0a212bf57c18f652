"""Browser journeys of star awards, democratic evaluation and the performance archive.

Elements are found by URL, name and id, so the tests read the same in either UI language.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Member
from points import evaluation, services
from points.models import PeerGrade, PointRule, StarAward, StarTitle
from tests.browser import login
from tests.factories import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_fills_in_the_evaluation_form_and_a_fourth_excellent_is_refused(
    page, court, password, screenshot
):
    for i in range(7):
        make_member(court.branch_a, group=court.group_a1, name=f"支部党员{i + 1}")
    evaluation_round = evaluation.evaluation_round_open(
        branch=court.branch_a,
        year=timezone.localdate().year,
        label=f"{timezone.localdate().year}年度",
        by=court.secretary_a.user,
    )
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:evaluation_rounds"))
    page.locator(
        f"a[href='{reverse('points:evaluation_form', args=[evaluation_round.pk])}']"
    ).click()
    page.locator("textarea[name=self_assessment]").fill(
        "一年来认真学习党的创新理论，按时参加组织生活，履职尽责。"
    )
    page.locator("select[name=self_grade]").select_option("qualified")
    rows = page.locator("#peer-grades tbody tr")
    assert rows.count() == 8
    for index in range(8):
        grade = "excellent" if index < 4 else "qualified"
        rows.nth(index).locator(f"input[value={grade}]").check()
    page.locator("#evaluation-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#evaluation-errors").is_visible()
    assert "3" in page.locator("#evaluation-errors").inner_text()
    screenshot(page, "evaluation-form-too-many-excellent")
    assert not PeerGrade.objects.exists()

    rows.nth(3).locator("input[value=qualified]").check()
    page.locator("#evaluation-form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('points:evaluation_form', args=[evaluation_round.pk])}")
    assert page.locator(".alert-success").first.is_visible()
    assert PeerGrade.objects.filter(rater=court.member_a, grade="excellent").count() == 3
    screenshot(page, "evaluation-form-submitted")


def _star_title():
    """The default trial star (a transactional test's flush may have removed it)."""
    rule, _ = PointRule.objects.get_or_create(
        code="star_award",
        defaults={
            "name": "获评审判之星、执行之星、服务之星",
            "category": "honours",
            "points": Decimal("5"),
            "source": "award",
        },
    )
    title, _ = StarTitle.objects.get_or_create(
        code="trial_star",
        defaults={
            "name": "审判之星",
            "job_categories": ["judge", "assistant", "clerk"],
            "rule": rule,
        },
    )
    return title


def test_committee_awards_a_star_and_the_member_sees_it_in_the_archive(
    page, court, password, screenshot
):
    title = _star_title()
    manual, _ = PointRule.objects.get_or_create(
        code="manual_casework",
        defaults={
            "name": "审判执行业务加分",
            "category": "casework",
            "points": 1,
            "source": "manual",
        },
    )
    Member.objects.filter(pk=court.member_a.pk).update(job_category=Member.JobCategory.JUDGE)
    today = timezone.localdate()
    services.points_award(
        member=court.member_a, rule=manual, date=today, points=Decimal(6), by=None
    )

    login(page, court.staff.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:award_selection_new"))
    page.locator("select[name=title]").select_option(str(title.pk))
    page.locator("select[name=period_kind]").select_option("year")
    page.locator("select[name=year]").select_option(str(today.year))
    page.locator("select[name=number]").select_option("1")
    page.locator("#selection-form button[type=submit]").click()
    page.wait_for_selector("#shortlist")
    screenshot(page, "star-award-shortlist")
    page.locator("#shortlist a.btn").first.click()
    page.locator("textarea[name=citation]").fill("坚持公正司法，全年审结案件质效居全庭前列。")
    page.locator("#grant-form button[type=submit]").click()
    page.wait_for_selector("#winners")
    assert court.member_a.name in page.locator("#winners").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#close-selection").click()
    page.wait_for_load_state()
    assert StarAward.objects.get().selection.state == "closed"
    screenshot(page, "star-award-closed")

    page.context.clear_cookies()
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:mine"))
    assert "审判之星" in page.locator("#points-awards").inner_text()
    page.locator("#archive-link").click()
    page.wait_for_selector("#archive-awards")
    assert "审判之星" in page.locator("#archive-awards").inner_text()
    assert page.locator("#archive-total").inner_text() == "81.0"  # 70 + 6 + 5
    screenshot(page, "performance-archive")
    page.emulate_media(media="print")
    assert not page.locator("#print-archive").is_visible()
    assert not page.locator("nav").first.is_visible()
    screenshot(page, "performance-archive-print")


def test_anonymity_the_member_sees_counts_only(page, court, password):
    extra = [make_member(court.branch_a, name=f"评议党员{i}") for i in range(4)]
    evaluation_round = evaluation.evaluation_round_open(
        branch=court.branch_a, year=2025, label="2025年度", by=court.secretary_a.user
    )
    members = [court.secretary_a, court.member_a, *extra]
    for rater in members:
        grades = {m.pk: "qualified" for m in members if m.pk != rater.pk}
        evaluation.evaluation_submit(
            evaluation_round=evaluation_round,
            member=rater,
            self_assessment="认真履职",
            self_grade="qualified",
            peer_grades=grades,
            by=rater.user,
        )
    evaluation.evaluation_round_close(evaluation_round=evaluation_round, by=court.secretary_a.user)
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:evaluation_form", args=[evaluation_round.pk]))
    text = page.locator("main").inner_text()
    assert "5" in page.locator("#received-grades").inner_text()
    for member in extra:
        assert member.name not in text
