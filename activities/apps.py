from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        # The study day, theme party day and cadence reminder jobs (notices/reminders.py).
        # notifications: the kinds of notification this app sends (notices/kinds.py).
        # Their default schedules are installed after each migrate (notices/schedules.py).
        from activities import notifications, reminders
        from notices.schedules import install_on_migrate

        notifications.register_kinds()
        reminders.register_jobs()
        install_on_migrate(self, reminders.SCHEDULES)
