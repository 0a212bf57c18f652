"""Fixtures for the brands tests: a frozen clock, a private MEDIA_ROOT, builders and files."""

import datetime
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities import services as activity_services
from activities.models import ActivitySeries
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
def series(court, types):
    """理论学习日, a weekly series of branch A."""
    return ActivitySeries.objects.create(
        branch=court.branch_a, name="理论学习日", activity_type=types["study_day"], weekday=4
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


@pytest.fixture
def world(court, types, series):
    """Brands of A (draft, with a sub-brand on its series), B (applied) and the court
    (certified), an honour with a file, an open round, and a round in review where the
    secretaries of A, B and the office review each other's projects (K = 2)."""
    from types import SimpleNamespace

    from branches.models import Post
    from brands.models import CrossReview
    from tests.factories import give_post, make_member

    secretary_b = make_member(court.branch_b, name="刑书记")
    give_post(secretary_b, court.branch_b, Post.Kind.SECRETARY)
    secretary_office = make_member(court.office, name="办书记")
    give_post(secretary_office, court.office, Post.Kind.SECRETARY)
    brand_a = make_brand(court, series=series)
    brand_b = make_brand(
        court, organisation=court.branch_b, by=secretary_b.user, name="刑", stage="applied"
    )
    court_brand = make_brand(
        court, organisation=court.committee, by=court.staff.user, name="护航", stage="certified"
    )
    honour = services.honour_add(
        by=court.staff.user,
        title="市级五星党支部",
        level="city",
        issuing_body="市直机关工委",
        date=datetime.date(2026, 1, 10),
        brand=brand_a,
        file=pdf_file(),
    )
    open_one = open_round(court, title="2026年度第二批")
    in_review = open_round(court, reviewers_per_project=2)
    projects = {}
    for branch, user in [
        (court.branch_a, court.secretary_a.user),
        (court.branch_b, secretary_b.user),
        (court.office, secretary_office.user),
    ]:
        projects[branch.pk] = innovation.project_submit(
            by=user,
            innovation_round=in_review,
            branch=branch,
            title=f"{branch.name}项目",
            summary="简介",
            attachments=[pdf_file("方案.pdf")],
        )
    innovation.round_start_review(by=court.staff.user, innovation_round=in_review)
    project_a, project_b = projects[court.branch_a.pk], projects[court.branch_b.pk]
    return SimpleNamespace(
        brand_a=brand_a,
        brand_b=brand_b,
        court_brand=court_brand,
        honour=honour,
        open_round=open_one,
        round=in_review,
        project_a=project_a,
        project_b=project_b,
        review_mine=CrossReview.objects.get(project=project_b, reviewer=court.secretary_a.user),
        review_of_a=CrossReview.objects.filter(project=project_a).first(),
        secretary_b=secretary_b,
        series=series,
    )
