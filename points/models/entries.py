"""Points: point rules, the append-only entries and the yearly summaries.

A member's points are the sum of their PointEntry rows (plus the year's base score).
Rows are only ever inserted: a correction is a reversing entry pointing at the original,
so the entries show every change. The model, its queryset, the admin and a database
trigger (migration 0003) all refuse updates and deletes. PointSummary keeps one row per
member and year with the total and the sum of each category, maintained in the same
transaction as every entry (points/services.py), so rankings read one row per member.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import Activity, ActivityType, Attendance
from branches.errors import PortalError
from branches.models import Member


class PointsError(PortalError):
    """A refused change in the points app; the message is for the user.

    `field` names the form field the message belongs to, when there is one.
    """


class PointEntryIsAppendOnly(PointsError):
    """Raised on any attempt to change or delete a point entry."""

    def __init__(self):
        super().__init__(
            gettext(
                "Point entries are never changed or deleted; correct one with a reversing entry."
            )
        )


# Its former name, for code written before "ledger" came to mean 台账 (the ledgers app).
LedgerIsAppendOnly = PointEntryIsAppendOnly


class Category(models.TextChoices):
    """What a rule rewards. The values are also the field names of PointSummary."""

    STUDY = "study", _("study and education")
    ORGANISATIONAL_LIFE = "organisational_life", _("organisational life")
    CASEWORK = "casework", _("casework and business")
    VOLUNTEER_SERVICE = "volunteer_service", _("volunteer service")
    HONOURS = "honours", _("honours")
    DEDUCTIONS = "deductions", _("deductions")


CATEGORIES = tuple(Category.values)


class Source(models.TextChoices):
    """Where points come from: a rule's source, and the source of each entry."""

    ATTENDANCE = "attendance", _("attendance")
    CLAIM = "claim", _("claim")
    AWARD = "award", _("award")
    MANUAL = "manual", _("manual")


def points_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=1, **kwargs)


class PointRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def claimable(self):
        return self.active().filter(source=Source.CLAIM)


class PointRule(models.Model):
    """What earns or loses how many points, with caps; configured in the admin.

    An attendance rule applies to every attendance row of a held activity of its
    activity type with its attendance status (and role, when one is given). Claim rules
    are what members may claim with evidence; manual and award rules are used by the
    admin and by star awards. Caps limit the points one member gets from the rule in a
    calendar month or year (for a deduction: how much may be deducted).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("rule name"), max_length=100)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    points = points_field(
        _("points"), help_text=_("Points per occurrence; negative for a deduction.")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="point_rules",
        null=True,
        blank=True,
        verbose_name=_("activity type"),
        help_text=_("For attendance rules: the kind of activity."),
    )
    attendance_status = models.CharField(
        _("attendance status"),
        max_length=20,
        choices=Attendance.Status.choices,
        blank=True,
        help_text=_("For attendance rules: present, on leave or absent."),
    )
    attendance_role = models.CharField(
        _("attendance role"),
        max_length=20,
        choices=Attendance.Role.choices,
        blank=True,
        help_text=_("For attendance rules: only this role (e.g. the lead); empty for anyone."),
    )
    monthly_cap = points_field(
        _("cap per month"),
        null=True,
        blank=True,
        help_text=_("At most this many points per member per month from this rule."),
    )
    yearly_cap = points_field(
        _("cap per year"),
        null=True,
        blank=True,
        help_text=_("At most this many points per member per year from this rule."),
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "An inactive rule gives no new points; an activity changed afterwards is counted without it."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = PointRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")
        ordering = ["sort_order", "pk"]
        indexes = [models.Index(fields=["source", "activity_type", "is_active"])]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="point_rule_points_not_zero"),
            models.CheckConstraint(
                condition=~Q(source="attendance")
                | (Q(activity_type__isnull=False) & ~Q(attendance_status="")),
                name="attendance_rule_has_type_and_status",
            ),
            models.CheckConstraint(
                condition=(Q(monthly_cap__isnull=True) | Q(monthly_cap__gt=0))
                & (Q(yearly_cap__isnull=True) | Q(yearly_cap__gt=0)),
                name="point_rule_caps_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_deduction(self) -> bool:
        return self.points < 0

    @property
    def has_cap(self) -> bool:
        return self.monthly_cap is not None or self.yearly_cap is not None

    def applies_to(self, attendance: Attendance) -> bool:
        """Whether this attendance rule matches one attendance row."""
        return attendance.status == self.attendance_status and (
            not self.attendance_role or attendance.role == self.attendance_role
        )


# --- the point entries -------------------------------------------------------------------------
class PointEntryQuerySet(models.QuerySet):
    """Entries can be added and read, never changed or deleted in bulk."""

    def update(self, **kwargs):
        raise PointEntryIsAppendOnly

    def delete(self):
        raise PointEntryIsAppendOnly

    update.alters_data = True
    delete.alters_data = True
    delete.queryset_only = True

    def live(self):
        """Entries that count and are not cancelled: neither a reversal nor reversed."""
        return self.filter(reverses__isnull=True, reversal__isnull=True)

    def for_year(self, year: int):
        return self.filter(year=year)

    def visible_to(self, user):
        """Entries of the members the user may see (branches.access)."""
        return self.filter(member__in=Member.objects.visible_to(user))


class PointEntry(models.Model):
    """One append-only point entry.

    A reversal carries the negated points, the original's rule, category and date, and
    `reverses` pointing at the original (at most one reversal per entry).
    """

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="point_entries", verbose_name=_("member")
    )
    rule = models.ForeignKey(
        PointRule, on_delete=models.PROTECT, related_name="entries", verbose_name=_("rule")
    )
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=Category.choices,
        help_text=_("The rule's category when the entry was made."),
    )
    points = points_field(_("points"))
    date = models.DateField(_("date"), help_text=_("When the work was done."))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="point_entries",
        null=True,
        blank=True,
        verbose_name=_("activity"),
    )
    claim = models.ForeignKey(
        "PointClaim",
        on_delete=models.PROTECT,
        related_name="entries",
        null=True,
        blank=True,
        verbose_name=_("claim"),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="reversal",
        null=True,
        blank=True,
        verbose_name=_("reverses"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("point entry")
        verbose_name_plural = _("point entries")
        base_manager_name = "objects"
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["member", "year", "date"]),
            models.Index(fields=["rule", "member", "year"]),
            models.Index(fields=["year", "date"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="point_entry_points_not_zero"),
        ]

    def __str__(self):
        return f"{self.member} {self.points:+} {self.rule}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PointEntryIsAppendOnly
        self.year = self.date.year
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PointEntryIsAppendOnly

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class PointSummary(models.Model):
    """One member's points in one year: base + all entries, and the sum of each category.

    Maintained by points/services.py in the entry's transaction; checked and rebuilt from
    the entries by `manage.py rebuild_point_summaries`.
    """

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="point_summaries", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    base = points_field(_("base score"))
    total = points_field(_("total"))
    study = points_field(Category.STUDY.label, default=Decimal(0))
    organisational_life = points_field(Category.ORGANISATIONAL_LIFE.label, default=Decimal(0))
    casework = points_field(Category.CASEWORK.label, default=Decimal(0))
    volunteer_service = points_field(Category.VOLUNTEER_SERVICE.label, default=Decimal(0))
    honours = points_field(Category.HONOURS.label, default=Decimal(0))
    deductions = points_field(Category.DEDUCTIONS.label, default=Decimal(0))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("points summary")
        verbose_name_plural = _("points summaries")
        ordering = ["year", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_summary_per_member_year")
        ]
        indexes = [models.Index(fields=["year", "total"])]

    def __str__(self):
        return f"{self.member} {self.year}: {self.total}"

    @property
    def earned(self) -> Decimal:
        """Points from entries, without the base."""
        return self.total - self.base

    def by_category(self) -> list[tuple[str, str, Decimal]]:
        """(category, label, points) for each category, in the scheme's order."""
        return [(c.value, c.label, getattr(self, c.value)) for c in Category]
