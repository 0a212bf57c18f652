from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        # The study day, theme party day and cadence reminder jobs (notices/reminders.py).
        from activities import reminders

        reminders.register_jobs()
