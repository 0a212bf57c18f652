from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # calendar: connects the receivers that clear the working-day cache when holidays
        # change. integrity: the pre-holiday integrity notice, a job of notices/reminders.py.
        # Its default schedule is installed after each migrate (notices/schedules.py).
        from notices import calendar, integrity  # noqa: F401
        from notices.schedules import install_on_migrate

        integrity.register_job()
        install_on_migrate(self, integrity.SCHEDULES)
