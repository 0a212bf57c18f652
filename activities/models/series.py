"""ActivitySeries: a branch's named recurring programme, whose schedule drives the rota."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models.types import ActivityType
from branches.models import ActivityRoom, Organisation


class ActivitySeries(models.Model):
    """A named recurring programme of a branch (理论日, 青年说, 微党课).

    Its schedule (weekly, or monthly on the n-th weekday) drives the study rota: ordered
    leads (RotaLead) and planned sessions (activities/rota.py).
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="activity_series",
        verbose_name=_("branch"),
    )
    name = models.CharField(_("series name"), max_length=60)
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("activity type"),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # --- the rota's schedule (activities/rota.py) ---
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = 5, _("last")

    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("For a monthly series: which of the month's weekdays it is held on."),
    )
    room = models.ForeignKey(
        ActivityRoom,
        on_delete=models.PROTECT,
        related_name="activity_series",
        null=True,
        blank=True,
        verbose_name=_("activity room"),
    )
    default_location = models.CharField(_("location"), max_length=200, blank=True)
    holds_on_adjusted_working_days = models.BooleanField(
        _("use adjusted working days"),
        default=False,
        help_text=_(
            "When a session falls on a day off, hold it on an adjusted working weekend day "
            "(调休) within three days of it, if there is one; otherwise the session is skipped."
        ),
    )

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["branch", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="series_name_unique_in_branch")
        ]

    def __str__(self):
        return self.name
