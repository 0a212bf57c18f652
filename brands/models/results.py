"""A brand's results register: research topics with their steps, and results."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from brands.models.brands import Brand
from brands.models.honours import Honour


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
