"""Oversized and hostile Excel imports are refused before they are parsed, with a clear
message, and change nothing: a cell at row 50,000,000, 2,000,000 blank rows, a zip bomb,
too many columns (declared or not). Their speed is measured by hand (tests/security/xlsx_files.py)."""

from html import unescape
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import importing as activity_importing
from activities.models import Activity
from branches import importing as member_importing
from branches.models import ImportJob, Member, User
from tests.security import xlsx_files

pytestmark = pytest.mark.django_db

ROWS = "工作表超过 5000 行（空行也计算在内）"
COLUMNS = "工作表超过 40 列"
UNPACKED = "该工作簿解压后超过 50 MB"

MEMBER = member_importing.HEADERS
ACTIVITY = activity_importing.HEADERS


@pytest.fixture(scope="module")
def hostile():
    """Each hostile file once per module: (name, member-import bytes, activity bytes, message)."""
    return {
        "cell at row 50,000,000": (
            xlsx_files.far_cell(MEMBER),
            xlsx_files.far_cell(ACTIVITY),
            ROWS,
        ),
        "cell at row 50,000,000 without a dimension": (
            xlsx_files.far_cell(MEMBER, dimension=False),
            xlsx_files.far_cell(ACTIVITY, dimension=False),
            ROWS,
        ),
        "2,000,000 blank rows": (
            xlsx_files.blank_rows(MEMBER),
            xlsx_files.blank_rows(ACTIVITY),
            ROWS,
        ),
        "zip bomb": (xlsx_files.zip_bomb(MEMBER), xlsx_files.zip_bomb(ACTIVITY), UNPACKED),
        "41 columns": (xlsx_files.wide(MEMBER), xlsx_files.wide(ACTIVITY), COLUMNS),
        "41 columns without a dimension": (
            xlsx_files.wide(MEMBER, dimension=False),
            xlsx_files.wide(ACTIVITY, dimension=False),
            COLUMNS,
        ),
    }


CASES = [
    "cell at row 50,000,000",
    "cell at row 50,000,000 without a dimension",
    "2,000,000 blank rows",
    "zip bomb",
    "41 columns",
    "41 columns without a dimension",
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def counts():
    return (
        Member.objects.count(),
        User.objects.count(),
        Activity.objects.count(),
        ImportJob.objects.count(),
    )


@pytest.mark.parametrize("case", CASES)
def test_the_member_import_refuses_it_with_a_message_and_stores_nothing(
    as_persona, court, hostile, media, case
):
    content, _activity_content, message = hostile[case]
    before = counts()
    response = as_persona("committee").post(
        reverse("branches:member_import"), {"file": SimpleUploadedFile("名册.xlsx", content)}
    )
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert response.context["preview"] is None
    assert 'name="token"' not in response.content.decode()
    assert counts() == before
    assert not (media / "imports").exists()


@pytest.mark.parametrize("case", CASES)
def test_the_activity_import_refuses_it_with_a_message_and_stores_nothing(
    as_persona, court, hostile, media, case
):
    _member_content, content, message = hostile[case]
    before = counts()
    response = as_persona("secretary_a").post(
        reverse("activities:import"), {"file": SimpleUploadedFile("活动.xlsx", content)}
    )
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert counts() == before
    assert not (media / "imports").exists()


@pytest.mark.parametrize("case", ["cell at row 50,000,000", "2,000,000 blank rows"])
def test_the_import_itself_refuses_it_too(court, hostile, case):
    """The job re-reads the stored file: the same bounds hold there, as a file error."""
    content, _activity_content, message = hostile[case]
    preview = member_importing.member_import_preview(user=court.staff.user, file=BytesIO(content))
    assert [(error.row, error.column) for error in preview.errors] == [(None, "")]
    assert message in preview.errors[0].message
    with pytest.raises(member_importing.MemberImportError):
        member_importing.member_import_commit(user=court.staff.user, file=BytesIO(content))
    assert not Member.objects.filter(name="x").exists()


def test_the_limits_are_stated_on_the_upload_pages(as_persona, court):
    for persona, url in [
        ("committee", reverse("branches:member_import")),
        ("secretary_a", reverse("activities:import")),
    ]:
        page = unescape(as_persona(persona).get(url).content.decode())
        assert "不超过 5 MB（解压后 50 MB）、5000 行、40 列；空行也计算在内" in page


def test_the_limits_follow_the_settings(as_persona, court, settings, media):
    settings.IMPORT_MAX_ROWS = 3
    rows = b"".join(
        b'<row r="%d">' % n + xlsx_files._cell(1, n, "x") + b"</row>" for n in range(2, 6)
    )
    content = xlsx_files.workbook(xlsx_files.header_row(MEMBER) + rows)
    response = as_persona("committee").post(
        reverse("branches:member_import"), {"file": SimpleUploadedFile("名册.xlsx", content)}
    )
    assert "工作表超过 3 行" in unescape(response.content.decode())
    assert "3 行" in unescape(response.content.decode())
