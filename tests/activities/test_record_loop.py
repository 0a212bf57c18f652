"""Issue 14, build 1: nothing typed twice in the record form.

Choosing a series fills type, times, room and the rota's lead; a planned session of that
date is recorded instead of a second one; a second record of the same session asks first,
names the record already there, and pays no points twice.
"""

import datetime
import json

import pytest
from django.urls import reverse

from activities import rota
from activities.models import Activity, ActivitySeries
from activities.services import activity_withdraw
from branches.models import ActivityRoom
from points.models import PointEntry
from tests.activities.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(as_persona):
    return as_persona("secretary_a")


@pytest.fixture
def room(court):
    return ActivityRoom.objects.create(organisation=court.branch_a, name="党员活动室")


@pytest.fixture
def series(court, types, room, branch_a_members, time_machine):
    """理论日 of branch A, Fridays 14:30–16:30 in the branch's room, planned from 2 March."""
    time_machine.move_to(at("2026-03-02", "08:00"), tick=False)
    made = rota.series_create(
        branch=court.branch_a,
        name="理论日",
        activity_type=types["study_day"],
        weekday=ActivitySeries.Weekday.FRIDAY,
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 30),
        room=room,
    )
    rota.rota_plan(series=made, start=datetime.date(2026, 3, 2), weeks=4, by=None)
    time_machine.move_to(at("2026-03-13", "18:00"), tick=False)
    return made


def new_url(court, **query):
    query = {"organisation": court.branch_a.pk, **query}
    return reverse("activities:new") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def record_data(series, members, **overrides):
    data = {
        "activity_type": series.activity_type_id,
        "series": series.pk,
        "topic": "学习习近平法治思想",
        "date": "2026-03-13",
        "start_time": "14:30",
        "end_time": "16:30",
        "action": "record",
    }
    for member in members:
        data[f"attendance-{member.pk}"] = "present"
        data[f"reason-{member.pk}"] = ""
    data.update(overrides)
    return data


def test_choosing_a_series_fills_type_time_room_and_the_rotas_lead(secretary, series, room):
    planned = series.activities.get(start__date=datetime.date(2026, 3, 13))
    url = reverse("activities:series_prefill", args=[series.pk])

    filled = json.loads(secretary.get(url + "?date=2026-03-13").content)
    assert filled["activity_type"] == series.activity_type_id
    assert (filled["start_time"], filled["end_time"]) == ("14:30", "16:30")
    assert filled["room"] == room.pk
    assert filled["lead"] == planned.lead_id is not None
    assert filled["planned_url"] == reverse("activities:edit", args=[planned.pk])

    # a Friday with nothing planned: the lead after the last session's lead
    last = series.activities.order_by("-start").first()
    later = json.loads(secretary.get(url + "?date=2026-04-03").content)
    assert later["planned_url"] == ""
    assert later["lead"] and later["lead"] != last.lead_id


def test_a_member_cannot_read_the_prefill(as_persona, series):
    member = as_persona("member_a")
    url = reverse("activities:series_prefill", args=[series.pk])
    assert member.get(url + "?date=2026-03-13").status_code == 403


def test_the_new_form_for_a_planned_day_opens_the_planned_session(secretary, court, series):
    planned = series.activities.get(start__date=datetime.date(2026, 3, 13))
    response = secretary.get(new_url(court, series=series.pk, date="2026-03-13"))
    assert response.status_code == 302
    assert response.url == reverse("activities:edit", args=[planned.pk])
    page = secretary.get(response.url).content.decode()
    assert 'value="14:30"' in page and 'value="16:30"' in page
    assert f'<option value="{series.room_id}" selected>' in page


def test_the_new_form_with_a_series_and_an_unplanned_day_is_prefilled(secretary, court, series):
    response = secretary.get(new_url(court, series=series.pk, date="2026-04-03"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start_time"] == "14:30"
    assert form.initial["room"] == series.room
    assert form.initial["activity_type"] == series.activity_type


def test_a_new_record_on_a_planned_day_records_the_planned_session(
    secretary, court, series, branch_a_members
):
    before = Activity.objects.count()
    planned = series.activities.get(start__date=datetime.date(2026, 3, 13))
    response = secretary.post(new_url(court), record_data(series, branch_a_members))
    assert response.status_code == 302
    assert Activity.objects.count() == before
    planned.refresh_from_db()
    assert planned.state == Activity.State.HELD
    assert response.url == planned.get_absolute_url()


def test_a_second_record_of_the_same_day_asks_first_and_pays_no_points_twice(
    secretary, court, series, branch_a_members
):
    secretary.post(new_url(court), record_data(series, branch_a_members))
    first = series.activities.get(start__date=datetime.date(2026, 3, 13))
    paid = PointEntry.objects.filter(member=court.member_a, rule__code="attend_study_day")
    assert paid.count() == 1
    count = Activity.objects.count()

    again = record_data(series, branch_a_members, topic="再学一遍")
    response = secretary.post(new_url(court), again)
    assert response.status_code == 200
    page = response.content.decode()
    assert "学习习近平法治思想" in page  # the record already there is named
    assert first.get_absolute_url() in page
    assert Activity.objects.count() == count

    # the same type without the series is the same session too
    without_series = {**again, "series": ""}
    assert secretary.post(new_url(court), without_series).status_code == 200
    assert Activity.objects.count() == count

    response = secretary.post(new_url(court), {**again, "confirm_duplicate": first.pk})
    assert response.status_code == 302
    assert Activity.objects.count() == count + 1
    assert paid.count() == 1
    second = Activity.objects.get(topic="再学一遍")

    # withdrawing the first record pays the member through the second one
    activity_withdraw(activity=first, reason="重复录入", by=None)
    live = PointEntry.objects.live().filter(member=court.member_a, rule__code="attend_study_day")
    assert list(live.values_list("activity_id", flat=True)) == [second.pk]


def test_another_day_is_not_a_duplicate(secretary, court, series, branch_a_members):
    secretary.post(new_url(court), record_data(series, branch_a_members))
    data = {**record_data(series, branch_a_members, date="2026-03-12"), "series": ""}
    assert secretary.post(new_url(court), data).status_code == 302
