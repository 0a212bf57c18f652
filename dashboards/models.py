"""The dashboards' own domain: the yearly branch star rating (星级支部) and its rubric.

* RubricCriterion: one line of the admin-editable rubric (评分细则): a section of the
  published 星级 schemes (领导班子, 骨干队伍 …), a weight in points and a measured source
  from the registry in dashboards/rubric.py (cadence compliance, ledger completion,
  attendance, honours, brand stage, innovation, or "scored by the committee").
  Nothing may count logins, time online, photos or media coverage: `clean()` refuses them.
* BranchRating: one branch's rating for one year: the computed score and stars (from the
  rubric), the branch's self-assessment, the committee's review, and the confirmed stars
  with their reason. Computed and confirmed are both kept; every change is in the history.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.errors import PortalError
from branches.models import Organisation

# Measures the rules against formalism forbid (2024 若干规定; 2026 政务 App 管理办法).
FORBIDDEN_MEASURES = re.compile(
    r"登录|登陆|签到|打卡|在线时长|在线时间|上线|照片|图片|拍照|视频|媒体|报道|点赞|转发|浏览量|阅读量|"
    r"\blog-?ins?\b|\bsign-?ins?\b|\bonline\b|time on ?line|\bphotos?\b|\bpictures?\b|"
    r"\bimages?\b|\bvideos?\b|\bmedia\b|\bcoverage\b|\bpress\b|\blikes\b|\bshares\b",
    re.IGNORECASE,
)


class DashboardsError(PortalError):
    """A rating or rubric change the rules refuse; the message is shown to the user."""


class RubricCriterion(models.Model):
    class Section(models.TextChoices):
        LEADERSHIP = "leadership", _("leadership team")
        BACKBONE = "backbone", _("core members")
        VENUE = "venue", _("activity venue")
        SYSTEM = "system", _("working rules")
        SAFEGUARDS = "safeguards", _("safeguards")
        PERFORMANCE = "performance", _("work results")
        PUBLIC = "public", _("public evaluation")
        BONUS = "bonus", _("bonus items")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    name = models.CharField(_("criterion"), max_length=100)
    description = models.TextField(_("how it is scored"), blank=True)
    weight = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(110))],
    )
    source = models.CharField(
        _("measured source"),
        max_length=30,
        help_text=_("Where the score comes from; committee-scored items are entered by hand."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        from dashboards.rubric import SOURCES

        if self.source not in SOURCES:
            raise ValidationError({"source": gettext("Choose a source from the list.")})
        for field in ("code", "name", "description"):
            if FORBIDDEN_MEASURES.search(getattr(self, field) or ""):
                raise ValidationError(
                    {
                        field: gettext(
                            "The rubric may not count logins, time online, photos uploaded or "
                            "media coverage: the rules against formalism forbid such measures."
                        )
                    }
                )

    @property
    def source_label(self) -> str:
        from dashboards.rubric import SOURCES

        source = SOURCES.get(self.source)
        return source.label if source else self.source


class BranchRatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Ratings of the branches the user manages (committee staff: their whole subtree)."""
        from branches.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        paths = scope.committee_paths + scope.managed_paths
        q = models.Q(pk__in=[])
        for path in paths:
            q |= models.Q(branch__path__startswith=path)
        return self.filter(q)


class BranchRating(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("computed")
        SELF_ASSESSED = "self_assessed", _("self-assessed")
        REVIEWED = "reviewed", _("reviewed by the committee")
        CONFIRMED = "confirmed", _("confirmed")

    TRANSITIONS = {
        State.DRAFT: {State.SELF_ASSESSED, State.REVIEWED},
        State.SELF_ASSESSED: {State.SELF_ASSESSED, State.REVIEWED},
        State.REVIEWED: {State.REVIEWED, State.CONFIRMED},
        State.CONFIRMED: {State.CONFIRMED},
    }

    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="star_ratings",
        limit_choices_to={"kind": Organisation.Kind.BRANCH},
        verbose_name=_("branch"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    computed_score = models.DecimalField(
        _("computed score"), max_digits=5, decimal_places=1, default=Decimal(0)
    )
    computed_stars = models.PositiveSmallIntegerField(_("computed stars"), default=1)
    breakdown = models.JSONField(
        _("score by criterion"),
        default=list,
        blank=True,
        help_text=_("The rubric's lines as computed: code, name, weight, source, score."),
    )
    has_innovation_project = models.BooleanField(
        _("has an innovation project"),
        default=False,
        help_text=_("Five stars need an innovation project (measured, or confirmed here)."),
    )
    self_scores = models.JSONField(_("self-assessed scores"), default=dict, blank=True)
    self_note = models.TextField(_("self-assessment"), blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("self-assessed by"),
    )
    committee_scores = models.JSONField(_("committee's scores"), default=dict, blank=True)
    review_note = models.TextField(_("committee's review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    confirmed_stars = models.PositiveSmallIntegerField(
        _("confirmed stars"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    reason = models.TextField(_("reason"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    objects = BranchRatingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("branch star rating")
        verbose_name_plural = _("branch star ratings")
        ordering = ["-year", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="one_rating_per_branch_year"),
            models.CheckConstraint(
                condition=models.Q(computed_stars__gte=1, computed_stars__lte=5),
                name="rating_computed_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.branch} {self.year}"

    def get_absolute_url(self):
        return reverse("dashboards:rating_detail", args=[self.branch_id, self.year])

    def transition_to(self, state: str) -> None:
        state = self.State(state)
        if state not in self.TRANSITIONS[self.State(self.state)]:
            raise DashboardsError(
                gettext("A rating that is %(current)s cannot become %(new)s.")
                % {"current": self.State(self.state).label, "new": state.label}
            )
        self.state = state

    @property
    def stars(self) -> int:
        """The stars that count: confirmed when confirmed, else computed."""
        return self.confirmed_stars or self.computed_stars

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED
