"""Forms of the star-award pages: opening a selection, a winner's citation, taking an award back."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from branches.errors import ServiceErrorFormMixin
from points import awards, selectors
from points.models import PERIOD_NUMBERS, SELECTION_PERIOD_CHOICES, StarTitle


class SelectionForm(ServiceErrorFormMixin, forms.Form):
    committee = forms.ModelChoiceField(queryset=None, label=_("Organ committee"))
    title = forms.ModelChoiceField(queryset=None, label=_("Title"), empty_label=None)
    period_kind = forms.ChoiceField(label=_("Period"), choices=SELECTION_PERIOD_CHOICES)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    number = forms.TypedChoiceField(
        label=_("Which quarter or half-year"),
        coerce=int,
        choices=[(n, n) for n in range(1, 5)],
        help_text=_("1–4 for a quarter, 1–2 for a half-year, 1 for the year."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = awards.overseen_committees(user)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0].pk
            self.fields["committee"].widget = forms.HiddenInput()
        self.fields["title"].queryset = StarTitle.objects.filter(is_active=True)
        self.fields["year"].choices = [(y, y) for y in selectors.year_choices()]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        kind, number = cleaned.get("period_kind"), cleaned.get("number")
        if kind and number and number > PERIOD_NUMBERS[kind]:
            self.add_error(
                "number", _("A year has %(n)s such periods.") % {"n": PERIOD_NUMBERS[kind]}
            )
        return cleaned


class GrantForm(ServiceErrorFormMixin, forms.Form):
    citation = forms.CharField(
        label=_("Citation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the member is chosen: the deeds the title honours."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
