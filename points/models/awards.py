"""Star awards (审判之星 / 执行之星 / 服务之星): periodic titles the organ committee gives members.

A StarTitle is configured in the admin: which members it is for (job categories and / or
departments; neither means everyone) and the honours rule whose points a winner gets.
For a period (a quarter, a half-year or the year) committee staff open a StarSelection of
one title, look at the shortlist ranked by pioneer index, pick winners (a StarAward each,
with a citation; the points entry is made by points.awards.star_award_grant) and close it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.models import Member, Organisation
from branches.periods import Period, PeriodKind
from points.models.entries import PointEntry, PointRule, PointsError, Source


class StarTitle(models.Model):
    """A title members can be awarded, e.g. trial star; configured in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("title"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    job_categories = models.JSONField(
        _("job categories"),
        default=list,
        blank=True,
        help_text=_("Members of these job categories may be chosen."),
    )
    departments = models.JSONField(
        _("departments"),
        default=list,
        blank=True,
        help_text=_(
            "Members whose department name contains one of these words may be chosen too "
            "(e.g. 执行 for every enforcement department). With no job category and no "
            "department, every member may be chosen."
        ),
    )
    rule = models.ForeignKey(
        PointRule,
        on_delete=models.PROTECT,
        related_name="star_titles",
        null=True,
        blank=True,
        limit_choices_to={"source": Source.AWARD},
        verbose_name=_("point rule"),
        help_text=_("The honours rule whose points a winner gets; empty for no points."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("star title")
        verbose_name_plural = _("star titles")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def eligibility_q(self, prefix: str = "") -> Q:
        """Which members the title is for (a Q on Member, through `prefix`)."""
        if not self.job_categories and not self.departments:
            return Q()
        condition = Q(**{f"{prefix}job_category__in": list(self.job_categories)})
        for word in self.departments:
            condition |= Q(**{f"{prefix}department__contains": word})
        return condition

    def is_for(self, member: Member) -> bool:
        if not self.job_categories and not self.departments:
            return True
        return member.job_category in self.job_categories or any(
            word and word in member.department for word in self.departments
        )

    def eligibility_text(self) -> str:
        """Who may be chosen, in words (for pages)."""
        labels = dict(Member.JobCategory.choices)
        parts = [str(labels.get(value, value)) for value in self.job_categories]
        parts += [gettext("departments with “%(word)s”") % {"word": w} for w in self.departments]
        return "、".join(parts) if parts else gettext("all members")


# Selections are held per quarter, half-year or year (branches.periods; the stored codes
# are the Period kinds' values), numbered within the year.
PERIOD_NUMBERS = {PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2, PeriodKind.YEAR: 1}
SELECTION_PERIOD_CHOICES = [(kind.value, kind.label) for kind in PERIOD_NUMBERS]


class StarSelectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Selections of the committees the user oversees (committee staff, admins)."""
        from branches.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(Organisation.subtrees_q(scope.committee_paths, "committee__"))


class StarSelection(models.Model):
    """One round of choosing winners of a title for a period, run by an organ committee."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    committee = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="star_selections",
        limit_choices_to={"kind": Organisation.Kind.COMMITTEE},
        verbose_name=_("organ committee"),
    )
    title = models.ForeignKey(
        StarTitle, on_delete=models.PROTECT, related_name="selections", verbose_name=_("title")
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=SELECTION_PERIOD_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("Which quarter (1–4) or half-year (1–2).")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = StarSelectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("star-award selection")
        verbose_name_plural = _("star-award selections")
        ordering = ["-year", "-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "title", "year", "period_kind", "number"],
                name="one_selection_per_title_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_kind="quarter", number__gte=1, number__lte=4)
                | Q(period_kind="half_year", number__gte=1, number__lte=2)
                | Q(period_kind="year", number=1),
                name="selection_period_number_valid",
            ),
        ]
        indexes = [models.Index(fields=["committee", "year"])]

    def __str__(self):
        return f"{self.title} · {self.period_label}"

    def get_absolute_url(self):
        return reverse("points:award_selection", args=[self.pk])

    @property
    def period_code(self) -> str:
        """The pioneer-index period code: Q1–Q4, H1–H2 or Y."""
        if self.period_kind == PeriodKind.QUARTER:
            return f"Q{self.number}"
        if self.period_kind == PeriodKind.HALF_YEAR:
            return f"H{self.number}"
        return "Y"

    @property
    def period_label(self) -> str:
        names = {
            "Q1": _("first quarter"),
            "Q2": _("second quarter"),
            "Q3": _("third quarter"),
            "Q4": _("fourth quarter"),
            "H1": _("first half"),
            "H2": _("second half"),
            "Y": _("whole year"),
        }
        return gettext("%(year)s · %(period)s") % {
            "year": self.year,
            "period": names[self.period_code],
        }

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def period(self) -> Period:
        """The quarter, half-year or year the selection is about."""
        return Period.year(self.year).split(self.period_kind)[self.number - 1]

    def first_day(self) -> datetime.date:
        return self.period.first

    def transition_to(self, state: str) -> None:
        """open → closed; a closed selection stays closed (the caller saves)."""
        state = self.State(state)
        if not (self.state == self.State.OPEN and state == self.State.CLOSED):
            raise PointsError(gettext("This selection is already closed."))
        self.state = state


class StarAward(models.Model):
    """A member awarded a title in a selection, with the citation and the points entry."""

    selection = models.ForeignKey(
        StarSelection, on_delete=models.PROTECT, related_name="awards", verbose_name=_("selection")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="star_awards", verbose_name=_("member")
    )
    citation = models.TextField(_("citation"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("awarded by"),
    )
    date = models.DateField(_("date awarded"))
    entry = models.OneToOneField(
        PointEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="star_award",
        verbose_name=_("point entry"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("star award")
        verbose_name_plural = _("star awards")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "member"], name="one_award_per_member_and_selection"
            )
        ]
        indexes = [models.Index(fields=["member", "date"])]

    def __str__(self):
        return f"{self.member} · {self.selection}"
