"""The holiday calendar: official years from chinesecalendar, estimated years after it,
manual corrections kept, and working days counted with adjusted working weekends."""

import datetime

import chinese_calendar
import pytest
from django.core.management import call_command

from notices.calendar import (
    days_off_between,
    estimate_holidays,
    holidays_for_year,
    is_working_day,
    next_working_day,
    official_holidays,
    working_days_before,
)
from notices.models import AdjustedWorkingDay, Holiday

pytestmark = pytest.mark.django_db

d = datetime.date


def by_key(year):
    return {h.key: h for h in holidays_for_year(year)}


def test_2026_spring_festival_is_official_from_february_15():
    spring = by_key(2026)["spring_festival"]

    assert spring.name == "春节"
    assert spring.source == Holiday.Source.OFFICIAL
    assert (spring.first_day, spring.last_day) == (d(2026, 2, 15), d(2026, 2, 23))
    assert [a.date for a in spring.adjusted_working_days.all()] == [d(2026, 2, 14), d(2026, 2, 28)]


def test_2026_holidays_are_the_seven_official_breaks_in_order():
    names = [(h.name, h.first_day) for h in holidays_for_year(2026)]

    assert names == [
        ("元旦", d(2026, 1, 1)),
        ("春节", d(2026, 2, 15)),
        ("清明节", d(2026, 4, 4)),
        ("劳动节", d(2026, 5, 1)),
        ("端午节", d(2026, 6, 19)),
        ("中秋节", d(2026, 9, 25)),
        ("国庆节", d(2026, 10, 1)),
    ]


def test_2026_working_days_follow_the_official_arrangement():
    assert is_working_day(d(2026, 2, 14))  # Saturday, adjusted working day
    assert not is_working_day(d(2026, 2, 20))  # Friday inside the Spring Festival
    assert not is_working_day(d(2026, 10, 2))  # Friday, National Day
    assert is_working_day(d(2026, 9, 20))  # Sunday, worked for National Day
    assert not is_working_day(d(2026, 3, 7))  # an ordinary Saturday
    assert is_working_day(d(2026, 3, 9))  # an ordinary Monday


def test_second_working_day_before_the_2026_spring_festival_is_february_13():
    # Saturday 02-14 is worked, so it is the first working day before the break.
    assert working_days_before(d(2026, 2, 15), 1) == d(2026, 2, 14)
    assert working_days_before(d(2026, 2, 15), 2) == d(2026, 2, 13)


def test_next_working_day_and_days_off_between_skip_the_break():
    assert next_working_day(d(2026, 2, 13)) == d(2026, 2, 14)
    assert next_working_day(d(2026, 2, 15)) == d(2026, 2, 24)
    assert days_off_between(d(2026, 2, 13), d(2026, 2, 24)) == [
        d(2026, 2, 15) + datetime.timedelta(days=i) for i in range(9)
    ]
    assert days_off_between(d(2026, 2, 24), d(2026, 2, 13)) == []


def test_2027_spring_festival_is_estimated_around_the_lunar_new_year():
    holidays = by_key(2027)
    spring = holidays["spring_festival"]

    assert spring.source == Holiday.Source.ESTIMATED
    assert not spring.is_confirmed
    assert spring.first_day <= d(2027, 2, 6) <= spring.last_day
    assert spring.first_day == d(2027, 2, 5)  # lunar New Year's Eve
    assert not spring.adjusted_working_days.exists()
    assert {h.source for h in holidays.values()} == {Holiday.Source.ESTIMATED}
    assert not is_working_day(d(2027, 2, 8))  # Monday inside the break
    assert working_days_before(spring.first_day, 2) == d(2027, 2, 3)


def test_estimated_national_day_absorbs_a_nearby_mid_autumn():
    holidays = {h.key: h for h in estimate_holidays(2028)}  # Mid-Autumn is 2028-10-03

    assert "mid_autumn" not in holidays
    national = holidays["national_day"]
    assert national.name == "国庆节、中秋节"
    assert (national.first_day, national.last_day) == (d(2028, 10, 1), d(2028, 10, 8))


@pytest.mark.parametrize("year", range(2020, 2027))
def test_estimate_rules_reproduce_the_official_single_festival_breaks(year):
    """The estimate is checked against the years the State Council has published."""
    keys = ["new_years_day", "qingming", "dragon_boat", "mid_autumn", "national_day"]
    official = {s.key: (s.name, s.first_day, s.last_day) for s in official_holidays(year)}
    estimated = {s.key: (s.name, s.first_day, s.last_day) for s in estimate_holidays(year)}

    assert {k: estimated.get(k) for k in keys} == {k: official.get(k) for k in keys}


def test_official_mid_autumn_inside_national_day_is_one_break():
    holidays = by_key(2023)

    assert "mid_autumn" not in holidays
    national = holidays["national_day"]
    assert national.name == "国庆节、中秋节"
    assert (national.first_day, national.last_day) == (d(2023, 9, 29), d(2023, 10, 6))


def test_a_new_year_break_starting_in_december_counts_in_december():
    new_year = by_key(2019)["new_years_day"]

    assert (new_year.first_day, new_year.last_day) == (d(2018, 12, 30), d(2019, 1, 1))
    assert [a.date for a in new_year.adjusted_working_days.all()] == [d(2018, 12, 29)]
    assert not is_working_day(d(2018, 12, 31))  # Monday off
    assert is_working_day(d(2018, 12, 29))  # Saturday worked


def test_manual_correction_is_respected_and_survives_load_holidays():
    assert not is_working_day(d(2027, 2, 12))  # estimated: inside the break
    spring = by_key(2027)["spring_festival"]

    # What an admin does once the State Council publishes the year.
    spring.source = Holiday.Source.MANUAL
    spring.first_day, spring.last_day = d(2027, 2, 4), d(2027, 2, 11)
    spring.note = "国务院办公厅通知"
    spring.save()
    AdjustedWorkingDay.objects.create(holiday=spring, date=d(2027, 2, 20))

    def answers():
        return [is_working_day(day) for day in (d(2027, 2, 4), d(2027, 2, 12), d(2027, 2, 20))]

    assert answers() == [False, True, True]

    call_command("load_holidays", "--year", "2027", stdout=(out := _Output()))

    spring.refresh_from_db()
    assert spring.source == Holiday.Source.MANUAL
    assert (spring.first_day, spring.last_day) == (d(2027, 2, 4), d(2027, 2, 11))
    assert [a.date for a in spring.adjusted_working_days.all()] == [d(2027, 2, 20)]
    assert answers() == [False, True, True]
    assert "kept manual: 春节" in out.text


def test_manual_correction_of_an_official_year_survives_load_holidays():
    labour = by_key(2026)["labour_day"]
    labour.source = Holiday.Source.MANUAL
    labour.last_day = d(2026, 5, 6)
    labour.save()
    labour.adjusted_working_days.all().delete()

    call_command("load_holidays", "--year", "2026", stdout=_Output())

    labour.refresh_from_db()
    assert labour.last_day == d(2026, 5, 6)
    assert not labour.adjusted_working_days.exists()
    assert not is_working_day(d(2026, 5, 6))
    assert not is_working_day(d(2026, 5, 9))  # no longer an adjusted working day


def test_load_holidays_restores_official_rows_and_keeps_one_row_per_holiday():
    holidays_for_year(2026)
    Holiday.objects.filter(year=2026, key="spring_festival").update(last_day=d(2026, 2, 28))

    call_command("load_holidays", "--year", "2026", "--year", "2027", stdout=_Output())
    call_command("load_holidays", "--year", "2026", stdout=_Output())

    spring = by_key(2026)["spring_festival"]
    assert spring.last_day == d(2026, 2, 23)
    assert [a.date for a in spring.adjusted_working_days.all()] == [d(2026, 2, 14), d(2026, 2, 28)]
    assert Holiday.objects.filter(year=2026).count() == 7
    assert Holiday.objects.filter(year=2027).count() == 7


def test_an_estimated_year_becomes_official_once_the_package_covers_it():
    """Simulates a year estimated before chinesecalendar was upgraded with its data."""
    holidays_for_year(2026)
    Holiday.objects.filter(year=2026).update(source=Holiday.Source.ESTIMATED)
    AdjustedWorkingDay.objects.filter(holiday__year=2026).delete()

    assert is_working_day(d(2026, 2, 14))
    assert {h.source for h in holidays_for_year(2026)} == {Holiday.Source.OFFICIAL}


def test_is_working_day_over_a_whole_year_needs_at_most_three_queries(
    django_assert_max_num_queries,
):
    holidays_for_year(2026)
    holidays_for_year(2027)

    with django_assert_max_num_queries(3):
        working = [is_working_day(d(2026, 1, 1) + datetime.timedelta(days=i)) for i in range(365)]

    # 365 days − 104 weekend days − 19 weekdays off + 6 adjusted working weekend days
    assert sum(working) == 248
    assert sum(working) == len(chinese_calendar.get_workdays(d(2026, 1, 1), d(2026, 12, 31)))


def test_a_year_never_asked_for_is_created_with_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(20):
        for i in range(365):
            is_working_day(d(2027, 1, 1) + datetime.timedelta(days=i))

    assert Holiday.objects.filter(year__in=[2027, 2028]).count() == 13


def test_years_outside_the_lunar_tables_are_refused():
    with pytest.raises(ValueError, match="1900–2099"):
        holidays_for_year(2100)
    with pytest.raises(ValueError, match="1900–2099"):
        is_working_day(d(2100, 3, 1))


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_is_working_day_agrees_with_chinesecalendar_on_every_day_it_covers():
    day, last = d(2004, 1, 1), d(2026, 12, 31)
    disagreements = []
    while day <= last:
        if is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += datetime.timedelta(days=1)

    assert disagreements == []
