"""Fixtures of the ledgers tests: a frozen clock (Wednesday 2 December 2026, Q4), a private
MEDIA_ROOT, the activity types, and builders for lists and activities."""

import datetime

import pytest
from django.utils import timezone, translation

from activities import services as activity_services
from activities.models import ActivityType
from activities.services import AttendanceEntry
from ledgers import services
from ledgers.models import ResponsibilityList, Task

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def at(day: str, time: str = "14:30") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def types(db):
    return {t.code: t for t in ActivityType.objects.all()}


@pytest.fixture
def branch_list(court):
    """Branch A's published 2026 list with the standard targets (8+X)."""
    responsibility_list = services.list_create(year=2026, organisation=court.branch_a)
    return services.list_publish(responsibility_list=responsibility_list, by=None)


def committee_task(task_list: ResponsibilityList, title: str = "支部委员会每月1次") -> Task:
    return task_list.tasks.get(title=title)


def record(
    court, types, *, code="committee_meeting", organisation=None, start=None, members=None, **fields
):
    """A held activity recorded through the activities service by branch A's secretary."""
    members = members if members is not None else [court.secretary_a, court.member_a]
    fields.setdefault("topic", "研究部署支部工作")
    return activity_services.activity_record(
        by=court.secretary_a.user,
        organisation=organisation or court.branch_a,
        activity_type=types[code],
        start=start or at("2026-12-01"),
        attendance=[AttendanceEntry(m) for m in members],
        **fields,
    )
