"""The study rota (activities/rota.py): RotaLead and RotaSlot."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.models.activities import Activity
from activities.models.series import ActivitySeries
from branches.models import Member


class RotaLead(models.Model):
    """A member on a series' rota of study leads; `position` orders the rotation."""

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.CASCADE,
        related_name="rota_leads",
        verbose_name=_("series"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="rota_leads", verbose_name=_("member")
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("study lead on the rota")
        verbose_name_plural = _("study leads on the rota")
        ordering = ["series", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="rota_lead_once_per_series"),
            models.UniqueConstraint(
                fields=["series", "position"], name="rota_lead_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.series} · {self.position}. {self.member}"


class RotaSlot(models.Model):
    """Which scheduled date of a series an activity is the session for.

    The rota plans one session per scheduled date (`day`: each week's weekday, or the
    month's n-th weekday). The activity may be held on another date (moved, or on an
    adjusted working day); its slot still says which week's session it is, so planning
    again never fills that week twice.
    """

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.CASCADE,
        related_name="rota_slots",
        verbose_name=_("series"),
    )
    day = models.DateField(_("scheduled date"))
    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="rota_slot", verbose_name=_("activity")
    )

    class Meta:
        verbose_name = _("rota slot")
        verbose_name_plural = _("rota slots")
        ordering = ["series", "day"]
        constraints = [
            models.UniqueConstraint(fields=["series", "day"], name="rota_slot_once_per_day")
        ]

    def __str__(self):
        return f"{self.series} · {self.day}"
