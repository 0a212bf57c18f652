"""Forms of the ledgers pages; the services check the rules and the forms show their errors."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.attachments import ACCEPT
from activities.models import Activity, ActivitySeries, ActivityType
from branches.errors import ServiceErrorFormMixin
from branches.models import Member, Organisation
from ledgers.models import AnnualReport, Category, PeriodKind, Role, TargetKind


class _Form(ServiceErrorFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def assignee_choices(owner: Organisation | None, member: Member | None) -> list[tuple[str, str]]:
    """The organisation itself, the organisations below it and its active members."""
    if owner is None:
        return [(f"member:{member.pk}", member.name)]
    organisations = Organisation.objects.filter(path__startswith=owner.path, is_active=True)
    field = "group" if owner.is_group else "branch__path__startswith"
    value = owner if owner.is_group else owner.path
    members = Member.objects.current().filter(**{field: value}).order_by("name")[:500]
    return [
        ("", _("the organisation itself")),
        *[(f"organisation:{o.pk}", o.name) for o in organisations],
        *[(f"member:{m.pk}", f"{m.name}（{m.employee_number}）") for m in members],
    ]


def parse_assignee(value: str):
    kind, _sep, pk = (value or "").partition(":")
    if kind == "organisation":
        return Organisation.objects.filter(pk=pk).first(), None
    if kind == "member":
        return None, Member.objects.filter(pk=pk).select_related("branch").first()
    return None, None


class TaskForm(_Form):
    FIELD_FOR = {"assignee": "assignee"}

    title = forms.CharField(label=_("Task title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Only for an annual or routine task; others are due at the end of each period."
        ),
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    weight = forms.DecimalField(label=_("Weight"), initial=1, max_digits=5, decimal_places=2)
    role = forms.ChoiceField(
        label=_("Responsibility"), choices=[("", "—"), *Role.choices], required=False
    )
    target_kind = forms.ChoiceField(
        label=_("Counted target"), choices=TargetKind.choices, required=False
    )
    target_activity_type = forms.ModelChoiceField(
        label=_("Activity type"),
        queryset=ActivityType.objects.filter(is_active=True),
        required=False,
    )
    target_series = forms.ModelChoiceField(
        label=_("Activity series"), queryset=ActivitySeries.objects.none(), required=False
    )
    target_count = forms.IntegerField(
        label=_("Times per period"), min_value=1, max_value=100, required=False
    )
    target_rate = forms.IntegerField(
        label=_("Attendance rate at least (%)"), min_value=1, max_value=100, required=False
    )

    def __init__(self, *args, responsibility_list, **kwargs):
        super().__init__(*args, **kwargs)
        owner = responsibility_list.organisation
        self.fields["assignee"].choices = assignee_choices(owner, responsibility_list.member)
        if owner is not None:
            self.fields["target_series"].queryset = ActivitySeries.objects.filter(
                branch__path__startswith=owner.path
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        organisation, member = parse_assignee(data.pop("assignee"))
        data["assignee_organisation"], data["assignee_member"] = organisation, member
        return data


class TaskChangeForm(_Form):
    title = forms.CharField(label=_("Task title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2)
    role = forms.ChoiceField(
        label=_("Responsibility"), choices=[("", "—"), *Role.choices], required=False
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BreakDownForm(_Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Party groups"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    title = forms.CharField(
        label=_("Title of the child tasks"),
        max_length=200,
        required=False,
        help_text=_("Empty: the title of the task received."),
    )
    FIELD_FOR = {"assignees": "groups"}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Organisation.objects.filter(
            path__startswith=organisation.path, is_active=True
        ).exclude(pk=organisation.pk)
        self.fields["members"].queryset = (
            Member.objects.current()
            .filter(branch__path__startswith=organisation.path)
            .order_by("name")
        )


class ReportForm(_Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("This period is done"), required=False)
    evidence = forms.FileField(
        label=_("Evidence file (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Never required: a note is enough."),
    )
    activity = forms.ModelChoiceField(
        label=_("Recorded activity (optional)"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activity"].queryset = activities


class WaiveForm(_Form):
    reason = forms.CharField(label=_("Reason for waiving"), max_length=200)


class WithdrawForm(_Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=200)


class AdjustForm(_Form):
    score = forms.DecimalField(
        label=_("Confirmed score"), min_value=0, max_value=100, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportTextForm(_Form):
    text = forms.CharField(label=_("Your report"), widget=forms.Textarea(attrs={"rows": 10}))


class GradeForm(_Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=AnnualReport.Grade.choices)
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
