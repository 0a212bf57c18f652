from django import forms
from django.utils.translation import gettext_lazy as _

from notices.models import Notification

CHECKBOX = forms.CheckboxInput(attrs={"class": "form-check-input"})


class PreferencesForm(forms.Form):
    """One e-mail and one SMS checkbox per kind of notification (the inbox always gets it).

    Rendered as a table (kind, inbox, e-mail, SMS) from `rows`; crispy shows the errors.
    """

    def __init__(self, *args, initial_choices: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind in Notification.Kind:
            email, sms = initial_choices[kind.value]
            self.fields[f"{kind.value}_email"] = forms.BooleanField(
                label=_("E-mail"), required=False, initial=email, widget=CHECKBOX
            )
            self.fields[f"{kind.value}_sms"] = forms.BooleanField(
                label=_("SMS"), required=False, initial=sms, widget=CHECKBOX
            )
            self.rows.append((kind.label, self[f"{kind.value}_email"], self[f"{kind.value}_sms"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"{kind.value}_email"], data[f"{kind.value}_sms"])
            for kind in Notification.Kind
        }
