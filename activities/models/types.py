"""ActivityType: the kinds of activity and their settings (level, audience, cadence)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Organisation


class ActivityType(models.Model):
    """A kind of activity (支部党员大会, 主题党日, 志愿服务…); configured in the admin.

    The defaults follow the 中国共产党支部工作条例 and are loaded by a data migration.
    """

    class Category(models.TextChoices):
        THREE_MEETINGS = "three_meetings", _("three meetings and one lecture")
        THEME_PARTY_DAY = "theme_party_day", _("theme party day")
        STUDY = "study", _("study")
        REVIEW = "review", _("review and evaluation")
        CO_BUILDING = "co_building", _("co-building")
        SERVICE = "service", _("volunteer service")
        EDUCATION = "education", _("education and contests")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        BRANCH = "branch", _("branch")
        GROUP = "group", _("party group")
        COMMITTEE = "committee", _("organ committee")
        ANY = "any", _("any organisation")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("all members of the organisation")
        COMMITTEE = "committee", _("the organisation's committee members")

    class Period(models.TextChoices):
        WEEK = "week", _("working week")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    # Which organisation kinds may hold a type of each level.
    LEVEL_KINDS = {
        Level.BRANCH: {Organisation.Kind.BRANCH, Organisation.Kind.GENERAL_BRANCH},
        Level.GROUP: {Organisation.Kind.GROUP},
        Level.COMMITTEE: {Organisation.Kind.COMMITTEE},
    }

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("type name"), max_length=60)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    is_statutory = models.BooleanField(
        _("three meetings and one lecture"),
        default=False,
        help_text=_("One of the four statutory kinds of 三会一课."),
    )
    level = models.CharField(
        _("held by"),
        max_length=20,
        choices=Level.choices,
        default=Level.ANY,
        help_text=_("Which kind of organisation holds it."),
    )
    audience = models.CharField(
        _("attendees"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MEMBERS,
        help_text=_("Who is listed in the attendance table."),
    )
    takes_attendance = models.BooleanField(_("takes attendance"), default=True)
    has_results = models.BooleanField(
        _("has results"),
        default=False,
        help_text=_("Service work with counted results (people served, disputes resolved…)."),
    )
    cadence_count = models.PositiveSmallIntegerField(
        _("required count"),
        null=True,
        blank=True,
        help_text=_("How many times per period the rules require it; empty when there is no rule."),
    )
    cadence_period = models.CharField(
        _("cadence period"), max_length=10, choices=Period.choices, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(cadence_count__isnull=True, cadence_period__isnull=True)
                    | Q(cadence_count__isnull=False, cadence_period__isnull=False)
                ),
                name="activity_type_cadence_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def held_by(self, organisation: Organisation) -> bool:
        """Whether an organisation of this kind holds activities of this type."""
        kinds = self.LEVEL_KINDS.get(self.level)
        return kinds is None or organisation.kind in kinds
