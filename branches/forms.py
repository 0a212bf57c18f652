from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.errors import ServiceErrorFormMixin
from branches.models import Member, Organisation
from branches.services import ALLOWED_CHILDREN


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BranchSelect(forms.Select):
    """A branch select whose options carry the branch's tree path (data-path)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-path"] = instance.path
        return option


class GroupSelect(forms.Select):
    """A party-group select that follows a branch select (static/js/portal.js): each option
    names its branch's path (data-branch), the select its branch select (data-groups-of)."""

    def __init__(self, *args, branch_field: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if branch_field:
            self.attrs["data-groups-of"] = f"id_{branch_field}"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-branch"] = instance.path[: -Organisation.steplen]
        return option


class LayoutOnlyHelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationForm(ServiceErrorFormMixin, LayoutOnlyHelperMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "short_name",
            "department",
            "is_tribunal",
            "established_on",
            "term_start",
            "term_end",
            "next_election_due",
            "is_active",
        ]
        widgets = {
            "established_on": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
            "next_election_due": DateInput(),
        }

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["kind"]
        else:
            allowed = ALLOWED_CHILDREN[parent.kind if parent else None]
            self.fields["kind"].choices = [
                (k.value, k.label) for k in Organisation.Kind if k in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        return cleaned


OTHER_BRANCH_GROUP = _("This party group is not part of the chosen branch.")


class MemberForm(ServiceErrorFormMixin, LayoutOnlyHelperMixin, forms.ModelForm):
    # Only the branch's own groups are offered and accepted.
    group = forms.ModelChoiceField(
        label=_("party group"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": OTHER_BRANCH_GROUP},
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "employee_number",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "joined_on",
            "full_member_on",
            "status",
            "state",
            "department",
            "job_category",
            "post_title",
            "phone",
            "id_number",
            "talent_tier",
        ]
        widgets = {
            "birth_date": DateInput(),
            "joined_on": DateInput(),
            "full_member_on": DateInput(),
        }

    def __init__(self, *args, branch, show_id_number=True, show_phone=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.show_phone = show_phone
        if not show_phone and self.instance.phone:
            # Who may not see the number gets it masked; leaving it so keeps the stored one.
            self.initial["phone"] = self.instance.masked_phone
            self.fields["phone"].help_text = _(
                "Shown masked; leave it as it is to keep the number, or enter a new one."
            )
        self.fields["group"].queryset = Organisation.objects.filter(
            branch.subtree_q(), kind=Organisation.Kind.GROUP, is_active=True
        )
        if self.instance.pk:
            del self.fields["group"]  # changing group is a transfer
        if not show_id_number:
            del self.fields["id_number"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if not self.show_phone and self.instance.phone and phone == self.instance.masked_phone:
            return self.instance.phone
        if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            raise forms.ValidationError(_("Enter an 11-digit mobile number starting with 1."))
        return phone

    def clean_employee_number(self):
        return self.cleaned_data["employee_number"].strip()

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value and not (
            len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")
        ):
            raise forms.ValidationError(
                _("An ID number has 18 characters: 17 digits and a digit or X.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        joined, full = cleaned.get("joined_on"), cleaned.get("full_member_on")
        if joined and full and full < joined:
            self.add_error(
                "full_member_on", _("A member becomes a full member after joining the Party.")
            )
        if cleaned.get("status") == Member.Status.PROBATIONARY and full:
            self.add_error(
                "full_member_on", _("A probationary member has no full-member date yet.")
            )
        return cleaned


class TransferForm(ServiceErrorFormMixin, LayoutOnlyHelperMixin, forms.Form):
    branch = forms.ModelChoiceField(
        label=_("to branch"), queryset=Organisation.objects.none(), widget=BranchSelect
    )
    # In the browser the groups follow the chosen branch; the server checks it in clean().
    group = forms.ModelChoiceField(
        label=_("party group"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=GroupSelect(branch_field="branch"),
    )
    on = forms.DateField(label=_("transfer date"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        under_branches = Organisation.subtrees_q(branches.values_list("path", flat=True))
        self.fields["group"].queryset = Organisation.objects.filter(
            under_branches, kind=Organisation.Kind.GROUP, is_active=True
        )
        self.fields["group"].label_from_instance = lambda g: g.name
        self.initial.setdefault("on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        branch, group = cleaned.get("branch"), cleaned.get("group")
        if branch and group and not group.path.startswith(branch.path):
            self.add_error("group", OTHER_BRANCH_GROUP)
        return cleaned
