"""A brand with its outline, sub-brands, certification criteria and stage changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Organisation
from brands.models.base import (
    BrandError,
    court_q,
    logo_path,
)


class BrandQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(court_q(user, "organisation__"))

    def current(self):
        return self.filter(is_current=True)


class Brand(models.Model):
    class Stage(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPLIED = "applied", _("applied")
        RETURNED = "returned", _("returned for amendment")
        CERTIFIED = "certified", _("certified")
        CULTIVATING = "cultivating", _("cultivating")
        PUBLICISED = "publicised", _("publicised")
        SELECTED = "selected", _("selected")

    # Who makes each move: the branch ("branch") or the committee above it ("committee").
    TRANSITIONS = {
        Stage.DRAFT: {Stage.APPLIED: "branch"},
        Stage.RETURNED: {Stage.APPLIED: "branch"},
        Stage.APPLIED: {Stage.CERTIFIED: "committee", Stage.RETURNED: "committee"},
        Stage.CERTIFIED: {Stage.CULTIVATING: "committee"},
        Stage.CULTIVATING: {Stage.PUBLICISED: "committee"},
        Stage.PUBLICISED: {Stage.SELECTED: "committee"},
        Stage.SELECTED: {},
    }
    # The stages of a brand the committee has recognised (the cluster shows these).
    RECOGNISED = (Stage.CERTIFIED, Stage.CULTIVATING, Stage.PUBLICISED, Stage.SELECTED)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="brands",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("brand name"), max_length=60)
    core_idea = models.CharField(_("core idea"), max_length=200, blank=True)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_path, max_length=200, blank=True)
    logo_type = models.CharField(_("logo content type"), max_length=40, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    carriers = models.TextField(
        _("carriers"), max_length=2000, blank=True, help_text=_("One carrier per line.")
    )
    impact = models.TextField(_("impact"), max_length=2000, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT, db_index=True
    )
    is_current = models.BooleanField(_("current brand"), default=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = BrandQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["organisation__path", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_current=True),
                name="one_current_brand_per_organisation",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("brands:detail", args=[self.pk])

    @property
    def is_court_brand(self) -> bool:
        return self.organisation.kind == Organisation.Kind.COMMITTEE

    @property
    def carrier_list(self) -> list[str]:
        return [line.strip() for line in self.carriers.splitlines() if line.strip()]

    def mover_of(self, stage: str) -> str | None:
        """'branch' or 'committee': who may move the brand to `stage`, or None."""
        return self.TRANSITIONS[self.Stage(self.stage)].get(self.Stage(stage))

    def transition_to(self, stage: str) -> None:
        """Move to `stage` in memory, refusing what the lifecycle does not allow."""
        stage = self.Stage(stage)
        if self.mover_of(stage) is None:
            raise BrandError(
                gettext("A brand that is %(current)s cannot become %(new)s.")
                % {"current": self.Stage(self.stage).label, "new": stage.label}
            )
        self.stage = stage

    def next_committee_stage(self):
        """The forward stage the committee may move the brand to (not certify/return)."""
        if self.stage in (self.Stage.CERTIFIED, self.Stage.CULTIVATING, self.Stage.PUBLICISED):
            return next(iter(self.TRANSITIONS[self.Stage(self.stage)]))
        return None


class BrandElement(models.Model):
    """One item of the brand's outline: the goal / directions / pivots / requirements."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("goal")
        DIRECTION = "direction", _("direction")
        PIVOT = "pivot", _("pivot")
        REQUIREMENT = "requirement", _("requirement")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="elements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outline element")
        verbose_name_plural = _("outline elements")
        ordering = ["brand", "kind", "position", "pk"]

    def __str__(self):
        return self.title


KIND_ORDER = [k.value for k in BrandElement.Kind]


class SubBrand(models.Model):
    """A named strand of a brand, run as an activity series (理论日, 青年说)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="sub_brands")
    name = models.CharField(_("sub-brand name"), max_length=60)
    series = models.ForeignKey(
        "activities.ActivitySeries",
        on_delete=models.PROTECT,
        related_name="sub_brands",
        null=True,
        blank=True,
        verbose_name=_("activity series"),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-brand")
        verbose_name_plural = _("sub-brands")
        ordering = ["brand", "position", "pk"]

    def __str__(self):
        return self.name


class CertificationCriterion(models.Model):
    """A criterion the committee scores when it certifies a brand (defaults: the 五有)."""

    name = models.CharField(_("criterion"), max_length=60, unique=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("certification criterion")
        verbose_name_plural = _("certification criteria")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class BrandStageChange(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Brand.Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Brand.Stage.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    # Certification: [[criterion name, score 0–100, weight], …] and the weighted total.
    scores = models.JSONField(_("scores"), default=list, blank=True)
    total = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["brand", "date", "pk"]
        indexes = [models.Index(fields=["to_stage", "date"])]

    def __str__(self):
        return f"{self.brand} → {self.get_to_stage_display()}"
