"""Democratic evaluation of members (民主评议党员): a branch's yearly grading of its members.

The secretary opens an EvaluationRound for the branch and a period (e.g. 2026年度); the
branch's current members at that moment are its participants (one Evaluation row each).
While the round is open every participant submits a self-assessment with a self grade
and grades each fellow participant once (PeerGrade, anonymous to the one graded); the
secretary writes a leader review (grade and comment) for each member. Closing the round
proposes a result grade from the peer grades (points.evaluation.propose_grade); the
branch confirms the final grades, at most one third of the participants excellent.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.models import Member, Organisation
from points.models.entries import PointsError


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    QUALIFIED = "qualified", _("qualified")
    BASICALLY_QUALIFIED = "basically_qualified", _("basically qualified")
    UNQUALIFIED = "unqualified", _("unqualified")


def _grade_field(verbose_name, **kwargs):
    return models.CharField(verbose_name, max_length=20, choices=Grade.choices, **kwargs)


class EvaluationRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of the branches the user manages, and the rounds the user takes part in."""
        from branches.access import scope_for, union_of

        scope = scope_for(user)
        if scope.is_admin:
            return self
        parts = []
        if scope.committee_paths or scope.managed_paths:
            parts.append(
                self.model.objects.filter(branch_id__in=scope.subtree_organisation_ids())
                .order_by()
                .values("pk")
            )
        if scope.member is not None:
            parts.append(
                Evaluation.objects.filter(member_id=scope.member.pk).order_by().values("round_id")
            )
        return self.filter(pk__in=union_of(parts))


class EvaluationRound(models.Model):
    """One democratic evaluation of a branch's members for a period."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        CONFIRMED = "confirmed", _("confirmed")

    TRANSITIONS = {
        State.OPEN: {State.CLOSED},
        State.CLOSED: {State.CONFIRMED},
        State.CONFIRMED: set(),
    }

    branch = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
        limit_choices_to={"kind": Organisation.Kind.BRANCH},
        verbose_name=_("branch"),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year evaluated."))
    label = models.CharField(_("period"), max_length=40, help_text=_("For example 2026年度."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = EvaluationRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "label"], name="one_evaluation_round_per_branch_and_period"
            )
        ]
        indexes = [models.Index(fields=["branch", "year"]), models.Index(fields=["year", "state"])]

    def __str__(self):
        return f"{self.branch} · {self.label}"

    def get_absolute_url(self):
        return reverse("points:evaluation_round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED

    def transition_to(self, state: str) -> None:
        """open → closed → confirmed, one step at a time (the caller saves)."""
        state = self.State(state)
        if state not in self.TRANSITIONS[self.State(self.state)]:
            raise PointsError(
                gettext("The evaluation round is %(state)s: this step is not possible now.")
                % {"state": self.State(self.state).label}
            )
        self.state = state


class Evaluation(models.Model):
    """One participant of a round: self-assessment, leader review, proposed and final grade."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("evaluation round"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("member")
    )
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_grade = _grade_field(_("self grade"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    leader_grade = _grade_field(_("leader review grade"), blank=True)
    leader_comment = models.TextField(_("leader review"), blank=True)
    leader_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    leader_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    proposed_grade = _grade_field(
        _("proposed grade"),
        blank=True,
        help_text=_("Proposed when the round closes: the most frequent peer grade."),
    )
    final_grade = _grade_field(_("final grade"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["round", "member__name", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_evaluation_per_member")
        ]
        indexes = [models.Index(fields=["member", "round"])]

    def __str__(self):
        return f"{self.member} · {self.round}"

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


class PeerGrade(models.Model):
    """One participant's grade of a fellow participant; never shown with the rater's name."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.PROTECT,
        related_name="peer_grades",
        verbose_name=_("evaluation round"),
    )
    rater = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("rater")
    )
    rated = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member graded")
    )
    grade = _grade_field(_("grade"))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("peer grade")
        verbose_name_plural = _("peer grades")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "rater", "rated"], name="one_peer_grade_per_pair"
            ),
            models.CheckConstraint(condition=~Q(rater=F("rated")), name="peer_grade_not_self"),
        ]
        indexes = [models.Index(fields=["round", "rated"])]

    def __str__(self):
        return f"{self.round}: {self.get_grade_display()}"
