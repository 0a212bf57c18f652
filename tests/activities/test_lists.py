"""The activity list, the month calendar and "my attendance": contents, filters, query counts."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivitySeries, Attendance
from activities.services import AttendanceEntry, activity_withdraw
from tests.activities.conftest import at, record
from tests.factories import make_member
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def add_activities(court, types, members, first, n):
    """n held activities of branch A (with attendance), one every other day back from 2026-03-12."""
    for i in range(first, first + n):
        day = datetime.date(2026, 3, 12) - datetime.timedelta(days=2 * i)
        entries = [AttendanceEntry(m) for m in members[:-1]]
        entries.append(AttendanceEntry(members[-1], Attendance.Status.ON_LEAVE, "出差"))
        record(
            court,
            types,
            code="study_day" if i % 2 else "theme_party_day",
            topic=f"学习第{i}讲",
            start=at(day.isoformat(), "14:30"),
            attendance=entries,
        )


@pytest.mark.parametrize("persona", ["secretary_a", "member_a", "committee", "admin"])
@pytest.mark.parametrize(
    "url",
    [
        reverse("activities:list"),
        reverse("activities:list") + "?q=学习&period=2026-Q1&state=held&page=2",
        reverse("activities:calendar") + "?month=2026-02",
        reverse("activities:mine"),
    ],
)
def test_pages_cost_the_same_queries_at_5_and_40_activities(
    as_persona, court, types, branch_a_members, persona, url
):
    client = as_persona(persona)
    add_activities(court, types, branch_a_members, 0, 5)
    small = count_queries(client, url)
    add_activities(court, types, branch_a_members, 5, 35)
    assert Activity.objects.count() == 40
    large = count_queries(client, url)
    assert small == large


def test_list_shows_the_visible_activities_with_their_attendance_rate(
    as_persona, court, types, recorded
):
    record(
        court, types, organisation=court.branch_b, by=court.admin, topic="刑庭学习", attendance=[]
    )
    page = as_persona("secretary_a").get(reverse("activities:list")).content.decode()
    assert "学习党的二十届三中全会精神" in page
    assert "67%" in page
    assert "(4/6)" in page
    assert "刑庭学习" not in page
    assert "刑庭学习" in as_persona("member_b").get(reverse("activities:list")).content.decode()


def test_list_filters_and_search(as_persona, court, types, branch_a_members):
    series = ActivitySeries.objects.create(
        branch=court.branch_a, name="理论日", activity_type=types["study_day"]
    )
    record(court, types, topic="二月理论日", start=at("2026-02-06"), attendance=[], series=series)
    record(
        court,
        types,
        code="theme_party_day",
        topic="三月主题党日",
        start=at("2026-03-05"),
        attendance=[],
    )
    group = record(
        court,
        types,
        code="group_meeting",
        organisation=court.group_a1,
        topic="小组会",
        attendance=[],
    )
    withdrawn = record(court, types, topic="录错了", attendance=[])
    activity_withdraw(activity=withdrawn, reason="重复", by=court.secretary_a.user)
    client = as_persona("secretary_a")

    def topics(query):
        response = client.get(reverse("activities:list") + query)
        return {a.topic for a in response.context["page"].object_list}

    assert topics("") == {"二月理论日", "三月主题党日", "小组会", "录错了"}
    assert topics("?period=2026-02") == {"二月理论日"}
    assert topics("?period=2026-Q1") == {"二月理论日", "三月主题党日", "小组会", "录错了"}
    assert topics("?period=2025") == set()
    assert topics(f"?activity_type={types['theme_party_day'].pk}") == {"三月主题党日"}
    assert topics(f"?series={series.pk}") == {"二月理论日"}
    assert topics("?state=withdrawn") == {"录错了"}
    assert topics("?q=主题") == {"三月主题党日"}
    assert topics(f"?organisation={court.group_a1.pk}") == {"小组会"}
    assert group.organisation == court.group_a1

    response = client.get(reverse("activities:list") + "?period=March")
    assert "请填写月份（2026-03）、季度（2026-Q1）或年份（2026）" in response.content.decode()
    assert len(response.context["page"].object_list) == 4  # the bad filter is ignored


def test_list_is_paginated_by_20(as_persona, court, types, branch_a_members):
    add_activities(court, types, branch_a_members, 0, 25)
    client = as_persona("secretary_a")
    assert len(client.get(reverse("activities:list")).context["page"].object_list) == 20
    second = client.get(reverse("activities:list") + "?page=2")
    assert len(second.context["page"].object_list) == 5


def test_calendar_puts_each_activity_on_its_day(as_persona, court, types, recorded, planned):
    activity_withdraw(
        activity=record(court, types, topic="撤销的活动", start=at("2026-03-09"), attendance=[]),
        reason="重复",
        by=court.secretary_a.user,
    )
    response = as_persona("member_a").get(reverse("activities:calendar") + "?month=2026-03")
    assert response.status_code == 200
    days = {
        cell.day: [a.topic for a in cell.activities]
        for week in response.context["weeks"]
        for cell in week
    }
    assert days[datetime.date(2026, 3, 6)] == ["学习党的二十届三中全会精神"]
    assert days[datetime.date(2026, 3, 13)] == ["三月主题党日"]
    assert days[datetime.date(2026, 3, 9)] == []  # withdrawn activities are left out
    page = response.content.decode()
    assert "2026年3月" in page
    assert "?month=2026-04" in page and "?month=2026-02" in page


def test_calendar_defaults_to_this_month(as_persona, court, recorded):
    response = as_persona("secretary_a").get(reverse("activities:calendar"))
    assert response.context["month"] == datetime.date(2026, 3, 1)


def test_my_attendance_shows_my_leave_with_its_reason(as_persona, court, recorded, types):
    record(
        court,
        types,
        topic="主题党日",
        start=at("2026-03-10"),
        attendance=[AttendanceEntry(court.member_a)],
    )
    response = as_persona("member_a").get(reverse("activities:mine"))
    page = response.content.decode()
    assert "学习党的二十届三中全会精神" in page
    assert "请假" in page
    assert "外出开庭" in page
    assert response.context["summary"] == {
        "present": 1,
        "on_leave": 1,
        "absent": 0,
        "total": 2,
        "percent": 50,
    }


def test_my_attendance_leaves_out_withdrawn_activities_and_others_rows(as_persona, court, recorded):
    activity_withdraw(activity=recorded, reason="重复", by=court.secretary_a.user)
    response = as_persona("member_a").get(reverse("activities:mine"))
    assert "学习党的二十届三中全会精神" not in response.content.decode()
    other = make_member(court.branch_b, name="他人", login=True)
    assert other.attendances.count() == 0


def test_my_attendance_by_year(as_persona, court, recorded):
    client = as_persona("member_a")
    assert client.get(reverse("activities:mine") + "?year=2025").context["summary"]["total"] == 0
    assert client.get(reverse("activities:mine") + "?year=2026").context["summary"]["total"] == 1


def test_calendar_marks_public_holidays_and_adjusted_working_days(as_persona, court):
    from notices.calendar import is_working_day

    is_working_day(datetime.date(2026, 10, 1))  # the year's holidays are loaded
    page = as_persona("member_a").get(reverse("activities:calendar") + "?month=2026-10")
    text = page.content.decode()
    national_day = text[text.index('data-date="2026-10-01"') :]
    assert "国庆节" in national_day[: national_day.index("</td>")]
    adjusted = text[text.index('data-date="2026-10-10"') :]  # a Saturday worked after the break
    assert "调休上班" in adjusted[: adjusted.index("</td>")]
    ordinary = text[text.index('data-date="2026-10-13"') :]
    assert "国庆节" not in ordinary[: ordinary.index("</td>")]
