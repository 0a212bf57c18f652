"""Innovation-project rounds: criteria, one project per branch, its attachments, the
cross reviews and their scores."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Organisation
from brands.models.base import (
    BrandError,
    court_q,
    project_path,
)
from brands.models.brands import Brand


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
