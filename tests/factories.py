"""Test data builders. Organisations and members go through the services, as in production."""

import datetime
import itertools
import struct
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches import services
from branches.models import Member, Organisation, Post, User

_numbers = itertools.count(20001)
PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    employee_number = factory.Sequence(lambda n: f"u{n:05d}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


def make_organisation(
    parent=None, kind=Organisation.Kind.BRANCH, name="支部", **fields
) -> Organisation:
    return services.organisation_create(parent=parent, kind=kind, name=name, **fields)


def make_member(
    branch, *, group=None, name=None, login=True, since=datetime.date(2020, 1, 1), **fields
) -> Member:
    number = fields.pop("employee_number", None) or f"{next(_numbers)}"
    fields.setdefault("phone", f"138{int(number):08d}"[-11:])
    member = services.member_create(
        branch=branch,
        group=group,
        since=since,
        create_login=login,
        name=name or f"党员{number}",
        employee_number=number,
        **fields,
    )
    if login:
        member.user.set_password(PASSWORD)
        member.user.save(update_fields=["password"])
    return member


def give_post(
    member, organisation, kind=Post.Kind.SECRETARY, start=datetime.date(2024, 1, 1)
) -> Post:
    return services.post_assign(organisation=organisation, member=member, kind=kind, start=start)


# --- times ---------------------------------------------------------------------------------
def at(day: str, time: str = "14:30") -> datetime.datetime:
    """An aware datetime in the portal's time zone: at("2026-03-06", "14:30")."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


# --- activities ----------------------------------------------------------------------------
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
    """A held activity recorded through the service, as the secretary of branch A by default.

    Everyone is present unless `attendance` says otherwise; with `activity`, that planned
    activity is recorded.
    """
    from activities.services import activity_record

    by = by or court.secretary_a.user
    if activity is not None:
        if start is not None:
            fields["start"] = start
        return activity_record(by=by, activity=activity, attendance=attendance, **fields)
    fields.setdefault("topic", "学习党的二十届三中全会精神")
    return activity_record(
        by=by,
        organisation=organisation or court.branch_a,
        activity_type=types[code],
        start=start or at("2026-03-06"),
        attendance=attendance,
        **fields,
    )


def make_study_series(branch, *, leads=(), **fields):
    """理论日 of `branch`: every Friday 14:30–16:30, with `leads` in that order."""
    from activities import rota
    from activities.models import ActivitySeries, ActivityType

    fields = {
        "name": "理论日",
        "activity_type": fields.pop("activity_type", None)
        or ActivityType.objects.get(code="study_day"),
        "weekday": ActivitySeries.Weekday.FRIDAY,
        "start_time": datetime.time(14, 30),
        "end_time": datetime.time(16, 30),
        **fields,
    }
    series = rota.series_create(branch=branch, **fields)
    if leads:
        rota.rota_leads_set(series=series, members=list(leads))
    return series


# --- files ---------------------------------------------------------------------------------
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


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf_file(name="学习体会.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
