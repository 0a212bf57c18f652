"""One upload check for every file the portal accepts (branches/uploads.py): polyglots,
HTML and SVG are refused as activity photos and as claim evidence with the same message;
stored names are clean; images are served inline, everything else as a download."""

import datetime
from io import BytesIO

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from activities import attachments
from activities.models import ActivityError, ActivityType, Attachment
from activities.services import activity_record
from branches.uploads import IMAGES, PDF, WORD, clean_name, validate_upload
from points import evidence
from points.models import PointClaim, PointRule, PointsError
from points.services import claim_submit
from tests.points.conftest import PDF_BYTES, png_bytes

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
POLYGLOT = b"GIF89a/*\x01\x00\x01\x00*/=1;<html><body><script>alert(document.cookie)</script>"
REFUSED = "含有网页代码（HTML、SVG 或脚本），不能上传"


@pytest.fixture(autouse=True)
def frozen(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path / "media"


def record_with(court, *files):
    return activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=ActivityType.objects.get(code="study_day"),
        start=datetime.datetime(2026, 3, 6, 14, 30, tzinfo=NOW.tzinfo),
        topic="学习党的二十届三中全会精神",
        attachments=list(files),
    )


def claim_with(court, file):
    return claim_submit(
        member=court.member_a,
        rule=PointRule.objects.get(code="claim_study_article"),
        date=datetime.date(2026, 3, 10),
        description="在《人民法院报》发表学习体会文章一篇",
        by=court.member_a.user,
        evidence=file,
    )


def test_a_gif_html_polyglot_is_refused_as_photo_and_as_evidence_with_the_same_message(court):
    with pytest.raises(ActivityError) as as_photo:
        record_with(court, SimpleUploadedFile("合影.gif", POLYGLOT))
    with pytest.raises(PointsError) as as_evidence:
        claim_with(court, SimpleUploadedFile("合影.gif", POLYGLOT))
    assert REFUSED in as_photo.value.message
    assert as_photo.value.message == as_evidence.value.message
    assert not Attachment.objects.exists() and not PointClaim.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("页面.html", b"<!DOCTYPE html><title>x</title>"),
        ("图标.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("图标.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("扫描.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>"),
        ("照片.jpg", b"\xff\xd8\xff\xe0<SCRIPT>alert(1)</SCRIPT>"),
    ],
)
def test_html_svg_and_script_are_refused_by_both_forms(court, name, content):
    for check in (attachments.check_upload, evidence.check_evidence):
        with pytest.raises(ValidationError) as refused:
            check(SimpleUploadedFile(name, content))
        assert refused.value.code == "file_web"
        assert REFUSED in refused.value.messages[0]


def test_office_files_must_be_the_zip_they_claim_to_be():
    kinds = (*PDF, *WORD, "xlsx", "pptx")
    buffer = BytesIO()
    docx.Document().save(buffer)
    word = buffer.getvalue()
    assert validate_upload(SimpleUploadedFile("论文.docx", word), kinds=kinds, max_bytes=10**7)
    buffer = BytesIO()
    Workbook().save(buffer)
    with pytest.raises(ValidationError) as refused:  # a workbook renamed .docx
        validate_upload(
            SimpleUploadedFile("论文.docx", buffer.getvalue()), kinds=kinds, max_bytes=10**7
        )
    assert refused.value.code == "file_content"
    checked = validate_upload(
        SimpleUploadedFile("表.xlsx", buffer.getvalue()), kinds=kinds, max_bytes=10**7
    )
    assert checked.content_type.endswith("spreadsheetml.sheet") and not checked.is_image


def test_the_content_type_comes_from_the_bytes_and_the_size_is_bounded():
    checked = validate_upload(
        SimpleUploadedFile("合影.png", png_bytes(), content_type="text/html"),
        kinds=IMAGES,
        max_bytes=10**6,
    )
    assert (checked.content_type, checked.is_image) == ("image/png", True)
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile("合影.png", png_bytes()), kinds=IMAGES, max_bytes=10)
    assert refused.value.code == "file_size"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ('会议"纪要"\r\n.pdf', "会议纪要.pdf"),
        ("a\r\nContent-Type: text\r\n.pdf", "a Content-Type text.pdf"),
        ("a\r\nContent-Type: text/html\r\n.PDF", "html.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\学习 心得.pdf", "学习 心得.pdf"),
        ("报告\u202efdp.exe.pdf", "报告fdp.exe.pdf"),
        ("'; rm -rf.pdf", "; rm -rf.pdf"),
        (".pdf", "file.pdf"),
        ("很" * 300 + ".pdf", "很" * 96 + ".pdf"),
    ],
)
def test_display_names_are_sanitised_and_keep_their_extension(given, stored):
    assert clean_name(given) == stored


def test_names_with_cr_lf_and_quotes_are_stored_clean_for_photos_and_evidence(court):
    name = '学习"材料"\r\n附件.pdf'
    activity = record_with(court, SimpleUploadedFile(name, PDF_BYTES))
    claim = claim_with(court, SimpleUploadedFile(name, PDF_BYTES))
    assert activity.attachments.get().original_name == "学习材料 附件.pdf"
    assert claim.evidence_name == "学习材料 附件.pdf"


def test_a_pdf_is_downloaded_as_attachment_and_a_photo_shown_inline(client, court):
    activity = record_with(
        court,
        SimpleUploadedFile('会议"纪要"\r\n.pdf', PDF_BYTES),
        SimpleUploadedFile("合影.png", png_bytes()),
    )
    pdf, photo = activity.attachments.order_by("pk")
    client.force_login(court.secretary_a.user)

    response = client.get(pdf.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "\r" not in response["Content-Disposition"]
        and '"纪要"' not in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)  # reading to the end closes the served file

    response = client.get(photo.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)  # reading to the end closes the served file


def test_claim_evidence_is_served_the_same_way(client, court):
    claim = claim_with(court, SimpleUploadedFile("学习体会.pdf", PDF_BYTES))
    client.force_login(court.member_a.user)
    response = client.get(reverse("points:claim_evidence", args=[claim.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)  # reading to the end closes the served file


def test_an_import_file_passes_the_same_check(as_persona, court):
    client = as_persona("committee")
    for content in (POLYGLOT, b"<html><body>\xe5\xa7\x93\xe5\x90\x8d</body></html>"):
        response = client.post(
            reverse("branches:member_import"), {"file": SimpleUploadedFile("名册.xlsx", content)}
        )
        assert response.status_code == 200
        assert REFUSED in response.content.decode()
        assert response.context["preview"] is None
