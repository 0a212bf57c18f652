"""Issue 14, build 3: the weekly study day in compliance ("every working Friday").

A branch with a weekly series of the study day type must hold one session in every week
whose Friday is a working day; compliance shows held vs required per month and quarter,
in the branch's report and the committee's table.
"""

import datetime

import pytest
from django.urls import reverse

from activities import rota
from activities.compliance import compliance_for, working_weekdays
from activities.models import Activity, ActivitySeries
from notices.calendar import is_working_day
from tests.activities.conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date
UNTIL = D(2026, 4, 1)  # Q1 over, April in progress


@pytest.fixture
def series(court, types):
    return rota.series_create(
        branch=court.branch_a,
        name="理论日",
        activity_type=types["study_day"],
        weekday=ActivitySeries.Weekday.FRIDAY,
        start_time=datetime.time(14, 30),
    )


def held(court, types, *days):
    Activity.objects.bulk_create(
        Activity(
            organisation=court.branch_a,
            activity_type=types["study_day"],
            topic=f"理论学习 {day}",
            start=at(day),
            state=Activity.State.HELD,
        )
        for day in days
    )


def test_the_study_day_type_has_a_weekly_cadence(types):
    assert (types["study_day"].cadence_count, types["study_day"].cadence_period) == (1, "week")


def test_a_month_requires_one_session_per_working_friday(court, types, series):
    held(court, types, "2026-03-06", "2026-03-13", "2026-03-20")  # not 27 March
    [result] = compliance_for([court.branch_a], year=2026, period_kind="month", until=UNTIL)
    rule = result.by_code["study_day"]
    assert rule.weekday == ActivitySeries.Weekday.FRIDAY
    assert str(rule.cadence_label) == "每个工作日的星期五"
    months = {p.label: p for p in rule.periods}
    assert (months["2026-03"].required, months["2026-03"].held) == (4, 3)
    assert months["2026-03"].gap == 1
    # National Day: Friday 2 October is a day off, so October requires its other Fridays
    assert not is_working_day(D(2026, 10, 2))
    assert months["2026-10"].required == 4 == working_weekdays(2026, 10, 4)
    assert months["2026-04"].is_in_progress and months["2026-04"].gap == 0


def test_by_quarter_the_fridays_add_up_month_by_month(court, types, series):
    held(court, types, "2026-03-06", "2026-03-13", "2026-03-20", "2026-03-27", "2026-03-26")
    [result] = compliance_for([court.branch_a], year=2026, period_kind="quarter", until=UNTIL)
    q1 = result.by_code["study_day"].periods[0]
    fridays = sum(working_weekdays(2026, month, 4) for month in (1, 2, 3))
    assert q1.required == fridays
    assert q1.held == 5
    # an extra session in March does not make up for January and February
    assert q1.gap == fridays - 4


def test_a_branch_without_a_weekly_study_series_has_no_study_day_rule(court, types):
    [result] = compliance_for([court.branch_b], year=2026, until=UNTIL)
    assert "study_day" not in result.by_code


def test_the_branch_and_committee_pages_show_the_study_day(
    as_persona, court, types, series, time_machine
):
    time_machine.move_to(at("2026-04-01", "09:00"), tick=False)
    held(court, types, "2026-03-06", "2026-03-13")
    secretary = as_persona("secretary_a")
    page = secretary.get(
        reverse("activities:compliance_branch", args=[court.branch_a.pk]) + "?year=2026"
    ).content.decode()
    row = page[page.index('data-rule="study_day"') :]
    row = row[: row.index("</tr>")]
    assert "理论学习日" in row and "每个工作日的星期五" in row
    assert "2/4" in row  # March: held 2 of 4
    assert "缺 2 次" in row  # March is over: two Fridays missed

    committee = as_persona("committee")
    table = committee.get(reverse("activities:compliance") + "?year=2026").content.decode()
    assert "理论学习日" in table
    cell = table[table.index(f'data-branch="{court.branch_a.pk}"') :]
    cell = cell[cell.index('data-rule="study_day"') :]
    fridays = sum(working_weekdays(2026, month, 4) for month in (1, 2, 3, 4))
    assert f"2/{fridays}" in cell[: cell.index("</td>")]


def test_the_default_types_include_the_seminar(types):
    assert types["seminar"].name == "集中研讨"
    assert types["seminar"].category == "study"
