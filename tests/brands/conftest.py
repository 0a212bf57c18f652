"""Fixtures for the brands tests: a frozen clock, a private MEDIA_ROOT, builders and files."""

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities import services as activity_services
from activities.models import ActivitySeries, ActivityType
from activities.services import AttendanceEntry
from brands import innovation, services
from brands.models import Brand

# Friday 13 March 2026, 18:00 in Shanghai.
NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def at(day: str, time: str = "14:30") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


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


def logo_file(name="标识.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_file(name="证书.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def types(db):
    return {t.code: t for t in ActivityType.objects.all()}


@pytest.fixture
def series(court, types):
    """理论学习日, a weekly series of branch A."""
    return ActivitySeries.objects.create(
        branch=court.branch_a, name="理论学习日", activity_type=types["theory_study"], weekday=4
    )


def hold(court, types, series, day, *, present=(), **fields):
    fields.setdefault("topic", "学习习近平法治思想")
    return activity_services.activity_record(
        by=court.secretary_a.user,
        organisation=series.branch,
        activity_type=series.activity_type,
        series=series,
        start=at(day),
        attendance=[AttendanceEntry(m) for m in present],
        **fields,
    )


def make_brand(court, *, organisation=None, by=None, stage=None, series=None, **fields):
    """A complete brand (the five marks) of branch A, optionally moved to `stage`."""
    organisation = organisation or court.branch_a
    by = by or court.secretary_a.user
    fields.setdefault("name", "明理")
    fields.setdefault("core_idea", "以理服人，以法育人")
    fields.setdefault("carriers", "理论学习日\n青年说")
    fields.setdefault("impact", "服务群众千余人次")
    brand = services.brand_create(
        by=by,
        organisation=organisation,
        logo=logo_file(),
        sub_brands=[services.SubBrandData(name="明理讲堂", series=series)] if series else None,
        elements=[
            services.ElementData("goal", "建设学习型支部"),
            services.ElementData("direction", "政治引领"),
            services.ElementData("direction", "业务融合"),
        ],
        **fields,
    )
    staff = court.staff.user
    path = [
        Brand.Stage.APPLIED,
        Brand.Stage.CERTIFIED,
        Brand.Stage.CULTIVATING,
        Brand.Stage.PUBLICISED,
        Brand.Stage.SELECTED,
    ]
    if stage is None or stage == Brand.Stage.DRAFT:
        return brand
    for step in path:
        if step == Brand.Stage.APPLIED:
            services.brand_apply(by=by, brand=brand)
        elif step == Brand.Stage.CERTIFIED:
            services.brand_certify(
                by=staff,
                brand=brand,
                scores=dict.fromkeys(["名称", "标识", "内涵", "载体", "影响"], 90),
            )
        else:
            services.brand_advance(by=staff, brand=brand, stage=step)
        brand.refresh_from_db()
        if step == stage:
            break
    return brand


def open_round(court, **fields):
    fields.setdefault("year", 2026)
    fields.setdefault("title", "2026年度党建创新项目评选")
    fields.setdefault("submission_deadline", datetime.date(2026, 3, 20))
    fields.setdefault("review_deadline", datetime.date(2026, 3, 31))
    return innovation.round_open(by=court.staff.user, committee=court.committee, **fields)
