"""Fixtures for the points tests: a frozen clock, English messages, the rules, builders, files."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from activities.models import Attendance
from activities.services import AttendanceEntry
from points import services
from points.models import PointEntry, PointRule, PointsSettings, PointSummary
from tests.factories import (  # noqa: F401 (used by the tests)
    PDF_BYTES,
    at,
    pdf_file,
    png_bytes,
    record,
)

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


@pytest.fixture
def rules(db):
    """The default rules loaded by the data migration, by code."""
    return {r.code: r for r in PointRule.objects.all()}


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


def entries_total_of(member, year=2026) -> Decimal:
    """The member's points from the point entries themselves."""
    return sum((e.points for e in PointEntry.objects.filter(member=member, year=year)), Decimal(0))


def live(member, **filters) -> list[tuple[str, Decimal]]:
    """(rule code, points) of the member's live entries, sorted."""
    rows = PointEntry.objects.live().filter(member=member, **filters).select_related("rule")
    return sorted((e.rule.code, e.points) for e in rows)


def manual_bonus(court, rules, **fields):
    """The admin's manual bonus for member_a on 2026-03-01 (the rule's points by default)."""
    return services.points_award(
        member=court.member_a,
        rule=rules["manual_bonus"],
        date=datetime.date(2026, 3, 1),
        by=court.admin,
        **fields,
    )


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
@pytest.fixture
def pdf():
    return pdf_file()


@pytest.fixture
def photo():
    return SimpleUploadedFile("获奖证书.png", png_bytes(), content_type="image/png")
