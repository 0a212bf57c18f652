"""Forms of the partner register: the filters of its list and a partner's fields."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import PartnerOrganisation
from branches.errors import ServiceErrorFormMixin

PHONE = re.compile(r"^\+?\d{7,15}$")


class PartnerFilterForm(forms.Form):
    """Filters of the partner list (GET): name, kind, and whether archived ones show."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Partner's name")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of partner"),
        required=False,
        choices=[("", _("All kinds")), *PartnerOrganisation.Kind.choices],
    )
    archived = forms.BooleanField(label=_("Show archived partners"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["archived"].widget.attrs["class"] = "form-check-input"

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "search": data.get("q") or "",
            "kind": data.get("kind") or "",
            "archived": bool(data.get("archived")),
        }


class PartnerForm(ServiceErrorFormMixin, forms.Form):
    """A partner's fields; the service (activities.services.partner_save) checks the name."""

    name = forms.CharField(label=_("Organisation name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerOrganisation.Kind.choices)
    contact_person = forms.CharField(label=_("Contact person"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, partner: PartnerOrganisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is not None and not self.is_bound:
            self.initial.update(
                {name: getattr(partner, name) for name in self.fields if hasattr(partner, name)}
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Row(
                Column("contact_person", css_class="col-md-4"),
                Column("contact_phone", css_class="col-md-4"),
                Column("address", css_class="col-md-4"),
            ),
            "note",
        )

    def clean_contact_phone(self):
        phone = re.sub(r"[\s\-－]", "", self.cleaned_data["contact_phone"])
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter a phone number of 7 to 15 digits, e.g. 13812345678 or 0571-88881234.")
            )
        return phone

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
