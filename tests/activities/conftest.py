"""Fixtures for the activities tests: a frozen clock, a private MEDIA_ROOT, builders and files."""

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities import services
from activities.models import ActivityType, Attendance
from activities.services import AttendanceEntry
from tests.factories import make_member

# Friday 13 March 2026, 18:00 in Shanghai: the afternoon study is over.
NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def at(day: str, time: str = "14:30") -> datetime.datetime:
    """An aware datetime in the portal's time zone: at("2026-03-06", "14:30")."""
    naive = datetime.datetime.fromisoformat(f"{day}T{time}")
    return timezone.make_aware(naive)


@pytest.fixture
def types(db):
    """The activity types loaded by the data migration, by code."""
    return {t.code: t for t in ActivityType.objects.all()}


@pytest.fixture
def branch_a_members(court):
    """Branch A's six members: the secretary, member_a and four more in the first party group."""
    extra = [
        make_member(court.branch_a, group=court.group_a1, name=f"甲{i}", login=False)
        for i in range(4)
    ]
    return [court.secretary_a, court.member_a, *extra]


def record(
    court,
    types,
    *,
    code="study_day",
    organisation=None,
    start=None,
    by=None,
    attendance=None,
    **fields,
):
    """A held activity recorded through the service (everyone present unless `attendance` says)."""
    organisation = organisation or court.branch_a
    by = by or court.secretary_a.user
    fields.setdefault("topic", "学习党的二十届三中全会精神")
    return services.activity_record(
        by=by,
        organisation=organisation,
        activity_type=types[code],
        start=start or at("2026-03-06"),
        attendance=attendance,
        **fields,
    )


@pytest.fixture
def recorded(court, types, branch_a_members):
    """Branch A's Friday study: secretary leads; member_a on leave; one absent; the rest present."""
    secretary, member_a, absent, *others = branch_a_members
    entries = [
        AttendanceEntry(secretary),
        AttendanceEntry(member_a, Attendance.Status.ON_LEAVE, "外出开庭"),
        AttendanceEntry(absent, Attendance.Status.ABSENT),
        *[AttendanceEntry(m) for m in others],
    ]
    return record(
        court,
        types,
        attendance=entries,
        lead=secretary,
        end=at("2026-03-06", "16:30"),
        location="第三会议室",
        content="集体学习",
        minutes="李书记领学，大家交流发言。",
        decisions="下周继续学习。",
    )


@pytest.fixture
def planned(court, types):
    return services.activity_plan(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["theme_party_day"],
        topic="三月主题党日",
        start=at("2026-03-13", "09:00"),
    )


# --- files -----------------------------------------------------------------------------------
def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def photo():
    return SimpleUploadedFile("合影.png", png_bytes(), content_type="image/png")


@pytest.fixture
def pdf():
    return SimpleUploadedFile(
        "学习材料.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n",
        content_type="application/pdf",
    )
