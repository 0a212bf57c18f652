"""What members and leaders see on the points pages, and the claim pages end to end."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from points import services
from points.models import PointClaim, PointsSettings
from tests.points.conftest import PDF_BYTES, absent, claim, pdf_file, points_of, present, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(court, types, branch_a_members):
    secretary, member_a, missing, *others = branch_a_members
    return record(
        court,
        types,
        code="general_meeting",
        topic="三月支部党员大会",
        attendance=[*present(secretary, member_a, *others), absent(missing)],
    )


def test_my_points_shows_total_base_categories_chart_and_history(as_persona, court, meeting, rules):
    services.claim_approve(
        claim=claim(court.member_a, rules["claim_study_article"]), by=court.secretary_a.user
    )
    response = as_persona("member_a").get(reverse("points:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["summary"].total == Decimal("74")
    assert response.context["summary"].base == Decimal("70")
    assert {
        value: points for value, _label, points in response.context["summary"].by_category()
    } == {
        "study": Decimal("2"),
        "organisational_life": Decimal("2"),
        "casework": 0,
        "volunteer_service": 0,
        "honours": 0,
        "deductions": 0,
    }
    assert reverse("activities:detail", args=[meeting.pk]) in html
    assert "三月支部党员大会" in html
    assert reverse("points:claim_detail", args=[PointClaim.objects.get().pk]) in html
    chart = response.context["chart"]
    assert chart["totals"][2] == 74.0 and chart["totals"][1] == 70.0
    assert 'id="points-chart-data"' in html and "echarts.min.js" in html
    assert response.context["rank"] is None  # rankings are off for members by default
    # The decided claim is announced on the page.
    assert [c.rule.code for c in response.context["decided_claims"]] == ["claim_study_article"]


def test_the_rank_is_shown_to_members_only_when_the_admin_allows(as_persona, court, meeting):
    settings = PointsSettings.load()
    settings.show_rank_to_members = True
    settings.save()
    response = as_persona("member_a").get(reverse("points:mine"))
    assert response.context["rank"] == (1, 6)
    assert 'id="points-rank"' in response.content.decode()


def test_leaders_see_a_members_points_with_the_rank(as_persona, court, meeting):
    response = as_persona("secretary_a").get(reverse("points:member", args=[court.member_a.pk]))
    assert response.status_code == 200
    assert response.context["rank"] == (1, 6)
    assert response.context["is_self"] is False


def test_another_year_has_only_the_base(as_persona, meeting):
    response = as_persona("member_a").get(reverse("points:mine") + "?year=2025")
    assert response.context["summary"].total == Decimal("70")
    assert not response.context["page"].object_list


def test_a_login_without_member_sees_an_empty_state(as_persona):
    response = as_persona("admin").get(reverse("points:mine"))
    assert response.status_code == 200
    assert response.context["member"] is None


def test_claim_form_saves_a_claim_with_evidence(as_persona, court, rules, media):
    client = as_persona("member_a")
    response = client.post(
        reverse("points:claim_new"),
        {
            "rule": rules["claim_study_article"].pk,
            "date": "2026-03-10",
            "description": "发表文章",
            "evidence": pdf_file(),
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("points:claims")
    saved = PointClaim.objects.get()
    assert (saved.member, saved.status, saved.evidence_name) == (
        court.member_a,
        "pending",
        "学习体会.pdf",
    )
    listing = client.get(reverse("points:claims"))
    assert "发表学习心得或理论文章" in listing.content.decode()


def test_claim_form_refuses_a_fake_file_and_missing_evidence(as_persona, rules):
    client = as_persona("member_a")
    url = reverse("points:claim_new")
    data = {"rule": rules["claim_study_article"].pk, "date": "2026-03-10", "description": "文章"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].has_error("evidence", code="evidence_required")
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00")
    response = client.post(url, {**data, "evidence": fake})
    assert response.context["form"].has_error("evidence", code="file_content")
    assert not PointClaim.objects.exists()


def test_secretary_approves_in_place_with_htmx(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    client = as_persona("secretary_a")
    pending = client.get(reverse("points:claims_pending"))
    assert [c.pk for c in pending.context["page"].object_list] == [submitted.pk]
    response = client.post(
        reverse("points:claim_approve", args=[submitted.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="claim-{submitted.pk}"')
    assert "+2.0" in html
    assert points_of(court.member_a) == Decimal("72")
    assert not client.get(reverse("points:claims_pending")).context["page"].object_list


def test_reject_without_reason_shows_the_error_in_the_row(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    client = as_persona("secretary_a")
    response = client.post(
        reverse("points:claim_reject", args=[submitted.pk]), {"reason": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.context["error"]
    submitted.refresh_from_db()
    assert submitted.status == "pending"


def test_plain_post_rejects_and_returns_to_the_list(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    client = as_persona("secretary_a")
    response = client.post(
        reverse("points:claim_reject", args=[submitted.pk]),
        {"reason": "未见报刊", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("points:claims_pending")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reason) == ("rejected", "未见报刊")
    page = as_persona("member_a").get(reverse("points:claims")).content.decode()
    assert "未见报刊" in page


def test_approving_over_the_cap_says_why(as_persona, court, rules):
    rule = rules["claim_study_article"]
    rule.monthly_cap = Decimal("2")
    rule.save()
    services.claim_approve(claim=claim(court.member_a, rule), by=court.secretary_a.user)
    second = claim(court.member_a, rule)
    response = as_persona("secretary_a").post(
        reverse("points:claim_approve", args=[second.pk]), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("2026-03" in m for m in messages)
    second.refresh_from_db()
    assert second.status == "pending"


def test_evidence_is_served_only_to_those_who_see_the_claim(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    url = reverse("points:claim_evidence", args=[submitted.pk])
    response = as_persona("secretary_a").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # reading closes the file
    assert response["Content-Type"] == "application/pdf"
    assert as_persona("member_b").get(url).status_code == 404


def test_branch_table_is_sorted_by_total(as_persona, court, meeting):
    response = as_persona("secretary_a").get(reverse("points:branch", args=[court.branch_a.pk]))
    rows = list(response.context["page"].object_list)
    assert [m.points_total for m in rows] == sorted((m.points_total for m in rows), reverse=True)
    assert rows[-1].name == "甲0" and rows[-1].points_deductions == Decimal("-2")
    assert court.member_b not in rows
    by_name = as_persona("secretary_a").get(
        reverse("points:branch", args=[court.branch_a.pk]) + "?sort=name"
    )
    names = [m.name for m in by_name.context["page"].object_list]
    assert names == sorted(names)


def test_committee_table_filters_and_exports(as_persona, court, meeting):
    client = as_persona("committee")
    response = client.get(reverse("points:committee") + f"?branch={court.branch_a.pk}&year=2026")
    assert {m.branch_id for m in response.context["page"].object_list} == {court.branch_a.pk}
    everyone = client.get(reverse("points:committee"))
    assert court.member_b in list(everyone.context["page"].object_list)
    export = client.get(reverse("points:committee_export") + f"?branch={court.branch_a.pk}")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 6
    assert rows[1][0] in ("王党员", "李书记", "甲1", "甲2", "甲3") and rows[1][-1] == 72
    assert rows[-1][0] == "甲0" and rows[-1][-1] == 68


def test_pioneer_index_weights_the_categories(as_persona, court, rules, meeting):
    services.claim_approve(
        claim=claim(court.member_a, rules["claim_research_paper"]), by=court.secretary_a.user
    )
    response = as_persona("committee").get(reverse("points:pioneer") + "?year=2026&period=Q1")
    rows = response.context["page"].object_list
    assert rows[0]["member__name"] == "王党员"
    assert rows[0]["index"] == Decimal("2") * 1 + Decimal("5") * Decimal("1.5")
    assert rows[-1]["member__name"] == "甲0"
    q2 = as_persona("committee").get(reverse("points:pioneer") + "?year=2026&period=Q2")
    assert not q2.context["page"].object_list


def test_secretaries_rank_only_their_branch(as_persona, court, types, meeting):
    record(
        court,
        types,
        organisation=court.branch_b,
        by=court.admin,
        attendance=present(court.member_b),
        topic="刑庭学习",
    )
    rows = as_persona("secretary_a").get(reverse("points:pioneer")).context["page"].object_list
    names = {row["member__name"] for row in rows}
    assert "王党员" in names and "赵党员" not in names
    assert "赵党员" in {
        row["member__name"]
        for row in as_persona("committee")
        .get(reverse("points:pioneer"))
        .context["page"]
        .object_list
    }


def test_member_withdraws_a_pending_claim(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    response = as_persona("member_a").post(reverse("points:claim_withdraw", args=[submitted.pk]))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"


def test_member_year_total_for_home_pages(court, meeting):
    from points.selectors import member_year_total

    assert member_year_total(court.member_a, 2026) == Decimal("72")
    assert member_year_total(court.member_a, datetime.date.today().year - 5) == Decimal("70")


def test_an_htmx_approval_leaves_no_stale_message_for_the_next_page(as_persona, court, rules):
    submitted = claim(court.member_a, rules["claim_study_article"])
    client = as_persona("secretary_a")
    client.post(reverse("points:claim_approve", args=[submitted.pk]), HTTP_HX_REQUEST="true")
    following = client.get(reverse("points:claims_pending")).content.decode()
    assert "计 +2.0 分" not in following
    assert not list(client.get(reverse("home")).context["messages"])
