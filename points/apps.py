from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Member points")

    def ready(self):
        # receivers: connects the activities signals. reminders: point claims waiting for
        # a decision, a job of the registry in notices/reminders.py.
        # notifications: the kinds of notification this app sends (notices/kinds.py).
        # Its default schedule is installed after each migrate (notices/schedules.py).
        from notices.schedules import install_on_migrate
        from points import notifications, receivers, reminders  # noqa: F401

        notifications.register_kinds()
        reminders.register_jobs()
        install_on_migrate(self, reminders.SCHEDULES)
