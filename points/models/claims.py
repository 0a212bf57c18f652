"""Point claims: a member asks for points with evidence; a branch leader decides."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.models import Member
from points.models.entries import PointEntry, PointRule, PointsError, Source


def _evidence_path(instance, filename):
    """points/claims/<year>/<random>.<ext>: the stored name reveals nothing."""
    suffix = PurePath(filename).suffix.lower()
    return f"points/claims/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class PointClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own claims, and those of members of the branches they manage."""
        from branches.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(member_id__in=scope.member_ids(with_groups=False))

    def pending(self):
        return self.filter(status=PointClaim.Status.PENDING)


class PointClaim(models.Model):
    """A member asks for points under a claimable rule, with evidence; a branch leader decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="point_claims", verbose_name=_("member")
    )
    rule = models.ForeignKey(
        PointRule,
        on_delete=models.PROTECT,
        related_name="claims",
        limit_choices_to={"source": Source.CLAIM},
        verbose_name=_("rule"),
    )
    date = models.DateField(_("date of the work"))
    description = models.TextField(_("claim details"))
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    evidence_size = models.PositiveIntegerField(_("evidence size"), null=True, blank=True)
    evidence_type = models.CharField(_("evidence content type"), max_length=100, blank=True)
    status = models.CharField(
        _("claim status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    entry = models.OneToOneField(
        PointEntry,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("point entry"),
    )

    objects = PointClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("point claim")
        verbose_name_plural = _("point claims")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["member", "created"]),
            models.Index(fields=["status", "created"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="rejected_claim_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(entry__isnull=False),
                name="approved_claim_has_entry",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.rule}"

    def get_absolute_url(self):
        return reverse("points:claim_detail", args=[self.pk])

    def transition_to(self, status: str) -> None:
        """Move to `status` in memory, refusing what the lifecycle does not allow.

        pending → approved / rejected / withdrawn; the others are final. The caller
        (a service) saves.
        """
        status = self.Status(status)
        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise PointsError(
                gettext("This claim is already %(status)s.")
                % {"status": self.Status(self.status).label}
            )
        self.status = status

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def evidence_is_image(self) -> bool:
        return self.evidence_type.startswith("image/")
