"""Admin: point rules and the points settings are configured here; point entries are append-only.

Point entries can be viewed and added (a manual or award entry, through
points.services.points_award), never changed or deleted; a wrong entry is corrected with
the "reverse" action. Claims and summaries are only looked at: claims are decided in the
portal, summaries follow the point entries (`manage.py rebuild_point_summaries`).

Star titles (who they are for, the honours rule) are configured here; selections, awards
and evaluation rounds are run in the portal and only looked at here. Peer grades are not
shown at all (they are anonymous).
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.models import Member
from points import services
from points.forms import ManualEntryForm
from points.models import (
    Evaluation,
    EvaluationRound,
    PointClaim,
    PointEntry,
    PointRule,
    PointsError,
    PointsSettings,
    PointSummary,
    StarAward,
    StarSelection,
    StarTitle,
)


@admin.register(PointRule)
class PointRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "code",
        "category",
        "points",
        "source",
        "activity_type",
        "attendance_status",
        "attendance_role",
        "monthly_cap",
        "yearly_cap",
        "evidence_required",
        "is_active",
        "sort_order",
    ]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["category", "source", "is_active", "activity_type"]
    search_fields = ["name", "code"]
    list_select_related = ["activity_type"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "category",
                    "points",
                    "description",
                    "is_active",
                    "sort_order",
                ]
            },
        ),
        (
            _("Where the points come from"),
            {
                "fields": [
                    "source",
                    "activity_type",
                    "attendance_status",
                    "attendance_role",
                    "evidence_required",
                ]
            },
        ),
        (_("Caps"), {"fields": ["monthly_cap", "yearly_cap"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # entries point at their rule; deactivate a rule instead


@admin.register(PointsSettings)
class PointsSettingsAdmin(SimpleHistoryAdmin):
    fieldsets = [
        (None, {"fields": ["base_score", "show_rank_to_members"]}),
        (
            _("Pioneer index weights"),
            {
                "fields": [
                    "weight_study",
                    "weight_organisational_life",
                    "weight_casework",
                    "weight_volunteer_service",
                    "weight_honours",
                    "weight_deductions",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = PointsSettings.load()
        return HttpResponseRedirect(
            reverse("admin:points_pointssettings_change", args=[settings.pk])
        )


@admin.register(PointEntry)
class PointEntryAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "member",
        "rule",
        "points",
        "source",
        "activity",
        "claim",
        "reverses",
        "created_by",
        "created",
    ]
    list_filter = ["source", "category", "year"]
    search_fields = ["member__name", "member__employee_number", "rule__name", "note"]
    date_hierarchy = "date"
    list_select_related = ["member", "rule", "activity", "claim", "reverses", "created_by"]
    raw_id_fields = ["member"]
    readonly_fields = [
        "member",
        "rule",
        "category",
        "points",
        "date",
        "year",
        "source",
        "note",
        "activity",
        "claim",
        "reverses",
        "created_by",
        "created",
    ]
    actions = ["reverse_entries"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ManualEntryForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "rule", "points", "date", "note"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Make the entry through the service (summary in the same transaction)."""
        data = form.cleaned_data
        entry = services.points_award(
            member=data["member"],
            rule=data["rule"],
            date=data["date"],
            points=data["points"],
            note=data["note"],
            by=request.user,
        )
        for field in PointEntry._meta.concrete_fields:
            setattr(obj, field.attname, getattr(entry, field.attname))
        obj._state.adding = False

    @admin.action(description=_("Reverse the selected entries"), permissions=["add"])
    def reverse_entries(self, request, queryset):
        done = 0
        for entry in queryset:
            try:
                services.entry_reverse(
                    entry=entry, by=request.user, note=str(_("Reversed in the admin"))
                )
            except PointsError as error:
                self.message_user(request, f"{entry}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d entries reversed.") % {"count": done})


@admin.register(PointSummary)
class PointSummaryAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "year",
        "base",
        "study",
        "organisational_life",
        "casework",
        "volunteer_service",
        "honours",
        "deductions",
        "total",
        "updated",
    ]
    list_filter = ["year"]
    search_fields = ["member__name", "member__employee_number"]
    list_select_related = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointClaim)
class PointClaimAdmin(admin.ModelAdmin):
    list_display = ["member", "rule", "date", "status", "created", "decided_by", "decided_at"]
    list_filter = ["status", "rule"]
    search_fields = ["member__name", "member__employee_number", "description"]
    list_select_related = ["member", "rule", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- star awards and democratic evaluation ---------------------------------------------------
class StarTitleForm(forms.ModelForm):
    job_categories = forms.MultipleChoiceField(
        label=_("job categories"),
        choices=Member.JobCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of these job categories may be chosen."),
    )
    departments = forms.CharField(
        label=_("departments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: members whose department name contains it may be chosen too "
            "(e.g. 执行). With no job category and no department, every member may be chosen."
        ),
    )

    class Meta:
        model = StarTitle
        fields = [
            "code",
            "name",
            "description",
            "job_categories",
            "departments",
            "rule",
            "is_active",
            "sort_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["departments"] = "\n".join(self.instance.departments)

    def clean_departments(self):
        text = self.cleaned_data.get("departments") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


@admin.register(StarTitle)
class StarTitleAdmin(admin.ModelAdmin):
    form = StarTitleForm
    list_display = ["name", "code", "eligibility_text", "rule", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_select_related = ["rule"]

    @admin.display(description=_("For"))
    def eligibility_text(self, obj):
        return obj.eligibility_text()

    def has_delete_permission(self, request, obj=None):
        return False  # selections point at their title; deactivate a title instead


class StarAwardInline(admin.TabularInline):
    model = StarAward
    fields = ["member", "citation", "date", "awarded_by", "entry"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StarSelection)
class StarSelectionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "period_kind", "number", "committee", "state", "opened_at"]
    list_filter = ["state", "title", "year"]
    list_select_related = ["title", "committee"]
    inlines = [StarAwardInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    fields = [
        "member",
        "self_grade",
        "submitted_at",
        "leader_grade",
        "proposed_grade",
        "final_grade",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ["branch", "label", "year", "state", "opened_at", "confirmed_at"]
    list_filter = ["state", "year"]
    search_fields = ["branch__name", "label"]
    list_select_related = ["branch"]
    inlines = [EvaluationInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
