"""Admin: activity types and series are configured here; activities are only looked at.

Activities are entered and changed in the portal (activities/services.py), which keeps
the attendance consistent and tells the other apps; the admin shows them read-only with
their history, and nobody deletes them.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from activities.models import (
    Activity,
    ActivitySeries,
    ActivityType,
    Attachment,
    Attendance,
    PartnerOrganisation,
    RotaLead,
)


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "category",
        "is_statutory",
        "level",
        "audience",
        "takes_attendance",
        "has_results",
        "cadence_count",
        "cadence_period",
        "is_active",
        "sort_order",
    ]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["category", "is_statutory", "level", "is_active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False


class RotaLeadInline(admin.TabularInline):
    """The series' study leads in rotation order (the rota page edits the same rows)."""

    model = RotaLead
    extra = 0
    fields = ["position", "member"]
    raw_id_fields = ["member"]
    ordering = ["position"]


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "activity_type", "weekday", "start_time", "is_active"]
    list_filter = ["is_active", "activity_type"]
    search_fields = ["name", "branch__name"]
    raw_id_fields = ["branch"]
    inlines = [RotaLeadInline]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["member", "status", "reason", "role", "is_guest"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "created"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "organisation", "activity_type", "start", "state"]
    list_filter = ["state", "activity_type"]
    search_fields = ["topic", "organisation__name"]
    date_hierarchy = "start"
    list_select_related = ["organisation", "activity_type"]
    inlines = [AttendanceInline, AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    """The partner register is kept in the portal; the admin looks at it with its history."""

    list_display = ["name", "court", "kind", "contact_person", "is_archived"]
    list_filter = ["court", "kind", "is_archived"]
    search_fields = ["name", "contact_person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
