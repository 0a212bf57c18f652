"""Forms of the democratic evaluation: opening a round, a member's form, leader review, confirming.

The forms refuse more than one third excellent grades (points.evaluation.check_excellent_cap)
before the service does, so the member sees the message next to the grades they gave.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from branches.errors import ServiceErrorFormMixin
from points import evaluation, selectors
from points.models import Evaluation, Grade, PointsError


def _check_cap(grades, participants: int) -> None:
    try:
        evaluation.check_excellent_cap(grades, participants=participants)
    except PointsError as error:
        raise ValidationError(error.message, code="too_many_excellent") from None


class RoundForm(ServiceErrorFormMixin, forms.Form):
    branch = forms.ModelChoiceField(queryset=None, label=_("Branch"))
    year = forms.TypedChoiceField(label=_("Year evaluated"), coerce=int)
    label = forms.CharField(
        label=_("Period"),
        max_length=40,
        help_text=_("As it appears on the records, e.g. 2026年度."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        branches = evaluation.branches_to_open(user)
        self.fields["branch"].queryset = branches
        if len(branches) == 1:
            self.fields["branch"].initial = branches[0].pk
        year = selectors.current_year()
        self.fields["year"].choices = [(y, y) for y in selectors.year_choices()]
        self.fields["year"].initial = year
        self.fields["label"].initial = _t("%(year)s annual") % {"year": year}
        self.helper = FormHelper()
        self.helper.form_tag = False


class EvaluationForm(ServiceErrorFormMixin, forms.Form):
    """A participant's form: self-assessment and self grade, then one grade per fellow member."""

    self_assessment = forms.CharField(
        label=_("Self-assessment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "How you kept to the Party's rules, studied, did your work and served the public this year."
        ),
    )
    self_grade = forms.ChoiceField(label=_("Self grade"), choices=[("", "—"), *Grade.choices])

    def __init__(self, *args, fellows, participants: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fellows = list(fellows)
        self.participants = participants
        for fellow in self.fellows:
            self.fields[f"peer_{fellow.pk}"] = forms.ChoiceField(
                label=fellow.name, choices=Grade.choices, widget=forms.RadioSelect
            )

    @property
    def excellent_limit(self) -> int:
        return evaluation.excellent_limit(self.participants)

    def peer_rows(self):
        """(fellow, bound field) pairs for the grading table."""
        return [(fellow, self[f"peer_{fellow.pk}"]) for fellow in self.fellows]

    def clean(self):
        cleaned = super().clean()
        _check_cap(self.peer_grades().values(), self.participants)
        return cleaned

    def peer_grades(self) -> dict[int, str]:
        return {
            fellow.pk: self.cleaned_data[f"peer_{fellow.pk}"]
            for fellow in self.fellows
            if self.cleaned_data.get(f"peer_{fellow.pk}")
        }


class ReviewForm(ServiceErrorFormMixin, forms.Form):
    """The secretary's leader review: a grade and a comment for each participant."""

    def __init__(self, *args, evaluations: list[Evaluation], **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluations = evaluations
        for e in evaluations:
            self.fields[f"grade_{e.member_id}"] = forms.ChoiceField(
                label=_("Leader review grade"),
                choices=[("", "—"), *Grade.choices],
                required=False,
                initial=e.leader_grade,
            )
            self.fields[f"comment_{e.member_id}"] = forms.CharField(
                label=_("Leader review"),
                max_length=1000,
                required=False,
                initial=e.leader_comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (e, self[f"grade_{e.member_id}"], self[f"comment_{e.member_id}"])
            for e in self.evaluations
        ]

    def clean(self):
        cleaned = super().clean()
        _check_cap(
            [cleaned.get(f"grade_{e.member_id}", "") for e in self.evaluations],
            len(self.evaluations),
        )
        return cleaned

    def reviews(self) -> dict[int, tuple[str, str]]:
        return {
            e.member_id: (
                self.cleaned_data.get(f"grade_{e.member_id}", ""),
                self.cleaned_data.get(f"comment_{e.member_id}", ""),
            )
            for e in self.evaluations
        }


class ConfirmForm(ServiceErrorFormMixin, forms.Form):
    """The final grade of each participant, starting from the proposal."""

    def __init__(self, *args, evaluations: list[Evaluation], **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluations = evaluations
        for e in evaluations:
            self.fields[f"final_{e.member_id}"] = forms.ChoiceField(
                label=_("Final grade"),
                choices=[("", "—"), *Grade.choices],
                initial=e.proposed_grade,
                widget=forms.Select(
                    attrs={"class": "form-select form-select-sm", "aria-label": e.member.name}
                ),
            )

    def rows(self):
        return [(e, self[f"final_{e.member_id}"]) for e in self.evaluations]

    def clean(self):
        cleaned = super().clean()
        _check_cap(
            [cleaned.get(f"final_{e.member_id}", "") for e in self.evaluations],
            len(self.evaluations),
        )
        return cleaned

    def final_grades(self) -> dict[int, str]:
        return {e.member_id: self.cleaned_data[f"final_{e.member_id}"] for e in self.evaluations}
