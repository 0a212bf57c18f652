import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKey(models.TextChoices):
    """Stable codes of the public holidays, the same every year.

    `Holiday.key` is not limited to these (an admin may add a one-off holiday), but the
    loader uses them, and other apps (the integrity notice's per-holiday texts) key on them.
    """

    NEW_YEARS_DAY = "new_years_day", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    QINGMING = "qingming", _("Qingming Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")


class Holiday(models.Model):
    """One public holiday break of one year: its days off and its adjusted working days.

    `year` is the year of the State Council's arrangement, which is the year of the last day
    off: a New Year break from 2023-12-30 to 2024-01-01 belongs to 2024.
    """

    class Source(models.TextChoices):
        OFFICIAL = "official", _("official")
        ESTIMATED = "estimated", _("estimated")
        MANUAL = "manual", _("manual")

    name = models.CharField(_("holiday name"), max_length=64)
    key = models.SlugField(
        _("key"),
        max_length=32,
        help_text=_("Stable code of the holiday, the same every year, e.g. spring_festival."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_(
            "Year of the arrangement. A New Year break that starts in late December "
            "belongs to the next year."
        ),
    )
    first_day = models.DateField(_("first day off"))
    last_day = models.DateField(_("last day off"))
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=Source.choices,
        default=Source.MANUAL,
        help_text=_(
            "Official: the State Council's arrangement, from the chinesecalendar package. "
            "Estimated: computed from the festival dates until the arrangement is published. "
            "Manual: entered or corrected here; load_holidays never overwrites it."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_(
            "Where the arrangement comes from (e.g. the State Council notice), or what was corrected."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["year", "first_day"]
        constraints = [
            # (year, key) rather than (key, year): the index also serves lookups by year.
            models.UniqueConstraint(fields=["year", "key"], name="notices_holiday_year_key_unique"),
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="notices_holiday_last_day_after_first_day",
            ),
        ]
        indexes = [models.Index(fields=["first_day", "last_day"], name="notices_holiday_days_idx")]

    def __str__(self):
        return f"{self.name} {self.year}"

    @property
    def is_confirmed(self) -> bool:
        """Official arrangements and admin-entered ones are confirmed; estimates are not."""
        return self.source != self.Source.ESTIMATED

    @property
    def duration(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def days_off(self) -> list[datetime.date]:
        return [self.first_day + datetime.timedelta(days=i) for i in range(self.duration)]

    def clean(self):
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                raise ValidationError(
                    {"last_day": _("The last day off cannot be before the first.")}
                )
            if self.year and self.year not in {self.first_day.year, self.last_day.year}:
                raise ValidationError(
                    {"year": _("The year must be the year of the first or the last day off.")}
                )
            overlapping = (
                Holiday.objects.exclude(pk=self.pk)
                .filter(first_day__lte=self.last_day, last_day__gte=self.first_day)
                .first()
            )
            if overlapping is not None:
                raise ValidationError(
                    _("These days off overlap %(holiday)s (%(first)s – %(last)s).")
                    % {
                        "holiday": overlapping,
                        "first": overlapping.first_day,
                        "last": overlapping.last_day,
                    }
                )


class AdjustedWorkingDay(models.Model):
    """A Saturday or Sunday that is a working day (调休/补班), as part of a holiday's arrangement."""

    holiday = models.ForeignKey(
        Holiday,
        on_delete=models.CASCADE,
        related_name="adjusted_working_days",
        verbose_name=_("public holiday"),
    )
    date = models.DateField(_("date"), unique=True)

    class Meta:
        verbose_name = _("adjusted working day")
        verbose_name_plural = _("adjusted working days")
        ordering = ["date"]

    def __str__(self):
        return self.date.isoformat()

    def clean(self):
        if self.date is None:
            return
        if self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("An adjusted working day must be a Saturday or a Sunday.")}
            )
        holiday = getattr(self, "holiday", None)
        if (
            holiday is not None
            and holiday.first_day
            and holiday.last_day
            and holiday.first_day <= self.date <= holiday.last_day
        ):
            raise ValidationError(
                {"date": _("An adjusted working day cannot be one of the days off.")}
            )
