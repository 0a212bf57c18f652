"""A member claims points with evidence; the secretary approves in place; the member sees the new total.

Elements are found by URL, name and id, so the test reads the same in either UI language.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from points.models import PointClaim, PointRule
from tests.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def study_article(db):
    """The claimable rule of the default scheme (a transactional test's flush may have removed it)."""
    rule, _created = PointRule.objects.get_or_create(
        code="claim_study_article",
        defaults={
            "name": "发表学习心得或理论文章",
            "category": "study",
            "points": Decimal("2"),
            "source": "claim",
            "monthly_cap": Decimal("10"),
            "evidence_required": True,
        },
    )
    return rule


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_claim_with_evidence_is_approved_and_the_total_grows(
    page, court, password, study_article, screenshot
):
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:mine"))
    assert page.locator("#points-total").inner_text() == "70.0"
    page.locator(f"a[href='{reverse('points:claim_new')}']").first.click()
    page.wait_for_url(f"**{reverse('points:claim_new')}")
    page.locator("select[name=rule]").select_option(str(study_article.pk))
    page.locator("textarea[name=description]").fill(
        "在《人民法院报》发表学习党的二十届三中全会精神体会文章"
    )
    page.locator("input[name=evidence]").set_input_files(
        {"name": "学习体会.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    screenshot(page, "points-claim-form")
    page.locator("#claim-form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('points:claims')}")
    assert "发表学习心得或理论文章" in page.locator("#my-claims").inner_text()
    screenshot(page, "points-my-claims-pending")
    claim = PointClaim.objects.get()
    assert claim.evidence_name == "学习体会.pdf"

    page.context.clear_cookies()
    login(page, court.secretary_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:claims_pending"))
    row = page.locator(f"#claim-{claim.pk}")
    assert "王党员" in row.inner_text()
    screenshot(page, "points-pending-claims")
    page.once("dialog", lambda dialog: dialog.accept())  # approving asks first
    row.locator("button.btn-success").click()
    page.locator(f"#claim-{claim.pk} .badge.text-bg-success").wait_for()
    assert "+2.0" in page.locator(f"#claim-{claim.pk}").inner_text()
    screenshot(page, "points-claim-approved")

    page.context.clear_cookies()
    login(page, court.member_a.employee_number, password)
    page.wait_for_url("**/")
    page.goto(reverse("points:mine"))
    assert page.locator("#points-total").inner_text() == "72.0"
    assert "发表学习心得或理论文章" in page.locator("#points-history").inner_text()
    page.locator("#points-chart canvas").first.wait_for()
    screenshot(page, "points-my-points")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.locator("#points-chart canvas").first.wait_for()
    screenshot(page, "points-my-points-phone")
    assert page.outside_requests == []
