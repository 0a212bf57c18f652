"""Admin: the standard targets of 8+X are configured here; lists and tasks are kept in the
portal and only looked at here (with their history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ledgers.models import (
    AnnualReport,
    MonthlyAssessment,
    ResponsibilityList,
    StandardTarget,
    Task,
    TaskPeriod,
)


@admin.register(StandardTarget)
class StandardTargetAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "code",
        "category",
        "period_kind",
        "activity_type",
        "target_count",
        "weight",
        "is_active",
    ]
    list_editable = ["is_active"]
    list_filter = ["category", "period_kind", "is_active"]
    search_fields = ["title", "code"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ResponsibilityList)
class ResponsibilityListAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "organisation", "member", "state"]
    list_filter = ["year", "state"]
    search_fields = ["title", "organisation__name", "member__name"]


class TaskPeriodInline(admin.TabularInline):
    model = TaskPeriod
    fields = ["period", "due_date", "status", "counted", "waived_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "responsibility_list",
        "category",
        "period_kind",
        "target_kind",
        "is_withdrawn",
    ]
    list_filter = ["category", "period_kind", "target_kind", "is_withdrawn"]
    search_fields = ["title"]
    list_select_related = ["responsibility_list"]
    inlines = [TaskPeriodInline]


@admin.register(MonthlyAssessment)
class MonthlyAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "month", "computed_score", "confirmed_score"]
    list_filter = ["year", "month"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "submitted_at", "grade"]
    list_filter = ["year", "grade"]
