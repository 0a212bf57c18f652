"""Fixtures for the activities tests: a frozen clock, builders and files (shared ones: tests/factories.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities import services
from activities.models import Attendance
from activities.services import AttendanceEntry
from tests.factories import at, pdf_file, png_bytes, record

# Friday 13 March 2026, 18:00 in Shanghai: the afternoon study is over.
NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


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
@pytest.fixture
def photo():
    return SimpleUploadedFile("合影.png", png_bytes(), content_type="image/png")


@pytest.fixture
def pdf():
    return pdf_file("学习材料.pdf")


@pytest.fixture
def jobs_run_here(django_capture_on_commit_callbacks):
    """`with jobs_run_here(): client.post(confirm)`: the queued import job runs when the block ends."""
    from tests.import_jobs import jobs_run_here as run_here

    return lambda: run_here(django_capture_on_commit_callbacks)
