from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from notices.schedules import DefaultSchedule

# The activities app's own periodic tasks besides its reminders (activities/reminders.py
# SCHEDULES). Installed after every migrate when missing; an admin's changes are kept.
PERIODIC_TASKS = [
    DefaultSchedule(
        name="rota: keep study sessions planned ahead",
        task="activities.plan_rotas",
        crontab=("15", "2", "*", "*"),
        description="Daily 02:15: every active series with a weekly or monthly schedule gets "
        "its sessions planned ROTA_WEEKS_AHEAD weeks ahead (default 8), leads rotating and "
        "days off skipped; sessions already there are never changed.",
    ),
]


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
        install_on_migrate(self, [*reminders.SCHEDULES, *PERIODIC_TASKS])
