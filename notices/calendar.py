"""The public holiday calendar: which days are days off and which weekends are worked.

Plain functions, no request needed; the study rota and the reminder jobs use them.

Where the holidays come from
----------------------------
Each year's holidays are `Holiday` rows, created the first time a year is asked for:

* **official** — years the `chinesecalendar` package covers (2004–2026 in 1.11). Its
  dates off are grouped into breaks: a break is a run of consecutive days that are either
  listed holidays or weekend days that are not worked, so a Mid-Autumn Monday with its
  weekend is one break from Saturday to Monday. A break is named after its listed days;
  a break holding both National Day and Mid-Autumn (2023: 09-29 … 10-06) is
  "国庆节、中秋节" under the key ``national_day``. Each adjusted working day is given to
  the nearest break of the same holiday.
* **estimated** — later (and earlier) years, from the festival dates, with no adjusted
  working days, for an admin to confirm or correct once the State Council publishes the
  arrangement (see `estimate_holidays` for the rules).
* **manual** — rows an admin entered or corrected; `holidays_load` never overwrites them.

Performance
-----------
`is_working_day` keeps, per calendar year, the set of days off and of adjusted working
days: loading a year costs two queries (holidays, adjusted days), and every other date of
that year is answered from memory. The cache is cleared whenever a `Holiday` or an
`AdjustedWorkingDay` is saved or deleted (signals below), by `holidays_load` and the admin
action (which write in bulk and send no signals), and an entry lives at most
`CACHE_SECONDS`, so another process (a Celery worker) sees an admin's correction within
that time. Tests that change holidays and roll back should call `clear_cache()` around
each test (a rollback sends no signal).
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

import chinese_calendar
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from lunardate import LunarDate

from notices.models import AdjustedWorkingDay, Holiday, HolidayKey

logger = logging.getLogger(__name__)

ONE_DAY = datetime.timedelta(days=1)

# lunardate converts 1900–2099; chinese_calendar's solar terms 1900–2100.
MIN_YEAR = 1900
MAX_YEAR = 2099

# How long a cached year may be used before it is read again (cross-process freshness).
CACHE_SECONDS = 60

# The official Chinese name of each holiday, as the State Council's notices write it.
HOLIDAY_NAMES = {
    HolidayKey.NEW_YEARS_DAY: "元旦",
    HolidayKey.SPRING_FESTIVAL: "春节",
    HolidayKey.QINGMING: "清明节",
    HolidayKey.LABOUR_DAY: "劳动节",
    HolidayKey.DRAGON_BOAT: "端午节",
    HolidayKey.MID_AUTUMN: "中秋节",
    HolidayKey.NATIONAL_DAY: "国庆节",
}
NATIONAL_DAY_AND_MID_AUTUMN = "国庆节、中秋节"

# chinese_calendar's English holiday names → (key, Chinese name).
_PACKAGE_NAMES = {
    "New Year's Day": (HolidayKey.NEW_YEARS_DAY, HOLIDAY_NAMES[HolidayKey.NEW_YEARS_DAY]),
    "Spring Festival": (HolidayKey.SPRING_FESTIVAL, HOLIDAY_NAMES[HolidayKey.SPRING_FESTIVAL]),
    "Tomb-sweeping Day": (HolidayKey.QINGMING, HOLIDAY_NAMES[HolidayKey.QINGMING]),
    "Labour Day": (HolidayKey.LABOUR_DAY, HOLIDAY_NAMES[HolidayKey.LABOUR_DAY]),
    "Dragon Boat Festival": (HolidayKey.DRAGON_BOAT, HOLIDAY_NAMES[HolidayKey.DRAGON_BOAT]),
    "Mid-autumn Festival": (HolidayKey.MID_AUTUMN, HOLIDAY_NAMES[HolidayKey.MID_AUTUMN]),
    "National Day": (HolidayKey.NATIONAL_DAY, HOLIDAY_NAMES[HolidayKey.NATIONAL_DAY]),
    "Anti-Fascist 70th Day": (
        "anti_fascist_70th_day",
        "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    ),
}


@dataclass(frozen=True)
class HolidaySpec:
    """A holiday as computed from the package or the estimate rules, before it is stored."""

    key: str
    name: str
    first_day: datetime.date
    last_day: datetime.date
    adjusted_working_days: tuple[datetime.date, ...] = ()

    @property
    def year(self) -> int:
        return self.last_day.year


@dataclass
class LoadResult:
    """What `holidays_load` did to one year."""

    year: int
    source: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_manual: list[str] = field(default_factory=list)


# --- Reading ------------------------------------------------------------------------------


def holidays_for_year(year: int) -> list[Holiday]:
    """The holidays of `year`'s arrangement, ordered by first day, adjusted days prefetched.

    Creates the year on first use (official data where the package has it, else estimated),
    and upgrades an estimated year to official once the installed package covers it.
    """
    _check_year(year)
    holidays = _holidays_of(year)
    needs_upgrade = official_data_available(year) and any(
        h.source == Holiday.Source.ESTIMATED for h in holidays
    )
    if not holidays or needs_upgrade:
        holidays_load(year=year, refresh=needs_upgrade)
        holidays = _holidays_of(year)
    return holidays


def is_working_day(day: datetime.date) -> bool:
    """True for a weekday that is not a day off, and for an adjusted working weekend day.

    A date inside a break is a day off even if it is also (by an admin's mistake) listed
    as an adjusted working day.
    """
    year = _year_days(day.year)
    if day in year.days_off:
        return False
    if day in year.adjusted_working_days:
        return True
    return day.weekday() < 5


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day strictly before `day` (n=1: the last working day before it)."""
    if n < 1:
        raise ValueError("n must be at least 1.")
    current, found = day, 0
    for _ in range(366 + 7 * n):
        current -= ONE_DAY
        if is_working_day(current):
            found += 1
            if found == n:
                return current
    raise ValueError(f"No {n} working days found before {day}.")


def next_working_day(day: datetime.date) -> datetime.date:
    """The first working day strictly after `day`."""
    current = day
    for _ in range(366):
        current += ONE_DAY
        if is_working_day(current):
            return current
    raise ValueError(f"No working day found within a year after {day}.")


def days_off_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every day from `start` to `end` (both included) that is not a working day."""
    days = []
    current = start
    while current <= end:
        if not is_working_day(current):
            days.append(current)
        current += ONE_DAY
    return days


def _holidays_of(year: int) -> list[Holiday]:
    return list(
        Holiday.objects.filter(year=year)
        .prefetch_related("adjusted_working_days")
        .order_by("first_day")
    )


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"The holiday calendar covers {MIN_YEAR}–{MAX_YEAR}; got {year}.")


# --- The per-year cache -------------------------------------------------------------------


@dataclass(frozen=True)
class _YearDays:
    days_off: frozenset[datetime.date]
    adjusted_working_days: frozenset[datetime.date]
    loaded_at: float


_cache: dict[int, _YearDays] = {}


def clear_cache() -> None:
    """Forget every cached year; the next question reads the database again."""
    _cache.clear()


def _year_days(calendar_year: int) -> _YearDays:
    cached = _cache.get(calendar_year)
    if cached is not None and time.monotonic() - cached.loaded_at < CACHE_SECONDS:
        return cached
    loaded = _load_year_days(calendar_year)
    _cache[calendar_year] = loaded
    return loaded


def _load_year_days(calendar_year: int) -> _YearDays:
    """Days off and adjusted working days falling in one calendar year: two queries.

    The days of calendar year Y belong to the arrangements of Y and of Y+1 (a New Year
    break may start on 12-30); both are created if missing. Rows are also found by their
    dates, whatever year an admin gave them.
    """
    _check_year(calendar_year)
    start = datetime.date(calendar_year, 1, 1)
    end = datetime.date(calendar_year, 12, 31)
    arrangements = {y for y in (calendar_year, calendar_year + 1) if y <= MAX_YEAR}

    def read_breaks():
        return list(
            Holiday.objects.filter(
                Q(year__in=arrangements) | Q(first_day__lte=end, last_day__gte=start)
            ).values_list("year", "source", "first_day", "last_day")
        )

    breaks = read_breaks()
    present = {year for year, *_ in breaks}
    to_upgrade = {
        year
        for year, source, *_ in breaks
        if source == Holiday.Source.ESTIMATED and official_data_available(year)
    }
    missing = (arrangements - present) | (to_upgrade & arrangements)
    if missing:
        for year in sorted(missing):
            holidays_load(year=year, refresh=year in to_upgrade)
        breaks = read_breaks()

    days_off = set()
    for _year, _source, first_day, last_day in breaks:
        current = max(first_day, start)
        while current <= min(last_day, end):
            days_off.add(current)
            current += ONE_DAY
    adjusted = AdjustedWorkingDay.objects.filter(date__range=(start, end)).values_list(
        "date", flat=True
    )
    return _YearDays(frozenset(days_off), frozenset(adjusted), time.monotonic())


@receiver([post_save, post_delete], sender=Holiday)
@receiver([post_save, post_delete], sender=AdjustedWorkingDay)
def _holidays_changed(**kwargs):
    clear_cache()
    # Again after commit: another thread may have read the old rows in between.
    transaction.on_commit(clear_cache)


# --- Loading ------------------------------------------------------------------------------


def holidays_load(*, year: int, refresh: bool = False) -> LoadResult:
    """Create `year`'s holidays from the package (or the estimate) if it has none.

    With `refresh`, also bring existing official and estimated rows up to date, add the
    missing ones and remove those the source no longer has. Manual rows, and their adjusted
    working days, are never touched.
    """
    _check_year(year)
    official = official_data_available(year)
    specs = official_holidays(year) if official else estimate_holidays(year)
    source = Holiday.Source.OFFICIAL if official else Holiday.Source.ESTIMATED
    result = LoadResult(year=year, source=source)

    with transaction.atomic():
        existing = {h.key: h for h in Holiday.objects.select_for_update().filter(year=year)}
        if existing and not refresh:
            return result
        result.kept_manual = sorted(
            h.name for h in existing.values() if h.source == Holiday.Source.MANUAL
        )
        spec_keys = {spec.key for spec in specs}
        stale = [
            h.pk
            for key, h in existing.items()
            if h.source != Holiday.Source.MANUAL and key not in spec_keys
        ]
        if stale:
            Holiday.objects.filter(pk__in=stale).delete()
            result.removed = len(stale)
        if existing:
            # Adjusted days are rewritten below for every row that is not manual.
            AdjustedWorkingDay.objects.filter(holiday__year=year).exclude(
                holiday__source=Holiday.Source.MANUAL
            ).delete()

        to_create, to_update = [], []
        for spec in specs:
            row = existing.get(spec.key)
            if row is None:
                to_create.append(
                    Holiday(
                        key=spec.key,
                        name=spec.name,
                        year=year,
                        first_day=spec.first_day,
                        last_day=spec.last_day,
                        source=source,
                    )
                )
            elif row.source != Holiday.Source.MANUAL:
                values = (spec.name, spec.first_day, spec.last_day, source)
                if (row.name, row.first_day, row.last_day, row.source) != values:
                    row.name, row.first_day, row.last_day, row.source = values
                    to_update.append(row)
        # ignore_conflicts: another process creating the same year at once wins quietly.
        Holiday.objects.bulk_create(to_create, ignore_conflicts=True)
        Holiday.objects.bulk_update(to_update, ["name", "first_day", "last_day", "source"])
        result.created, result.updated = len(to_create), len(to_update)

        writable = dict(
            Holiday.objects.filter(year=year)
            .exclude(source=Holiday.Source.MANUAL)
            .values_list("key", "pk")
        )
        AdjustedWorkingDay.objects.bulk_create(
            [
                AdjustedWorkingDay(holiday_id=writable[spec.key], date=day)
                for spec in specs
                if spec.key in writable
                for day in spec.adjusted_working_days
            ],
            # A date already held by a manual row stays with it.
            ignore_conflicts=True,
        )
        transaction.on_commit(clear_cache)
    clear_cache()
    return result


# --- Official data (chinesecalendar) ------------------------------------------------------


def official_data_available(year: int) -> bool:
    """Whether the installed chinesecalendar has the State Council's arrangement for `year`."""
    try:
        chinese_calendar.get_holiday_detail(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def official_holidays(year: int) -> list[HolidaySpec]:
    """The official breaks of `year`'s arrangement (empty if the package lacks the year)."""
    return list(_official_arrangements().get(year, ()))


@functools.cache
def _official_arrangements() -> dict[int, tuple[HolidaySpec, ...]]:
    """All breaks in the package, by arrangement year. Pure package data: safe to cache."""
    holidays: dict[datetime.date, str] = chinese_calendar.holidays
    workdays: dict[datetime.date, str] = chinese_calendar.workdays

    def is_off(day):
        return day in holidays or (day.weekday() >= 5 and day not in workdays)

    runs: list[list[datetime.date]] = []
    current: list[datetime.date] = []
    day, last = min(holidays) - 7 * ONE_DAY, max(holidays) + 7 * ONE_DAY
    while day <= last:
        if is_off(day):
            current.append(day)
        else:
            if any(d in holidays for d in current):
                runs.append(current)
            current = []
        day += ONE_DAY

    breaks = []
    for run in runs:
        names = Counter(holidays[d] for d in run if d in holidays)
        key, name = _package_name(names.most_common(1)[0][0])
        if key == HolidayKey.NATIONAL_DAY and (
            "Mid-autumn Festival" in names or run[0] <= _mid_autumn(run[-1].year) <= run[-1]
        ):
            name = NATIONAL_DAY_AND_MID_AUTUMN
        breaks.append((key, name, run[0], run[-1], set(names)))

    adjusted: dict[int, list[datetime.date]] = {i: [] for i in range(len(breaks))}
    for workday, holiday_name in workdays.items():
        same = [i for i, b in enumerate(breaks) if holiday_name in b[4]]
        candidates = same or list(range(len(breaks)))
        nearest = min(candidates, key=lambda i: _distance(workday, breaks[i][2], breaks[i][3]))
        adjusted[nearest].append(workday)

    by_year: dict[int, list[HolidaySpec]] = {}
    for i, (key, name, first_day, last_day, _names) in enumerate(breaks):
        spec = HolidaySpec(key, name, first_day, last_day, tuple(sorted(adjusted[i])))
        by_year.setdefault(spec.year, []).append(spec)
    return {year: tuple(specs) for year, specs in by_year.items()}


def _package_name(english: str) -> tuple[str, str]:
    if english in _PACKAGE_NAMES:
        return _PACKAGE_NAMES[english]
    # A holiday a newer package adds: keep its English name until an admin renames it.
    return english.lower().replace("'", "").replace("-", "_").replace(" ", "_"), english


def _distance(day: datetime.date, first_day: datetime.date, last_day: datetime.date) -> int:
    if day < first_day:
        return (first_day - day).days
    return max(0, (day - last_day).days)


# --- Estimates --------------------------------------------------------------------------


def estimate_holidays(year: int) -> list[HolidaySpec]:
    """The likely arrangement of `year`, for years the State Council has not published yet.

    Rules, taken from the State Council's practice in 2020–2026:

    * New Year's Day, Qingming (the 清明 solar term), Dragon Boat (lunar 5/5) and
      Mid-Autumn (lunar 8/15): the festival day joined to its weekend, by the festival's
      weekday: Monday → Sat–Mon, Tuesday → Sun–Tue, Wednesday → that day alone,
      Thursday → Thu–Sat, Friday → Fri–Sun, Saturday → Sat–Mon, Sunday → Sat–Mon.
      This matches every official single-festival break from 2020 to 2026.
    * Spring Festival: eight days, from lunar New Year's Eve (the day before the lunar new
      year) through the 6th day after the lunar New Year's Day (初七), the practice since
      the eve became a statutory day in 2025: 2025 was exactly 01-28 … 02-04; 2026 ended
      on 02-23 as estimated, but began on Sunday 02-15, a day before the eve.
    * Labour Day: May 1–5.
    * National Day: October 1–7. When Mid-Autumn falls between September 29 and October 8
      the two make one eight-day break from the earlier of Mid-Autumn and October 1
      ("国庆节、中秋节", as in 2017, 2020, 2023 and 2025).

    Estimates have no adjusted working days; an admin adds them when confirming the year.
    Years before 2004 (before the package's data) get the same rules, which are not the
    arrangements of that time.
    """
    _check_year(year)
    new_years_day = datetime.date(year, 1, 1)
    lunar_new_year = _lunar(year, 1, 1)
    mid_autumn = _lunar(year, 8, 15)
    october_1 = datetime.date(year, 10, 1)

    def spec(key, first_day, last_day, name=None):
        return HolidaySpec(key, name or HOLIDAY_NAMES[key], first_day, last_day)

    specs = [
        spec(HolidayKey.NEW_YEARS_DAY, *_festival_break(new_years_day)),
        spec(
            HolidayKey.SPRING_FESTIVAL,
            lunar_new_year - ONE_DAY,
            lunar_new_year + 6 * ONE_DAY,
        ),
        spec(HolidayKey.QINGMING, *_festival_break(_qingming(year))),
        spec(HolidayKey.LABOUR_DAY, datetime.date(year, 5, 1), datetime.date(year, 5, 5)),
        spec(HolidayKey.DRAGON_BOAT, *_festival_break(_lunar(year, 5, 5))),
    ]
    if datetime.date(year, 9, 29) <= mid_autumn <= datetime.date(year, 10, 8):
        first_day = min(mid_autumn, october_1)
        specs.append(
            spec(
                HolidayKey.NATIONAL_DAY,
                first_day,
                first_day + 7 * ONE_DAY,
                name=NATIONAL_DAY_AND_MID_AUTUMN,
            )
        )
    else:
        specs.append(spec(HolidayKey.MID_AUTUMN, *_festival_break(mid_autumn)))
        specs.append(spec(HolidayKey.NATIONAL_DAY, october_1, datetime.date(year, 10, 7)))
    return sorted(specs, key=lambda s: s.first_day)


# Days before and after the festival day, by its weekday (Monday = 0).
_FESTIVAL_SPAN = {0: (2, 0), 1: (2, 0), 2: (0, 0), 3: (0, 2), 4: (0, 2), 5: (0, 2), 6: (1, 1)}


def _festival_break(festival: datetime.date) -> tuple[datetime.date, datetime.date]:
    before, after = _FESTIVAL_SPAN[festival.weekday()]
    return festival - before * ONE_DAY, festival + after * ONE_DAY


def _lunar(year: int, month: int, day: int) -> datetime.date:
    return LunarDate(year, month, day).to_solar_date()


def _mid_autumn(year: int) -> datetime.date:
    return _lunar(year, 8, 15) if MIN_YEAR <= year <= MAX_YEAR else datetime.date.min


def _qingming(year: int) -> datetime.date:
    terms = chinese_calendar.get_solar_terms(datetime.date(year, 4, 1), datetime.date(year, 4, 30))
    return next(day for day, name in terms if name == "清明")
