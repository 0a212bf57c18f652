"""Forms of the activities pages: the record form with its attendance table, filters, withdrawal."""

import datetime
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.attachments import ACCEPT, check_upload
from activities.models import (
    Activity,
    ActivitySeries,
    ActivityType,
    Attendance,
    PartnerOrganisation,
    court_path,
)
from activities.selectors import (
    Period,
    organisation_members,
    partner_choices,
    rooms_for,
    series_for,
    types_for,
)
from activities.services import AttendanceEntry, split_employee_numbers
from branches.choices import cached_choices
from branches.errors import ServiceErrorFormMixin
from branches.models import ActivityRoom, Member, Organisation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django docs, "Uploading multiple files")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            files = [single_file_clean(item, initial) for item in data]
        else:
            files = [single_file_clean(data, initial)]
        return [f for f in files if f]


class ActivityForm(ServiceErrorFormMixin, forms.Form):
    """The activity's fields in the record form; the attendance table is AttendanceTable."""

    activity_type = forms.ModelChoiceField(ActivityType.objects.none(), label=_("Activity type"))
    series = forms.ModelChoiceField(
        ActivitySeries.objects.none(), label=_("Series"), required=False
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    room = forms.ModelChoiceField(
        ActivityRoom.objects.none(), label=_("Activity room"), required=False
    )
    location = forms.CharField(label=_("Other location"), max_length=200, required=False)
    lead = forms.ModelChoiceField(Member.objects.none(), label=_("Lead or speaker"), required=False)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Meeting minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    partners = forms.ModelMultipleChoiceField(
        Organisation.objects.none(),
        label=_("Partner branches"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    # The register of partner organisations replaces the old free text (partner_names,
    # kept on the activity but no longer edited here).
    partner_organisations = forms.ModelMultipleChoiceField(
        PartnerOrganisation.objects.none(),
        label=_("Choose from the register"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "partner-choice"}),
        help_text=_("Communities, schools, enterprises, courts… from the partner register."),
    )
    people_served = forms.IntegerField(label=_("People served"), min_value=0, required=False)
    disputes_resolved = forms.IntegerField(
        label=_("Disputes resolved"), min_value=0, required=False
    )
    suggestions_collected = forms.IntegerField(
        label=_("Suggestions collected"), min_value=0, required=False
    )
    service_hours = forms.DecimalField(
        label=_("Service hours"), min_value=0, max_digits=7, decimal_places=1, required=False
    )
    guests = forms.CharField(
        label=_("Guests from other branches"),
        required=False,
        help_text=_("Employee numbers, separated by 、 or commas; they are recorded as present."),
    )
    attachments = MultipleFileField(
        label=_("Photos and files"),
        required=False,
        help_text=_("Photos, PDF or Word files; several at once."),
    )

    RESULT_FIELDS = ("people_served", "disputes_resolved", "suggestions_collected", "service_hours")

    def __init__(
        self, *args, organisation: Organisation, activity: Activity | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.activity = activity
        types = types_for(organisation)
        if activity is not None:
            types = types | ActivityType.objects.filter(pk=activity.activity_type_id)
        self.fields["activity_type"].queryset = types.distinct()
        self.fields["series"].queryset = series_for(organisation)
        self.fields["room"].queryset = rooms_for(organisation)
        leads = organisation_members(organisation)
        if activity is not None and activity.lead_id:
            leads = leads | Member.objects.filter(pk=activity.lead_id)
        self.fields["lead"].queryset = leads.distinct().order_by("name", "employee_number")
        self.fields["partners"].queryset = partner_choices(organisation)
        registered = PartnerOrganisation.objects.current().for_court(court_path(organisation.path))
        if activity is not None and activity.pk:
            registered = registered | PartnerOrganisation.objects.filter(activities=activity)
        self.fields["partner_organisations"].queryset = registered.distinct().order_by("name")
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT
        cached_choices(self)
        if activity is not None:
            self.initial.update(self._initial_from(activity))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("activity_type", css_class="col-md-4"),
                Column("series", css_class="col-md-3"),
                Column("topic", css_class="col-md-5"),
            ),
            Row(
                Column("date", css_class="col-6 col-md-3"),
                Column("start_time", css_class="col-3 col-md-2"),
                Column("end_time", css_class="col-3 col-md-2"),
                Column("room", css_class="col-md-2"),
                Column("location", css_class="col-md-3"),
            ),
            Row(Column("lead", css_class="col-md-4"), Column("guests", css_class="col-md-8")),
            "content",
            "minutes",
            "decisions",
            Div(
                Fieldset(
                    _("Co-building"),
                    Row(Column("partners", css_class="col-md-6")),
                ),
                css_id="partner-fields",
            ),
            Div(
                Fieldset(
                    _("Partner organisations"),
                    Div("partner_organisations", css_class="partner-choices"),
                    HTML(
                        "{% load i18n %}{% if perms.activities.change_partners %}"
                        '<p class="small"><a id="partner-add-link" href="'
                        "{% url 'activities:partner_new' %}?next={{ request.get_full_path|urlencode }}"
                        '"><i class="bi bi-plus-lg me-1"></i>'
                        '{% translate "Not in the register? Add a partner" %}</a> '
                        '<span class="text-muted">'
                        '{% translate "(you come back to this form; what you typed is not kept)" %}'
                        "</span></p>{% endif %}"
                    ),
                ),
                Fieldset(
                    _("Service results"),
                    Row(*[Column(name, css_class="col-6 col-md-3") for name in self.RESULT_FIELDS]),
                ),
                css_id="result-fields",
            ),
            "attachments",
        )

    @staticmethod
    def _initial_from(activity: Activity) -> dict:
        start = timezone.localtime(activity.start)
        initial = {
            name: getattr(activity, name)
            for name in (
                "activity_type",
                "series",
                "topic",
                "room",
                "location",
                "lead",
                "content",
                "minutes",
                "decisions",
                "people_served",
                "disputes_resolved",
                "suggestions_collected",
                "service_hours",
            )
        }
        initial.update(date=start.date(), start_time=start.time().replace(second=0, microsecond=0))
        if activity.end:
            initial["end_time"] = (
                timezone.localtime(activity.end).time().replace(second=0, microsecond=0)
            )
        if activity.pk:
            initial["partners"] = list(activity.partners.all())
            initial["partner_organisations"] = list(activity.partner_organisations.all())
        return initial

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean_guests(self):
        return split_employee_numbers(self.cleaned_data.get("guests", ""))

    def clean(self):
        cleaned = super().clean()
        day, start_time, end_time = (
            cleaned.get("date"),
            cleaned.get("start_time"),
            cleaned.get("end_time"),
        )
        if day and start_time:
            cleaned["start"] = timezone.make_aware(datetime.datetime.combine(day, start_time))
            cleaned["end"] = None
            if end_time:
                cleaned["end"] = timezone.make_aware(datetime.datetime.combine(day, end_time))
                if cleaned["end"] <= cleaned["start"]:
                    self.add_error("end_time", _("The end must be after the start."))
        activity_type = cleaned.get("activity_type")
        if activity_type is not None and not activity_type.has_results:
            for name in self.RESULT_FIELDS:
                cleaned[name] = None
        return cleaned

    def service_kwargs(self) -> dict:
        """The cleaned values as keyword arguments of activity_plan / activity_record."""
        data = self.cleaned_data
        names = (
            "activity_type",
            "series",
            "topic",
            "start",
            "end",
            "room",
            "location",
            "lead",
            "content",
            "minutes",
            "decisions",
            "partners",
            "partner_organisations",
            *self.RESULT_FIELDS,
        )
        return {name: data.get(name) for name in names}

    # Service errors name model fields; show them next to the form field that holds them.
    FIELD_FOR = {"start": "start_time", "end": "end_time"}


@dataclass
class AttendanceRow:
    member: Member
    status: str = Attendance.Status.PRESENT
    reason: str = ""
    is_guest: bool = False
    removable: bool = False
    remove: bool = False
    error: str = ""

    CSS = {
        Attendance.Status.PRESENT: "btn-outline-success",
        Attendance.Status.ON_LEAVE: "btn-outline-warning",
        Attendance.Status.ABSENT: "btn-outline-danger",
    }

    @property
    def pk(self) -> int:
        return self.member.pk

    @property
    def choices(self) -> list[dict]:
        return [
            {
                "value": value,
                "label": label,
                "checked": value == self.status,
                "css": self.CSS[value],
            }
            for value, label in Attendance.Status.choices
        ]

    @property
    def search_text(self) -> str:
        return f"{self.member.name} {self.member.employee_number} {self.member.department}"


class AttendanceTable:
    """The attendance part of the record form.

    One row per attendee of the organisation (defaulting to present), plus rows already
    recorded for others (guests, former members), which may be removed. Each row posts
    `attendance-<member pk>` (present / on_leave / absent), `reason-<member pk>` and, for
    removable rows, `remove-<member pk>`. Only members listed here are read from the data.
    """

    def __init__(self, *, members, existing=(), data=None):
        recorded = {row.member_id: row for row in existing}
        self.rows: list[AttendanceRow] = []
        for member in members:
            row = recorded.pop(member.pk, None)
            if row is None:
                self.rows.append(AttendanceRow(member))
            else:
                self.rows.append(AttendanceRow(member, row.status, row.reason, row.is_guest))
        for row in sorted(recorded.values(), key=lambda r: (r.member.name, r.member.pk)):
            self.rows.append(
                AttendanceRow(row.member, row.status, row.reason, row.is_guest, removable=True)
            )
        self.is_bound = data is not None
        if data is not None:
            for row in self.rows:
                row.status = data.get(f"attendance-{row.pk}") or Attendance.Status.PRESENT
                row.reason = data.get(f"reason-{row.pk}", "").strip()
                row.remove = row.removable and data.get(f"remove-{row.pk}") == "on"

    def is_valid(self) -> bool:
        for row in self.rows:
            row.error = ""
            if row.remove:
                continue
            if row.status not in Attendance.Status.values:
                row.error = _("Choose present, on leave or absent.")
            elif row.status == Attendance.Status.ON_LEAVE and not row.reason:
                row.error = _("Give a reason for the leave.")
        return not any(row.error for row in self.rows)

    @property
    def errors(self) -> list[str]:
        return [f"{row.member.name}: {row.error}" for row in self.rows if row.error]

    def entries(self) -> list[AttendanceEntry]:
        return [
            AttendanceEntry(row.member, row.status, row.reason)
            for row in self.rows
            if not row.remove
        ]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Attendance.Status.values, 0)
        for row in self.rows:
            if not row.remove and not row.is_guest and row.status in counts:
                counts[row.status] += 1
        return counts


class ActivityFilterForm(forms.Form):
    """Filters of the activity list (GET); an invalid filter is reported and ignored."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Organisation"),
        required=False,
        empty_label=_("All organisations"),
    )
    activity_type = forms.ModelChoiceField(
        ActivityType.objects.all(),
        label=_("Activity type"),
        required=False,
        empty_label=_("All types"),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("2026-03 / 2026-Q1 / 2026")}),
    )
    series = forms.ModelChoiceField(
        ActivitySeries.objects.none(),
        label=_("Series"),
        required=False,
        empty_label=_("All series"),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *Activity.State.choices]
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Topic")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        organisations = Organisation.objects.visible_to(user)
        self.fields["organisation"].queryset = organisations
        self.fields["series"].queryset = ActivitySeries.objects.filter(
            branch__in=organisations.values("pk")
        ).select_related("branch")
        cached_choices(self)

    def clean_period(self):
        text = self.cleaned_data.get("period", "")
        if not text:
            return None
        period = Period.parse(text)
        if period is None:
            raise ValidationError(
                _("Write a month (2026-03), a quarter (2026-Q1) or a year (2026).")
            )
        return period

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound else {}
        return {
            "organisation": data.get("organisation"),
            "activity_type": data.get("activity_type"),
            "period": data.get("period"),
            "series": data.get("series"),
            "state": data.get("state") or "",
            "search": data.get("q") or "",
        }


class WithdrawForm(ServiceErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The activity stays on record, marked withdrawn, with this reason."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
