from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        # The study day, theme party day and cadence reminder jobs (notices/reminders.py).
        from activities import reminders
        from notices.kinds import register_kind

        register_kind("study_day", _("theory study day"))
        register_kind("study_lead", _("study lead"))
        register_kind("theme_day", _("theme party day"))
        register_kind("cadence", _("meeting cadence warning"))
        register_kind("activity_recorded", _("activity recorded"))
        reminders.register_jobs()
