"""Issue 14, build 9: a member's reason for leave ("病假") is read only by that member, the
branch leaders and the committee; other members see that they were on leave, not why."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Attendance
from activities.services import AttendanceEntry
from tests.activities.conftest import record
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def sick_leave(court, types):
    colleague = make_member(court.branch_a, name="同支部党员")
    activity = record(
        court,
        types,
        attendance=[
            AttendanceEntry(court.secretary_a),
            AttendanceEntry(court.member_a, Attendance.Status.ON_LEAVE, "病假"),
            AttendanceEntry(colleague),
        ],
    )
    return activity, colleague


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["member_a", "secretary_a", "committee", "admin"])
def test_the_member_and_the_leaders_read_the_reason(as_persona, sick_leave, persona):
    activity, _colleague = sick_leave
    client = as_persona(persona)
    for name in ("activities:detail", "activities:print"):
        assert "病假" in page_of(client, reverse(name, args=[activity.pk])), (persona, name)


def test_another_member_sees_the_leave_but_not_the_reason(sick_leave, court):
    activity, colleague = sick_leave
    client = Client()
    client.force_login(colleague.user)
    for name in ("activities:detail", "activities:print"):
        page = page_of(client, reverse(name, args=[activity.pk]))
        assert court.member_a.name in page
        assert "病假" not in page

    export = client.get(reverse("activities:export"))
    sheet = load_workbook(BytesIO(export.content)).active
    text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert court.member_a.name in text
    assert "病假" not in text


def test_the_leaders_export_keeps_the_reason(as_persona, sick_leave):
    client = as_persona("secretary_a")
    export = client.get(reverse("activities:export"))
    sheet = load_workbook(BytesIO(export.content)).active
    text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert "病假" in text
