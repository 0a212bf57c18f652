"""Forms of the rota pages: a series and its schedule, the leads' order, planning, swap, move."""

import datetime
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivitySeries, ActivityType, RotaLead
from activities.rota import MAX_WEEKS, SERIES_BRANCH_KINDS
from activities.selectors import ancestor_paths, rooms_for, types_for
from branches.errors import ServiceErrorFormMixin
from branches.models import ActivityRoom, Member, Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SeriesFilterForm(forms.Form):
    """Filters of the series list (GET)."""

    branch = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Branch"),
        required=False,
        empty_label=_("All branches"),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Series name")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Organisation.objects.visible_to(user).filter(
            kind__in=SERIES_BRANCH_KINDS
        )
        self.fields["branch"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"branch": data.get("branch"), "search": data.get("q") or ""}


class SeriesForm(ServiceErrorFormMixin, forms.Form):
    """A series and its schedule. `branches` (on creation) are those the user may choose."""

    branch = forms.ModelChoiceField(Organisation.objects.none(), label=_("Branch"))
    name = forms.CharField(label=_("Series name"), max_length=60)
    activity_type = forms.ModelChoiceField(ActivityType.objects.none(), label=_("Activity type"))
    cadence = forms.ChoiceField(label=_("Cadence"), choices=ActivitySeries.Cadence.choices)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=ActivitySeries.Weekday.choices, coerce=int
    )
    week_of_month = forms.TypedChoiceField(
        label=_("Week of the month"),
        choices=[("", "—"), *ActivitySeries.WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for a monthly series."),
    )
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("End time"), widget=TIME_INPUT, required=False)
    room = forms.ModelChoiceField(
        ActivityRoom.objects.none(), label=_("Activity room"), required=False
    )
    default_location = forms.CharField(label=_("Other location"), max_length=200, required=False)
    holds_on_adjusted_working_days = forms.BooleanField(
        label=_("Use adjusted working days"),
        required=False,
        help_text=ActivitySeries._meta.get_field("holds_on_adjusted_working_days").help_text,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args,
        series: ActivitySeries | None = None,
        branches: QuerySet[Organisation] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.series = series
        if series is not None:
            del self.fields["branch"]
            types = types_for(series.branch) | ActivityType.objects.filter(
                pk=series.activity_type_id
            )
            rooms = rooms_for(series.branch)
            self.initial.update(
                {
                    name: getattr(series, name)
                    for name in (
                        "name",
                        "activity_type",
                        "cadence",
                        "weekday",
                        "week_of_month",
                        "start_time",
                        "end_time",
                        "room",
                        "default_location",
                        "holds_on_adjusted_working_days",
                        "is_active",
                    )
                }
            )
        else:
            branches = list(branches or [])
            self.fields["branch"].queryset = Organisation.objects.filter(
                pk__in=[b.pk for b in branches]
            )
            if len(branches) == 1:
                self.initial.setdefault("branch", branches[0])
            types = ActivityType.objects.filter(
                is_active=True, level__in=[ActivityType.Level.BRANCH, ActivityType.Level.ANY]
            )
            paths = {path for branch in branches for path in ancestor_paths(branch)}
            rooms = ActivityRoom.objects.filter(organisation__path__in=paths, is_active=True)
        self.fields["activity_type"].queryset = types.distinct()
        self.fields["room"].queryset = rooms
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *(["branch"] if series is None else []),
            Row(
                Column("name", css_class="col-md-6"), Column("activity_type", css_class="col-md-6")
            ),
            Row(
                Column("cadence", css_class="col-6 col-md-3"),
                Column("week_of_month", css_class="col-6 col-md-3"),
                Column("weekday", css_class="col-4 col-md-2"),
                Column("start_time", css_class="col-4 col-md-2"),
                Column("end_time", css_class="col-4 col-md-2"),
            ),
            Row(
                Column("room", css_class="col-md-6"),
                Column("default_location", css_class="col-md-6"),
            ),
            "holds_on_adjusted_working_days",
            "is_active",
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        names = [name for name in self.fields if name != "branch"]
        return {name: data.get(name) for name in names}


class LeadsForm(forms.Form):
    """The order of the leads: a number per member (1, 2, 3…); empty for those who do not lead.

    Rows list the current leads in order, then the branch's other members by name.
    """

    def __init__(self, *args, members: Sequence[Member], leads: Sequence[RotaLead], **kwargs):
        super().__init__(*args, **kwargs)
        positions = {lead.member_id: lead.position for lead in leads}
        seen = set(positions)
        ordered = [lead.member for lead in leads] + [m for m in members if m.pk not in seen]
        self.members = ordered
        current = {m.pk for m in members}
        self._rows = []
        for index, member in enumerate(ordered):
            name = f"position_{member.pk}"
            self.fields[name] = forms.IntegerField(
                label=member.name,
                min_value=1,
                max_value=999,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            if member.pk in positions:
                self.initial[name] = index + 1
            self._rows.append((member, name, member.pk not in current))

    def rows(self):
        """(member, bound field, has left the branch) for each row, in display order."""
        return [(member, self[name], left) for member, name, left in self._rows]

    def chosen_members(self) -> list[Member]:
        """The members given a number, by number (then by name)."""
        chosen = [
            (self.cleaned_data[name], member.name, member)
            for member, name, _left in self._rows
            if self.cleaned_data.get(name) is not None
        ]
        return [member for _position, _name, member in sorted(chosen, key=lambda c: c[:2])]


class PlanForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Weeks"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=12,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


def session_label(activity: Activity) -> str:
    start = timezone.localtime(activity.start)
    lead = activity.lead.name if activity.lead_id else "—"
    return f"{formats.date_format(start, 'Y-m-d D H:i')} · {lead}"


class SwapForm(forms.Form):
    """Two planned sessions of the series whose leads swap."""

    first = forms.TypedChoiceField(label=_("Session"), coerce=int)
    second = forms.TypedChoiceField(label=_("swaps its lead with"), coerce=int)

    def __init__(self, *args, sessions: Sequence[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {activity.pk: activity for activity in sessions}
        choices = [("", "—")] + [(a.pk, session_label(a)) for a in sessions]
        for field in ("first", "second"):
            self.fields[field].choices = choices
            self.fields[field].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first"), cleaned.get("second")
        if first is not None and first == second:
            raise ValidationError(_("Choose two different sessions to swap."))
        if first is not None and second is not None:
            cleaned["first"], cleaned["second"] = self.sessions[first], self.sessions[second]
        return cleaned


class MoveForm(ServiceErrorFormMixin, forms.Form):
    date = forms.DateField(label=_("New date"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_INPUT)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        start = timezone.localtime(activity.start)
        self.initial.setdefault("date", start.date())
        self.initial.setdefault("start_time", start.time().replace(second=0, microsecond=0))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-7"), Column("start_time", css_class="col-5"))
        )

    @property
    def new_start(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))

    # The service's "start" is this form's date (and time).
    FIELD_FOR = {"start": "date"}
