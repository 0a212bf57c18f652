from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notices import calendar, outbox
from notices.models import (
    AdjustedWorkingDay,
    Delivery,
    Holiday,
    IntegrityNoticeTemplate,
    Notification,
    NotificationPreference,
    ReminderSettings,
)

# Editing any of these on an official or estimated row makes it manual, so that
# load_holidays does not overwrite the correction.
_DAY_FIELDS = {"name", "first_day", "last_day"}


class AdjustedWorkingDayInline(admin.TabularInline):
    model = AdjustedWorkingDay
    extra = 0
    fields = ["date"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "year",
        "first_day",
        "last_day",
        "duration_display",
        "adjusted_days_display",
        "source",
        "updated_at",
    ]
    list_filter = ["year", "source"]
    search_fields = ["name", "key"]
    ordering = ["-year", "first_day"]
    fields = ["name", "key", "year", "first_day", "last_day", "source", "note"]
    inlines = [AdjustedWorkingDayInline]
    actions = ["mark_confirmed"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("adjusted_working_days")

    @admin.display(description=_("days"))
    def duration_display(self, holiday):
        return holiday.duration

    @admin.display(description=_("adjusted working days"))
    def adjusted_days_display(self, holiday):
        return ", ".join(d.date.isoformat() for d in holiday.adjusted_working_days.all()) or "—"

    @admin.action(description=_("Mark as confirmed (manual)"))
    def mark_confirmed(self, request, queryset):
        count = queryset.filter(source=Holiday.Source.ESTIMATED).update(
            source=Holiday.Source.MANUAL, updated_at=timezone.now()
        )
        calendar.clear_cache()  # update() sends no signals
        self.message_user(
            request,
            _(
                "Holidays marked as confirmed: %(count)d. "
                "Official and manual holidays were left as they were."
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        holiday = form.instance
        edited = _DAY_FIELDS & set(form.changed_data) or any(fs.has_changed() for fs in formsets)
        if (
            change
            and edited
            and "source" not in form.changed_data
            and holiday.source != Holiday.Source.MANUAL
        ):
            holiday.source = Holiday.Source.MANUAL
            holiday.save(update_fields=["source", "updated_at"])
            self.message_user(
                request,
                _("The holiday is now manual: load_holidays will not overwrite your correction."),
                messages.INFO,
            )


# --- Notifications --------------------------------------------------------------------------


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", "attempts", "last_error", "due_at", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services, never by hand."""

    list_display = ["title", "recipient", "kind", "created", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "dedupe_key", "recipient__employee_number", "recipient__name"]
    date_hierarchy = "created"
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "kind",
        "title",
        "body",
        "link",
        "dedupe_key",
        "created",
        "read_at",
    ]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Where an admin sees what failed and why; `retry` queues the chosen ones again."""

    list_display = [
        "notification",
        "recipient_display",
        "channel",
        "status",
        "attempts",
        "last_error",
        "due_at",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["notification__title", "notification__dedupe_key", "last_error"]
    list_select_related = ["notification__recipient"]
    readonly_fields = [
        "notification",
        "channel",
        "status",
        "attempts",
        "last_error",
        "due_at",
        "claimed_at",
        "requeued_at",
        "sent_at",
    ]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("recipient"))
    def recipient_display(self, delivery):
        return delivery.notification.recipient

    @admin.action(description=_("Send again (failed or skipped deliveries)"))
    def retry(self, request, queryset):
        count = outbox.deliveries_retry(deliveries=queryset)
        self.message_user(
            request,
            _("Deliveries queued again: %(count)d.") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email", "sms"]
    list_filter = ["kind", "email", "sms"]
    search_fields = ["user__employee_number", "user__name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


# --- Reminder jobs (notices/reminders.py; their times are under "Periodic tasks") -----------


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    """One row: how far ahead the reminder jobs look. The list opens the row itself."""

    fields = ["integrity_days_before", "theme_day_days_before", "claim_waiting_days"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = ReminderSettings.load()
        return HttpResponseRedirect(
            reverse("admin:notices_remindersettings_change", args=[settings.pk])
        )


@admin.register(IntegrityNoticeTemplate)
class IntegrityNoticeTemplateAdmin(admin.ModelAdmin):
    """The committee's integrity notice text per holiday (节前廉政提醒)."""

    list_display = ["holiday", "title", "is_active", "updated_at"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "body"]
    fields = ["holiday", "title", "body", "is_active"]
