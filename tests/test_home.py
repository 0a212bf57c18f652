import datetime

import pytest
import time_machine
from django.urls import reverse

from activities.models import ActivitySeries, ActivityType
from activities.rota import rota_leads_set, rota_plan

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0), tick=False)
def test_member_home_shows_branch_points_attendance_and_next_study_duty(as_persona, court):
    series = ActivitySeries.objects.create(
        branch=court.branch_a,
        name="理论日",
        activity_type=ActivityType.objects.get(code="study_day"),
        weekday=4,
        start_time=datetime.time(14, 30),
        end_time=datetime.time(16, 30),
    )
    rota_leads_set(series=series, members=[court.member_a, court.secretary_a])
    rota_plan(series=series, start=datetime.date(2026, 3, 9), weeks=2, by=court.secretary_a.user)
    page = as_persona("member_a").get(reverse("home")).content.decode()
    assert "民一庭党支部" in page
    assert "李书记" in page  # the secretary
    assert "2026-03-13" in page and "理论日" in page  # "you lead 理论日 on 2026-03-13"
    assert 'id="home-points">70' in page


@time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0), tick=False)
def test_secretary_home_shows_claims_waiting_and_the_quarters_gaps(as_persona, court):
    page = as_persona("secretary_a").get(reverse("home")).content.decode()
    assert 'id="home-gaps"' in page
    assert "支部委员会会议" in page
    assert reverse("activities:new") + f"?organisation={court.branch_a.pk}" in page


def test_home_runs_a_fixed_number_of_queries(as_persona, court, django_assert_max_num_queries):
    client = as_persona("secretary_a")
    with django_assert_max_num_queries(30):
        assert client.get(reverse("home")).status_code == 200
