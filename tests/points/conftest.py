"""Fixtures for the points tests: a frozen clock, a private MEDIA_ROOT, the rules, builders, files."""

import datetime
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from activities import services as activity_services
from activities.models import ActivityType, Attendance
from activities.services import AttendanceEntry
from points import services
from points.models import PointEntry, PointRule, PointsSettings, PointSummary
from tests.factories import make_member

# Friday 13 March 2026, 18:00 in Shanghai.
NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
BASE = Decimal("70")


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture(autouse=True)
def english():
    """Service messages are matched in English (pages are checked by what they contain, not wording)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def at(day: str, time: str = "14:30") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def types(db):
    return {t.code: t for t in ActivityType.objects.all()}


@pytest.fixture
def rules(db):
    """The default rules loaded by the data migration, by code."""
    return {r.code: r for r in PointRule.objects.all()}


@pytest.fixture
def branch_a_members(court):
    """Branch A: the secretary, member_a and four more members in the first party group."""
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
    activity=None,
    **fields,
):
    """Record a held activity through the activities service (as the secretary of branch A)."""
    by = by or court.secretary_a.user
    if activity is not None:
        if start is not None:
            fields["start"] = start
        return activity_services.activity_record(
            by=by, activity=activity, attendance=attendance, **fields
        )
    fields.setdefault("topic", "学习党的二十届三中全会精神")
    return activity_services.activity_record(
        by=by,
        organisation=organisation or court.branch_a,
        activity_type=types[code],
        start=start or at("2026-03-06"),
        attendance=attendance,
        **fields,
    )


def present(*members):
    return [AttendanceEntry(m) for m in members]


def absent(member):
    return AttendanceEntry(member, Attendance.Status.ABSENT)


def on_leave(member, reason="外出开庭"):
    return AttendanceEntry(member, Attendance.Status.ON_LEAVE, reason)


def points_of(member, year=2026) -> Decimal:
    """The member's total from the summary (what pages show)."""
    summary = PointSummary.objects.filter(member=member, year=year).first()
    return summary.total if summary else PointsSettings.load().base_score


def ledger_of(member, year=2026) -> Decimal:
    """The member's points from the ledger itself."""
    return sum((e.points for e in PointEntry.objects.filter(member=member, year=year)), Decimal(0))


def live(member, **filters) -> list[tuple[str, Decimal]]:
    """(rule code, points) of the member's live entries, sorted."""
    rows = PointEntry.objects.live().filter(member=member, **filters).select_related("rule")
    return sorted((e.rule.code, e.points) for e in rows)


def claim(
    member, rule, *, evidence=None, date=None, description="在《人民法院报》发表学习体会文章一篇"
):
    return services.claim_submit(
        member=member,
        rule=rule,
        date=date or datetime.date(2026, 3, 10),
        description=description,
        evidence=evidence if evidence is not None else pdf_file(),
        by=member.user,
    )


# --- files -----------------------------------------------------------------------------------
def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf_file(name="学习体会.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def pdf():
    return pdf_file()


@pytest.fixture
def photo():
    return SimpleUploadedFile("获奖证书.png", png_bytes(), content_type="image/png")
