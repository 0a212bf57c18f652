from django import forms
from django.utils.translation import gettext_lazy as _

from notices import kinds

CHECKBOX = forms.CheckboxInput(attrs={"class": "form-check-input"})


class PreferencesForm(forms.Form):
    """One e-mail and one SMS checkbox per kind of notification (the inbox always gets it).

    Rendered as a table (kind, inbox, e-mail, SMS) from `rows`; crispy shows the errors.
    """

    def __init__(self, *args, initial_choices: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind in kinds.kinds():
            email, sms = initial_choices[kind.code]
            self.fields[f"{kind.code}_email"] = forms.BooleanField(
                label=_("E-mail"), required=False, initial=email, widget=CHECKBOX
            )
            self.fields[f"{kind.code}_sms"] = forms.BooleanField(
                label=_("SMS"), required=False, initial=sms, widget=CHECKBOX
            )
            self.rows.append((kind.label, self[f"{kind.code}_email"], self[f"{kind.code}_sms"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.code: (data[f"{kind.code}_email"], data[f"{kind.code}_sms"])
            for kind in kinds.kinds()
        }
