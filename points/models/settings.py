"""The points scheme's settings: the base score, whether members see their rank, the weights."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from points.models.entries import CATEGORIES, points_field


class PointsSettings(models.Model):
    """The points scheme's settings: one row (pk 1), created by a migration, edited in the admin."""

    base_score = points_field(
        _("yearly base score"),
        default=Decimal("70"),
        help_text=_("Every member starts each year with this score."),
    )
    show_rank_to_members = models.BooleanField(
        _("show members their rank"),
        default=False,
        help_text=_(
            "Official directives discourage public point rankings: leave this off unless the committee decides otherwise. Leaders always see rankings."
        ),
    )
    weight_study = models.DecimalField(
        _("weight of study"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    weight_organisational_life = models.DecimalField(
        _("weight of organisational life"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    weight_casework = models.DecimalField(
        _("weight of casework and business"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
    )
    weight_volunteer_service = models.DecimalField(
        _("weight of volunteer service"), max_digits=4, decimal_places=2, default=Decimal("1.20")
    )
    weight_honours = models.DecimalField(
        _("weight of honours"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    weight_deductions = models.DecimalField(
        _("weight of deductions"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("points settings")
        verbose_name_plural = _("points settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="points_settings_single_row")]

    def __str__(self):
        return gettext("Points settings")

    @classmethod
    def load(cls) -> "PointsSettings":
        """The one settings row (created with the defaults if a test database lost it)."""
        instance, created = cls.objects.get_or_create(pk=1)
        if created:
            instance.refresh_from_db()  # read the defaults back as the database stores them
        return instance

    @property
    def weights(self) -> dict[str, Decimal]:
        """Pioneer-index weight of each category."""
        return {category: getattr(self, f"weight_{category}") for category in CATEGORIES}
