"""Forms of the points pages: the claim form, the reject form and the admin's manual entry."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.errors import ServiceErrorFormMixin
from points.evidence import ACCEPT, check_evidence
from points.models import PointEntry, PointRule, PointsError, Source
from points.services import award_amount


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rule):
        return f"{rule.name}（{rule.points:+}）"


class ClaimForm(ServiceErrorFormMixin, forms.Form):
    rule = RuleChoiceField(
        PointRule.objects.none(), label=_("What for"), empty_label=_("Choose what you claim for")
    )
    date = forms.DateField(
        label=_("Date of the work"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example the day the article was published."),
    )
    description = forms.CharField(
        label=_("Claim details"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("What you did: title, where it was published, who gave the award…"),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("A PDF, JPG, PNG or Word file of at most 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = PointRule.objects.claimable().order_by("sort_order", "pk")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            check_evidence(evidence)
        return evidence

    def clean(self):
        cleaned = super().clean()
        rule = cleaned.get("rule")
        if (
            rule is not None
            and rule.evidence_required
            and not cleaned.get("evidence")
            and "evidence" not in self.errors
        ):
            self.add_error(
                "evidence",
                ValidationError(
                    _("“%(rule)s” needs evidence: attach a file."),
                    code="evidence_required",
                    params={"rule": rule.name},
                ),
            )
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ManualEntryForm(forms.ModelForm):
    """The admin's form for a manual or award entry; saved by points.services.points_award."""

    points = forms.DecimalField(
        label=_("points"),
        max_digits=7,
        decimal_places=1,
        required=False,
        help_text=_("Empty for the rule's points."),
    )

    class Meta:
        model = PointEntry
        fields = ["member", "rule", "points", "date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = PointRule.objects.active().filter(
            source__in=[Source.MANUAL, Source.AWARD]
        )
        self.fields["date"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        member, rule, date = cleaned.get("member"), cleaned.get("rule"), cleaned.get("date")
        if member and rule and date:
            try:
                cleaned["points"] = award_amount(
                    member=member, rule=rule, date=date, points=cleaned.get("points")
                )
            except PointsError as error:
                raise ValidationError({error.field or "__all__": error.message}) from None
        return cleaned


class BranchAwardForm(ServiceErrorFormMixin, forms.Form):
    """A secretary's manual points for a member of the branch (支部认定), with a reason."""

    rule = RuleChoiceField(PointRule.objects.none(), label=_("What for"))
    points = forms.DecimalField(
        label=_("Points"),
        max_digits=7,
        decimal_places=1,
        required=False,
        help_text=_("Empty for the rule's points."),
    )
    date = forms.DateField(
        label=_("Date of the work"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the branch gives these points; the member reads it in their history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = (
            PointRule.objects.active().filter(source=Source.MANUAL).order_by("sort_order", "pk")
        )
        self.fields["date"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Give the reason for the points."))
        return note
