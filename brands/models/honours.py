"""Honours of a brand, an organisation or a member."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branches.models import Member, Organisation
from brands.models.base import (
    court_q,
    honour_path,
)
from brands.models.brands import Brand


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
