"""`Period`: a week, month, quarter, half-year or year, the one period type of the portal.

Compliance, points, awards, ledgers and dashboards all speak of periods; they use this
type so that a period means the same everywhere and reads the same in a URL and a page::

    Period.parse("2026-03")    # March 2026        (URL value "2026-03")
    Period.parse("2026-Q2")    # second quarter    ("2026-Q2")
    Period.parse("2026-H1")    # first half-year   ("2026-H1")
    Period.parse("2026")       # the year          ("2026")
    Period.parse("2026-W05")   # ISO week 5        ("2026-W05")
    Period.of(Period.Kind.QUARTER, date)           # the quarter a date falls in
    Period.year(2026).split(Period.Kind.MONTH)     # its twelve months
    period.label                                   # "2026年3月", "2026年第二季度", …
    period.contains(date), period.previous(), period.next(), period.datetimes()

A period is the half-open range of local dates [first, after).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ONE_DAY = datetime.timedelta(days=1)


class PeriodKind(models.TextChoices):
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")


# Months in each kind of period (a week has none).
MONTHS = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.YEAR: 12,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True, order=True)
class Period:
    first: datetime.date
    after: datetime.date
    kind: str

    Kind = PeriodKind

    # --- making periods ------------------------------------------------------------------
    @classmethod
    def of(cls, kind: str, day: datetime.date) -> Period:
        """The period of `kind` that contains `day`."""
        if kind == PeriodKind.WEEK:
            first = day - datetime.timedelta(days=day.weekday())
            return cls(first, first + datetime.timedelta(days=7), PeriodKind.WEEK)
        months = MONTHS[PeriodKind(kind)]
        first_month = (day.month - 1) // months * months + 1
        first = datetime.date(day.year, first_month, 1)
        return cls(first, add_months(first, months), PeriodKind(kind))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls.of(PeriodKind.YEAR, datetime.date(year, 1, 1))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls.of(PeriodKind.MONTH, datetime.date(year, month, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls.of(PeriodKind.QUARTER, datetime.date(year, 3 * quarter - 2, 1))

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        return cls.of(PeriodKind.HALF_YEAR, datetime.date(year, 6 * half - 5, 1))

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """The period a URL value names, or None when it names none."""
        text = (text or "").strip().upper()
        try:
            if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
                return cls.month(int(match[1]), int(match[2]))
            if match := re.fullmatch(r"(\d{4})-?Q([1-4])", text):
                return cls.quarter(int(match[1]), int(match[2]))
            if match := re.fullmatch(r"(\d{4})-?H([12])", text):
                return cls.half_year(int(match[1]), int(match[2]))
            if match := re.fullmatch(r"(\d{4})", text):
                return cls.year(int(match[1]))
            if match := re.fullmatch(r"(\d{4})-?W(\d{1,2})", text):
                monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
                return cls.of(PeriodKind.WEEK, monday)
        except ValueError:  # month 13, week 54, year 0
            return None
        return None

    # --- reading a period ----------------------------------------------------------------
    @property
    def value(self) -> str:
        """The URL value: 2026-W05, 2026-03, 2026-Q1, 2026-H1, 2026."""
        year = self.first.year
        match self.kind:
            case PeriodKind.WEEK:
                iso_year, week, _day = self.first.isocalendar()
                return f"{iso_year}-W{week:02d}"
            case PeriodKind.MONTH:
                return f"{year}-{self.first.month:02d}"
            case PeriodKind.QUARTER:
                return f"{year}-Q{(self.first.month - 1) // 3 + 1}"
            case PeriodKind.HALF_YEAR:
                return f"{year}-H{(self.first.month - 1) // 6 + 1}"
        return str(year)

    # The name activities' compliance used for the URL value.
    text = value

    @property
    def label(self) -> str:
        """For people, in the active language: 2026年3月, 2026年第一季度, 2026年上半年."""
        year = self.first.year
        match self.kind:
            case PeriodKind.WEEK:
                iso_year, week, _day = self.first.isocalendar()
                return gettext("%(year)s week %(week)s") % {"year": iso_year, "week": week}
            case PeriodKind.MONTH:
                return gettext("%(year)s-%(month)s") % {"year": year, "month": self.first.month}
            case PeriodKind.QUARTER:
                names = [_("Q1"), _("Q2"), _("Q3"), _("Q4")]
                return gettext("%(year)s %(quarter)s") % {
                    "year": year,
                    "quarter": names[(self.first.month - 1) // 3],
                }
            case PeriodKind.HALF_YEAR:
                names = [_("first half"), _("second half")]
                return gettext("%(year)s %(half)s") % {
                    "year": year,
                    "half": names[(self.first.month - 1) // 6],
                }
        return gettext("%(year)s (year)") % {"year": year}

    def __str__(self) -> str:
        return self.label

    @property
    def last(self) -> datetime.date:
        return self.after - ONE_DAY

    def contains(self, day: datetime.date) -> bool:
        return self.first <= day < self.after

    def __contains__(self, day: datetime.date) -> bool:
        return self.contains(day)

    def datetimes(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[first, after) as aware datetimes at local midnight, for filtering timestamps."""
        return local_midnight(self.first), local_midnight(self.after)

    def days(self) -> list[datetime.date]:
        return [self.first + ONE_DAY * i for i in range((self.after - self.first).days)]

    # --- moving ----------------------------------------------------------------------------
    def next(self) -> Period:
        return Period.of(self.kind, self.after)

    def previous(self) -> Period:
        return Period.of(self.kind, self.first - ONE_DAY)

    def split(self, kind: str) -> list[Period]:
        """The periods of `kind` that start inside this one, in order (weeks: by Monday)."""
        periods = []
        period = Period.of(kind, self.first)
        if period.first < self.first:
            period = period.next()
        while period.first < self.after:
            periods.append(period)
            period = period.next()
        return periods


def year_periods(kind: str, year: int) -> list[Period]:
    """Every period of `kind` in `year` (weeks: those whose Monday falls in the year)."""
    return Period.year(year).split(kind)
