"""The detail page, the printable minutes and attachment downloads."""

import pytest
from django.urls import reverse

from activities.services import activity_record
from tests.activities.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_detail_groups_attendance_by_status(as_persona, recorded):
    response = as_persona("member_a").get(reverse("activities:detail", args=[recorded.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert [row.member.name for row in response.context["on_leave"]] == ["王党员"]
    assert [row.member.name for row in response.context["absent"]] == ["甲0"]
    assert len(response.context["present"]) == 4
    assert "王党员: 外出开庭" in page
    assert "出席率 67%" in page
    assert "应到 6 人，出席 4 人，请假 1 人，缺席 1 人" in page
    assert "李书记领学，大家交流发言。" in page
    assert "第三会议室" in page
    # member_a may look but not change: no edit or withdraw buttons
    assert reverse("activities:edit", args=[recorded.pk]) not in page
    assert reverse("activities:withdraw", args=[recorded.pk]) not in page


def test_managers_see_edit_withdraw_and_history(as_persona, court, recorded):
    activity_record(by=court.secretary_a.user, activity=recorded, minutes="补充纪要")
    page = (
        as_persona("secretary_a")
        .get(reverse("activities:detail", args=[recorded.pk]))
        .content.decode()
    )
    assert reverse("activities:edit", args=[recorded.pk]) in page
    assert reverse("activities:withdraw", args=[recorded.pk]) in page
    assert "变更记录" in page
    assert "纪要" in page


def test_printable_minutes(as_persona, recorded):
    response = as_persona("member_a").get(reverse("activities:print", args=[recorded.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "理论学习日记录" in page
    assert "民一庭党支部" in page
    assert "学习党的二十届三中全会精神" in page
    assert "王党员（外出开庭）" in page
    assert "李书记领学，大家交流发言。" in page
    assert "下周继续学习。" in page
    assert 'id="print-button"' in page
    assert "d-print-none" in page


def test_images_are_shown_inline_and_documents_downloaded(as_persona, court, recorded, photo, pdf):
    activity_record(by=court.secretary_a.user, activity=recorded, attachments=[photo, pdf])
    image, document = recorded.attachments.order_by("pk")
    client = as_persona("member_a")

    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == png_bytes()  # reading closes the file

    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    detail = client.get(recorded.get_absolute_url()).content.decode()
    assert image.get_absolute_url() in detail
    assert "/media/" not in detail


def test_outsiders_get_404_for_the_attachment(as_persona, court, recorded, photo):
    activity_record(by=court.secretary_a.user, activity=recorded, attachments=[photo])
    attachment = recorded.attachments.get()
    assert as_persona("member_b").get(attachment.get_absolute_url()).status_code == 404
    response = as_persona("member_a").get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
