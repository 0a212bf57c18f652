"""Claims: submitted with evidence, approved within the caps, rejected with a reason, withdrawn."""

import datetime
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from points import services
from points.models import PointClaim, PointEntry, PointsError
from tests.factories import give_post, make_member
from tests.points.conftest import claim, points_of

pytestmark = pytest.mark.django_db


def test_a_member_claims_with_evidence_and_the_secretary_approves(court, rules, media):
    submitted = claim(court.member_a, rules["claim_study_article"])
    assert submitted.status == PointClaim.Status.PENDING
    assert submitted.evidence_name == "学习体会.pdf"
    assert submitted.evidence_type == "application/pdf"
    assert submitted.evidence.name.startswith("points/claims/2026/")
    assert (media / submitted.evidence.name).exists()
    assert points_of(court.member_a) == Decimal("70")

    approved = services.claim_approve(claim=submitted, by=court.secretary_a.user)
    assert approved.status == PointClaim.Status.APPROVED
    assert approved.decided_by == court.secretary_a.user
    entry = approved.entry
    assert (entry.points, entry.source, entry.claim, entry.date) == (
        Decimal("2"),
        "claim",
        approved,
        datetime.date(2026, 3, 10),
    )
    assert entry.created_by == court.secretary_a.user
    assert points_of(court.member_a) == Decimal("72")


def test_a_claim_is_decided_once(court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    services.claim_approve(claim=submitted, by=court.secretary_a.user)
    with pytest.raises(PointsError, match="already"):
        services.claim_approve(claim=submitted, by=court.secretary_a.user)
    with pytest.raises(PointsError, match="already"):
        services.claim_reject(claim=submitted, reason="重复", by=court.secretary_a.user)
    assert PointEntry.objects.count() == 1


def test_the_monthly_cap_refuses_a_claim_with_a_clear_message(court, rules):
    for day in range(1, 6):
        services.claim_approve(
            claim=claim(
                court.member_a, rules["claim_study_article"], date=datetime.date(2026, 3, day)
            ),
            by=court.secretary_a.user,
        )
    assert points_of(court.member_a) == Decimal("80")
    sixth = claim(court.member_a, rules["claim_study_article"], date=datetime.date(2026, 3, 9))
    with pytest.raises(PointsError) as refused:
        services.claim_approve(claim=sixth, by=court.secretary_a.user)
    assert "王党员" in refused.value.message and "2026-03" in refused.value.message
    sixth.refresh_from_db()
    assert sixth.status == PointClaim.Status.PENDING
    assert points_of(court.member_a) == Decimal("80")
    # An article of February is under February's cap.
    february = claim(court.member_a, rules["claim_study_article"], date=datetime.date(2026, 2, 20))
    services.claim_approve(claim=february, by=court.secretary_a.user)
    assert points_of(court.member_a) == Decimal("82")


def test_a_claim_partly_over_the_cap_gets_what_is_left(court, rules):
    rule = rules["claim_study_article"]
    rule.monthly_cap = Decimal("3")
    rule.save()
    services.claim_approve(claim=claim(court.member_a, rule), by=court.secretary_a.user)
    second = services.claim_approve(claim=claim(court.member_a, rule), by=court.secretary_a.user)
    assert second.entry.points == Decimal("1")
    assert points_of(court.member_a) == Decimal("73")


def test_rejecting_needs_a_reason_the_member_sees(court, rules):
    submitted = claim(court.member_a, rules["claim_research_paper"])
    with pytest.raises(PointsError) as refused:
        services.claim_reject(claim=submitted, reason="  ", by=court.secretary_a.user)
    assert refused.value.field == "reason"
    rejected = services.claim_reject(
        claim=submitted, reason="文章未公开发表", by=court.secretary_a.user
    )
    assert (rejected.status, rejected.reason, rejected.entry) == (
        "rejected",
        "文章未公开发表",
        None,
    )
    assert not PointEntry.objects.exists()


def test_only_the_claimant_withdraws_a_pending_claim(court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    with pytest.raises(PointsError):
        services.claim_withdraw(claim=submitted, by=court.secretary_a.user)
    withdrawn = services.claim_withdraw(claim=submitted, by=court.member_a.user)
    assert withdrawn.status == "withdrawn"
    with pytest.raises(PointsError, match="already"):
        services.claim_approve(claim=withdrawn, by=court.secretary_a.user)


def test_nobody_decides_their_own_claim_and_other_branches_cannot(court, rules):
    own = claim(court.secretary_a, rules["claim_study_article"])
    with pytest.raises(PointsError, match="may not decide"):
        services.claim_approve(claim=own, by=court.secretary_a.user)
    other = claim(court.member_b, rules["claim_study_article"])
    with pytest.raises(PointsError, match="may not decide"):
        services.claim_approve(claim=other, by=court.secretary_a.user)
    # The deputy secretary, or the committee, decides the secretary's claim.
    deputy = make_member(court.branch_a, name="副书记")
    give_post(deputy, court.branch_a, kind="deputy_secretary")
    assert services.claim_approve(claim=own, by=deputy.user).status == "approved"
    assert services.claim_approve(claim=other, by=court.staff.user).status == "approved"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("程序.exe", b"MZ\x90\x00", "only these kinds of file can be uploaded here"),
        ("页面.html", b"<!DOCTYPE html><p>hi", "contains web page code"),
        ("伪装.pdf", b"MZ\x90\x00not a pdf", "is not really a PDF file"),
        ("伪装.docx", b"%PDF-1.4", "is not really a DOCX file"),
    ],
)
def test_evidence_must_really_be_a_document_or_photo(court, rules, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(PointsError, match=message) as refused:
        claim(court.member_a, rules["claim_study_article"], evidence=upload)
    assert refused.value.field == "evidence"
    assert not PointClaim.objects.exists()


def test_evidence_larger_than_10_mb_is_refused(court, rules):
    big = SimpleUploadedFile("扫描件.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(PointsError, match="larger than 10 MB"):
        claim(court.member_a, rules["claim_study_article"], evidence=big)


def test_photos_and_word_files_are_accepted(court, rules, photo):
    assert (
        claim(court.member_a, rules["claim_honour_court"], evidence=photo).evidence_type
        == "image/png"
    )
    buffer = BytesIO()
    docx.Document().save(buffer)
    word = SimpleUploadedFile("论文.docx", buffer.getvalue())
    assert (
        claim(court.member_a, rules["claim_research_paper"], evidence=word).evidence_name
        == "论文.docx"
    )


def test_a_rule_that_needs_evidence_refuses_a_claim_without(court, rules):
    with pytest.raises(PointsError, match="needs evidence"):
        services.claim_submit(
            member=court.member_a,
            rule=rules["claim_study_article"],
            date=datetime.date(2026, 3, 1),
            description="文章",
            evidence=None,
            by=court.member_a.user,
        )


def test_only_claimable_rules_and_past_dates(court, rules):
    with pytest.raises(PointsError, match="cannot be claimed"):
        claim(court.member_a, rules["attend_general_meeting"])
    with pytest.raises(PointsError, match="future"):
        claim(court.member_a, rules["claim_study_article"], date=datetime.date(2026, 3, 14))
    with pytest.raises(PointsError, match="this year or last year"):
        claim(court.member_a, rules["claim_study_article"], date=datetime.date(2024, 12, 31))
