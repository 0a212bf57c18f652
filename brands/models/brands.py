"""Brands: a branch's brand with its outline, sub-brands, stages, honours and results,
and the innovation-project rounds with their cross review.

* `Brand` (one current per organisation; a replaced brand keeps `is_current=False`, and
  simple_history keeps every rename) moves through `Brand.Stage` with one method,
  `Brand.transition_to`, that refuses what the lifecycle does not allow; each move is a
  `BrandStageChange` row (date, note, who; the certification scores with it).
* `SubBrand` points at an activities `ActivitySeries`: the results counted from activities
  (sessions, attendance, people served, disputes resolved) are read from there.
* `Honour` belongs to exactly one of a brand, an organisation or a member.
* `InnovationRound` → `InnovationProject` (one per branch) → `CrossReview` (K per project,
  never by the project's own branch) → `ReviewScore` per `RoundCriterion`.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.errors import PortalError
from branches.models import Member, Organisation


class BrandError(PortalError):
    """A refused change in the brands app."""


def _stored_name(folder: str, filename: str) -> str:
    """brands/<folder>/<year>/<random>.<ext>: the stored name reveals nothing."""
    now = timezone.localtime()
    suffix = PurePath(filename).suffix.lower()
    return f"brands/{folder}/{now:%Y}/{uuid.uuid4().hex}{suffix}"


def logo_path(instance, filename):
    return _stored_name("logos", filename)


def honour_path(instance, filename):
    return _stored_name("honours", filename)


def project_path(instance, filename):
    return _stored_name("projects", filename)


# --- access ----------------------------------------------------------------------------------
def court_q(user, prefix: str = "") -> Q:
    """Objects of the organisations the user may read: their scope plus their own court."""
    from branches.access import scope_for
    from brands.access import court_paths

    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    paths = scope.committee_paths + scope.managed_paths + court_paths(user)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


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


# --- honours ---------------------------------------------------------------------------------
class HonourQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_withdrawn=False)

    def visible_to(self, user):
        return self.filter(
            court_q(user, "brand__organisation__") & Q(brand__isnull=False)
            | court_q(user, "organisation__") & Q(organisation__isnull=False)
            | court_q(user, "member__branch__") & Q(member__isnull=False)
        )


class Honour(models.Model):
    class Level(models.TextChoices):
        COURT = "court", _("court")
        CITY = "city", _("city")
        PROVINCE = "province", _("province")
        NATIONAL = "national", _("national")

    title = models.CharField(_("honour"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=100)
    date = models.DateField(_("date awarded"))
    file = models.FileField(
        _("certificate file"), upload_to=honour_path, max_length=200, blank=True
    )
    file_type = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    project = models.OneToOneField(
        "InnovationProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honour",
    )
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = HonourQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(brand__isnull=False, organisation__isnull=True, member__isnull=True)
                    | Q(brand__isnull=True, organisation__isnull=False, member__isnull=True)
                    | Q(brand__isnull=True, organisation__isnull=True, member__isnull=False)
                ),
                name="honour_has_one_holder",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def holder(self):
        return self.brand or self.organisation or self.member

    @property
    def owning_organisation(self):
        if self.brand_id:
            return self.brand.organisation
        if self.organisation_id:
            return self.organisation
        return self.member.branch


# --- results register ---------------------------------------------------------------------------
class ResearchTopic(models.Model):
    class Tier(models.TextChoices):
        MAJOR = "major", _("major topic of a higher court")
        KEY = "key", _("court key topic")
        GENERAL = "general", _("department general topic")

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("research topic"), max_length=200)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    lead = models.CharField(_("lead researchers"), max_length=100, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research topic")
        verbose_name_plural = _("research topics")
        ordering = ["brand", "-year", "tier", "pk"]

    def __str__(self):
        return self.title


class TopicStep(models.Model):
    """One of the seven steps of a research topic, done on a date."""

    class Step(models.IntegerChoices):
        PROPOSAL = 1, _("topic proposal")
        LECTURE = 2, _("special lecture")
        GUIDANCE = 3, _("follow-up guidance")
        DEFENCE = 4, _("in-court defence")
        EXTERNAL = 5, _("external guidance")
        REVISION = 6, _("concentrated revision")
        SUBMISSION = 7, _("selection and submission")

    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic step")
        verbose_name_plural = _("topic steps")
        ordering = ["topic", "step"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "step"], name="one_row_per_topic_step")
        ]

    def __str__(self):
        return f"{self.topic} · {self.get_step_display()}"


class Result(models.Model):
    """A judicial suggestion, a typical case or another result of the brand."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("judicial suggestion")
        TYPICAL_CASE = "typical_case", _("typical case")
        OTHER = "other", _("other result")

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    recipient = models.CharField(_("receiving body"), max_length=100, blank=True)
    reply_received = models.BooleanField(_("reply received"), default=False)
    level = models.CharField(_("level"), max_length=20, choices=Honour.Level.choices, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["brand", "kind", "-date", "pk"]

    def __str__(self):
        return self.title


# --- innovation-project rounds -------------------------------------------------------------------
class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(court_q(user, "committee__"))


class InnovationRound(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open for submissions")
        REVIEW = "review", _("in cross review")
        CLOSED = "closed", _("review closed")
        PUBLISHED = "published", _("published")

    TRANSITIONS = {
        State.OPEN: {State.REVIEW},
        State.REVIEW: {State.CLOSED},
        State.CLOSED: {State.PUBLISHED},
        State.PUBLISHED: set(),
    }

    committee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="innovation_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    submission_deadline = models.DateField(_("submission deadline"))
    review_deadline = models.DateField(_("review deadline"))
    select_count = models.PositiveSmallIntegerField(_("number to select"), default=5)
    excellent_cap_percent = models.PositiveSmallIntegerField(
        _("cap on excellent (percent of those selected)"), default=50
    )
    reviewers_per_project = models.PositiveSmallIntegerField(_("reviewers per project"), default=3)
    state = models.CharField(
        _("round state"), max_length=20, choices=State.choices, default=State.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("innovation-project round")
        verbose_name_plural = _("innovation-project rounds")
        ordering = ["-year", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("brands:round_detail", args=[self.pk])

    def transition_to(self, state: str) -> None:
        state = self.State(state)
        if state not in self.TRANSITIONS[self.State(self.state)]:
            raise BrandError(
                gettext("A round that is %(current)s cannot become %(new)s.")
                % {"current": self.State(self.state).label, "new": state.label}
            )
        self.state = state

    @property
    def excellent_cap(self) -> int:
        return self.select_count * self.excellent_cap_percent // 100

    @property
    def scores_visible(self) -> bool:
        return self.state in (self.State.CLOSED, self.State.PUBLISHED)


class RoundCriterion(models.Model):
    round = models.ForeignKey(InnovationRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=60)
    weight = models.PositiveSmallIntegerField(_("full marks"))
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["round", "position", "pk"]

    def __str__(self):
        return self.name


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(court_q(user, "branch__"))


class InnovationProject(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", _("not decided")
        EXCELLENT = "excellent", _("excellent")
        SELECTED = "selected", _("chosen in the round")
        NOT_SELECTED = "not_selected", _("not selected")

    round = models.ForeignKey(InnovationRound, on_delete=models.PROTECT, related_name="projects")
    branch = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="innovation_projects"
    )
    brand = models.ForeignKey(
        Brand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("brand"),
    )
    title = models.CharField(_("project title"), max_length=120)
    summary = models.TextField(_("summary"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("innovation project")
        verbose_name_plural = _("innovation projects")
        ordering = ["round", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "branch"], name="one_project_per_branch")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("brands:project_detail", args=[self.pk])

    @property
    def is_selected(self) -> bool:
        return self.decision in (self.Decision.EXCELLENT, self.Decision.SELECTED)


class ProjectAttachment(models.Model):
    project = models.ForeignKey(
        InnovationProject, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=project_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "pk"]

    def __str__(self):
        return self.original_name


class CrossReview(models.Model):
    project = models.ForeignKey(InnovationProject, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cross_reviews"
    )
    reviewer_branch = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer branch")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cross review")
        verbose_name_plural = _("cross reviews")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self):
        return f"{self.project} / {self.reviewer}"

    def get_absolute_url(self):
        return reverse("brands:review", args=[self.pk])

    @property
    def is_late(self) -> bool:
        deadline = self.project.round.review_deadline
        if self.submitted_at is not None:
            return timezone.localtime(self.submitted_at).date() > deadline
        return timezone.localdate() > deadline


class ReviewScore(models.Model):
    review = models.ForeignKey(CrossReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RoundCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=1)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion} {self.score}"
