from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.errors import ServiceErrorFormMixin
from branches.periods import Period


class PeriodForm(forms.Form):
    """The period and subtree of a dashboard page (GET)."""

    period = forms.CharField(
        label=_("Period"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("2026 / 2026-Q1 / 2026-03")}),
    )


class ScoresForm(ServiceErrorFormMixin, forms.Form):
    """Scores of the hand-scored criteria (one field each) and a note."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, initial_scores=None, note_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        for criterion in criteria:
            self.fields[criterion.code] = forms.DecimalField(
                label=f"{criterion.name}（{criterion.weight}）",
                required=False,
                min_value=Decimal(0),
                max_value=criterion.weight,
                decimal_places=1,
                initial=initial_scores.get(criterion.code),
            )
        if note_label:
            self.fields["note"].label = note_label
        self.order_fields([c.code for c in criteria] + ["note"])
        self.codes = [c.code for c in criteria]

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(code) for code in self.codes}


class ConfirmForm(ServiceErrorFormMixin, forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Confirmed stars"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why these stars; kept with the rating beside the computed ones."),
    )


def period_from(text: str | None, default: Period) -> Period:
    """A month, quarter, half-year or year from a URL value, else `default`."""
    period = Period.parse(text)
    if period is None or period.kind == Period.Kind.WEEK:
        return default
    return period
