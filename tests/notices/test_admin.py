"""The admin's holiday pages: review by year and source, confirm estimates, correct days."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices.calendar import holidays_for_year, is_working_day
from notices.models import Holiday

pytestmark = pytest.mark.django_db

d = datetime.date
CHANGELIST = reverse("admin:notices_holiday_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def spring_festival(year):
    return next(h for h in holidays_for_year(year) if h.key == "spring_festival")


def change_form_data(holiday, adjusted_days=(), **changes):
    data = {
        "name": holiday.name,
        "key": holiday.key,
        "year": holiday.year,
        "first_day": holiday.first_day.isoformat(),
        "last_day": holiday.last_day.isoformat(),
        "source": holiday.source,
        "note": holiday.note,
        "adjusted_working_days-TOTAL_FORMS": len(adjusted_days),
        "adjusted_working_days-INITIAL_FORMS": 0,
        "adjusted_working_days-MIN_NUM_FORMS": 0,
        "adjusted_working_days-MAX_NUM_FORMS": 1000,
    }
    for i, day in enumerate(adjusted_days):
        data[f"adjusted_working_days-{i}-date"] = day.isoformat()
        data[f"adjusted_working_days-{i}-holiday"] = holiday.pk
    data.update(changes)
    return data


def test_list_shows_holidays_with_their_adjusted_days_and_filters(admin_client):
    holidays_for_year(2026)
    holidays_for_year(2027)

    page = admin_client.get(CHANGELIST, {"year": 2026}).content.decode()

    assert "春节" in page
    assert "2026-02-14, 2026-02-28" in page
    estimated = admin_client.get(CHANGELIST, {"source": "estimated"}).context["cl"].result_count
    assert estimated == Holiday.objects.filter(year=2027).count() == 7


def test_list_costs_the_same_queries_for_one_year_and_for_five(admin_client):
    holidays_for_year(2026)
    with CaptureQueriesContext(connection) as one_year:
        assert admin_client.get(CHANGELIST).status_code == 200

    for year in (2022, 2023, 2024, 2025):
        holidays_for_year(year)
    with CaptureQueriesContext(connection) as five_years:
        assert admin_client.get(CHANGELIST).status_code == 200

    assert len(five_years) == len(one_year)


def test_confirming_marks_only_estimated_holidays_manual(admin_client):
    holidays_for_year(2026)
    holidays_for_year(2027)

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "mark_confirmed",
            "_selected_action": list(Holiday.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert response.status_code == 200
    assert set(Holiday.objects.filter(year=2027).values_list("source", flat=True)) == {"manual"}
    assert set(Holiday.objects.filter(year=2026).values_list("source", flat=True)) == {"official"}
    assert "7" in str(next(iter(response.context["messages"])))


def test_correcting_the_days_makes_the_row_manual_and_changes_working_days(admin_client):
    spring = spring_festival(2027)
    assert not is_working_day(d(2027, 2, 10))

    response = admin_client.post(
        reverse("admin:notices_holiday_change", args=[spring.pk]),
        change_form_data(
            spring,
            adjusted_days=[d(2027, 2, 20)],
            first_day="2027-02-04",
            last_day="2027-02-09",
        ),
    )

    assert response.status_code == 302
    spring.refresh_from_db()
    assert spring.source == Holiday.Source.MANUAL
    assert not is_working_day(d(2027, 2, 4))
    assert is_working_day(d(2027, 2, 10))
    assert is_working_day(d(2027, 2, 20))


def test_an_adjusted_working_day_must_be_a_weekend_day_outside_the_break(admin_client):
    spring = spring_festival(2026)
    url = reverse("admin:notices_holiday_change", args=[spring.pk])

    weekday = admin_client.post(url, change_form_data(spring, adjusted_days=[d(2026, 3, 4)]))
    inside = admin_client.post(url, change_form_data(spring, adjusted_days=[d(2026, 2, 21)]))

    for response in (weekday, inside):
        assert response.status_code == 200  # the form again, with the error on the date
        assert "date" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert is_working_day(d(2026, 3, 4)) and not is_working_day(d(2026, 2, 21))


def test_days_off_cannot_overlap_another_holiday(admin_client):
    spring = spring_festival(2026)

    response = admin_client.post(
        reverse("admin:notices_holiday_change", args=[spring.pk]),
        change_form_data(spring, last_day="2026-04-05"),
    )

    assert response.status_code == 200
    assert "清明节" in str(response.context["adminform"].form.non_field_errors())
    spring.refresh_from_db()
    assert spring.last_day == d(2026, 2, 23)


def test_change_and_add_pages_open(admin_client):
    spring = spring_festival(2026)

    change = admin_client.get(reverse("admin:notices_holiday_change", args=[spring.pk]))
    add = admin_client.get(reverse("admin:notices_holiday_add"))

    assert change.status_code == add.status_code == 200
    assert "2026-02-14" in change.content.decode()
