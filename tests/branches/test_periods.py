"""The one period type: URL values, Chinese labels, containment, moving and splitting."""

import datetime

import pytest
from django.utils import translation

from branches.periods import Period, year_periods

D = datetime.date


@pytest.mark.parametrize(
    ("text", "value", "first", "after", "label"),
    [
        ("2026-03", "2026-03", D(2026, 3, 1), D(2026, 4, 1), "2026年3月"),
        ("2026-3", "2026-03", D(2026, 3, 1), D(2026, 4, 1), "2026年3月"),
        ("2026-q2", "2026-Q2", D(2026, 4, 1), D(2026, 7, 1), "2026年第二季度"),
        ("2026Q4", "2026-Q4", D(2026, 10, 1), D(2027, 1, 1), "2026年第四季度"),
        ("2026-H2", "2026-H2", D(2026, 7, 1), D(2027, 1, 1), "2026年下半年"),
        ("2026", "2026", D(2026, 1, 1), D(2027, 1, 1), "2026年"),
        ("2026-W05", "2026-W05", D(2026, 1, 26), D(2026, 2, 2), "2026年第5周"),
    ],
)
def test_parse_gives_the_url_value_dates_and_chinese_label(text, value, first, after, label):
    period = Period.parse(text)
    assert (period.value, period.first, period.after) == (value, first, after)
    with translation.override("zh-hans"):
        assert period.label == label
    assert Period.parse(period.value) == period


@pytest.mark.parametrize("text", ["", None, "2026-13", "2026-Q5", "2026-H3", "2026-W54", "abc"])
def test_parse_refuses_what_names_no_period(text):
    assert Period.parse(text) is None


def test_contains_is_half_open():
    march = Period.month(2026, 3)
    assert march.contains(D(2026, 3, 1)) and D(2026, 3, 31) in march
    assert not march.contains(D(2026, 4, 1)) and D(2026, 2, 28) not in march
    assert march.last == D(2026, 3, 31)


def test_next_and_previous_cross_the_year():
    assert Period.parse("2026-12").next().value == "2027-01"
    assert Period.parse("2026-Q1").previous().value == "2025-Q4"
    assert Period.parse("2026-H1").previous().value == "2025-H2"
    assert Period.parse("2026-W01").previous().value == "2025-W52"
    assert Period.year(2026).next() == Period.year(2027)


def test_of_finds_the_period_of_a_date():
    day = D(2026, 8, 14)
    assert Period.of(Period.Kind.QUARTER, day).value == "2026-Q3"
    assert Period.of(Period.Kind.HALF_YEAR, day).value == "2026-H2"
    assert Period.of(Period.Kind.WEEK, day).first == D(2026, 8, 10)  # its Monday


def test_a_year_splits_into_its_months_quarters_and_weeks():
    assert [p.value for p in year_periods(Period.Kind.QUARTER, 2026)] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    months = year_periods(Period.Kind.MONTH, 2026)
    assert len(months) == 12 and months[0].first == D(2026, 1, 1)
    weeks = year_periods(Period.Kind.WEEK, 2026)
    # Weeks whose Monday is in 2026: from 5 January to 28 December.
    assert len(weeks) == 52
    assert weeks[0].first == D(2026, 1, 5) and weeks[-1].first == D(2026, 12, 28)


def test_datetimes_are_local_midnights():
    start, end = Period.month(2026, 3).datetimes()
    assert (start.hour, start.utcoffset()) == (0, datetime.timedelta(hours=8))
    assert end.date() == D(2026, 4, 1)
