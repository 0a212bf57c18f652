from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from branches.models import (
    ActivityRoom,
    ImportJob,
    Member,
    Membership,
    Organisation,
    Post,
    StudyGroup,
    User,
)


class ActivityRoomInline(admin.TabularInline):
    model = ActivityRoom
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["branch", "group", "start", "end", "note"]

    def has_add_permission(self, request, obj=None):
        return False  # memberships change through a transfer


class PostInline(admin.TabularInline):
    model = Post
    fk_name = "member"
    extra = 0
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["employee_number"]
    list_display = ["employee_number", "name", "email", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["employee_number", "name", "email"]
    fieldsets = [
        (None, {"fields": ["employee_number", "password"]}),
        (_("Personal info"), {"fields": ["name", "email"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["employee_number", "name", "password1", "password2"]},
        ),
    ]


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Organisation, exclude=["path", "depth", "numchild"])
    list_display = ["name", "kind", "department", "is_tribunal", "term_end", "is_active"]
    list_filter = ["kind", "is_tribunal", "is_active"]
    search_fields = ["name", "short_name", "department"]
    inlines = [ActivityRoomInline]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "employee_number", "branch", "group", "status", "state", "job_category"]
    list_filter = ["status", "state", "job_category", "gender", "talent_tier", "branch"]
    search_fields = ["name", "employee_number", "department", "phone"]
    list_select_related = ["branch", "group"]
    raw_id_fields = ["user"]
    readonly_fields = ["branch", "group"]  # changed by a transfer, which keeps the history
    inlines = [MembershipInline, PostInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member", "branch", "group", "start", "end"]
    list_filter = ["branch"]
    search_fields = ["member__name", "member__employee_number"]
    list_select_related = ["member", "branch", "group"]
    raw_id_fields = ["member"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["member", "organisation", "kind", "start", "end"]
    list_filter = ["kind", "organisation__kind"]
    search_fields = ["member__name", "member__employee_number", "organisation__name"]
    list_select_related = ["member", "organisation"]
    raw_id_fields = ["member"]


@admin.register(ActivityRoom)
class ActivityRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "location", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "organisation__name", "location"]


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "leader", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    raw_id_fields = ["leader"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Excel imports run in the background: read only (their pages are the users' own)."""

    list_display = ["created", "kind", "file_name", "created_by", "state", "rows_total"]
    list_filter = ["kind", "state"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
