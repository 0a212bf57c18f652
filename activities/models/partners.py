"""PartnerOrganisation: each court's register of organisations its branches co-build with.

Co-building and volunteer service activities choose their partners from this register
(`Activity.partner_organisations`) instead of typing free text, so each partner has a
history of what was done with it. A partner is archived, never deleted; simple_history
keeps its changes. Changes go through activities/services.py (partner_save, partner_archive).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.access import scope_for
from branches.masking import mask_phone
from branches.models import Organisation


def normalise_partner_name(name: str) -> str:
    """The name as stored: trimmed, runs of spaces (also full-width ones) made one space."""
    return " ".join((name or "").split())


class PartnerOrganisationQuerySet(models.QuerySet):
    def current(self):
        """Partners not archived: the ones a form offers."""
        return self.filter(is_archived=False)

    def named(self, name: str):
        """The partner with this name, ignoring case and spaces around or doubled."""
        return self.filter(name__iexact=normalise_partner_name(name))

    def for_court(self, path: str):
        """The register of the court at `path` (its own partners and the shared ones)."""
        return self.filter(Q(court__path=path) | Q(court__isnull=True))

    def visible_to(self, user):
        """The registers of the courts the user leads in (an admin: every court's)."""
        scope = scope_for(user)
        if scope.is_admin:
            return self
        courts = sorted({court_path(path) for path in scope.managing_paths})
        return self.filter(Q(court__path__in=courts) | Q(court__isnull=True))


def court_path(path: str) -> str:
    """The path of the court (the tree's root) an organisation's path lies under."""
    return path[: Organisation.steplen]


def court_of_user(user) -> Organisation | None:
    """The court a leader adds partners to: that of the first subtree they manage."""
    scope = scope_for(user)
    if scope.is_admin or not scope.managing_paths:
        return None
    return Organisation.objects.get(path=court_path(scope.managing_paths[0]))


class PartnerOrganisation(models.Model):
    """An organisation outside the branch a branch co-builds with or serves with (共建单位)."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("community")
        ENTERPRISE = "enterprise", _("enterprise")
        SCHOOL = "school", _("school")
        COURT = "court", _("another court")
        GOVERNMENT = "government", _("government agency")
        SOCIAL = "social", _("social organisation")
        OTHER = "other", _("other")

    court = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court"),
        help_text=_("The court whose register holds the partner; empty: offered to every court."),
    )
    name = models.CharField(_("organisation name"), max_length=100)
    kind = models.CharField(
        _("kind of partner"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("No longer offered in the record form; its history is kept."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerOrganisationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                F("court"),
                name="partner_organisation_name_ci_unique_per_court",
                violation_error_message=_("The register already has a partner of this name."),
            )
        ]
        indexes = [models.Index(fields=["is_archived", "kind"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("activities:partner_detail", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)
