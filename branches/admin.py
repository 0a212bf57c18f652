from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from branches.models import User


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
