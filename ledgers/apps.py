from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self):
        # receivers: counted targets follow activity_recorded / activity_withdrawn.
        # reminders: periods falling due and overdue, a job of notices/reminders.py.
        from ledgers import receivers, reminders  # noqa: F401
        from ledgers.defaults import install_standard_targets
        from notices.kinds import register_kind
        from notices.schedules import DefaultSchedule, install_on_migrate

        register_kind("task_due", _("task falling due"))
        register_kind("task_overdue", _("task overdue"))
        reminders.register_jobs()
        post_migrate.connect(
            install_standard_targets,
            sender=self,
            weak=False,
            dispatch_uid="ledgers:standard_targets",
        )
        install_on_migrate(
            self,
            [
                DefaultSchedule(
                    name="reminders: ledger tasks falling due and overdue",
                    task="ledgers.send_task_reminders",
                    crontab=("0", "8", "*", "1-5"),
                    kwargs={"days_before": 3},
                    description=(
                        "Working days 08:00: assignees of periods due in 3 working days, "
                        "secretaries of overdue ones; one digest per person per day."
                    ),
                ),
                DefaultSchedule(
                    name="ledgers: mark overdue periods",
                    task="ledgers.mark_overdue_periods",
                    crontab=("30", "0", "*", "*"),
                    description="Daily 00:30: unfinished periods past their due date become overdue.",
                ),
                DefaultSchedule(
                    name="ledgers: monthly assessment",
                    task="ledgers.compute_assessments",
                    crontab=("0", "2", "1", "*"),
                    description="1st of the month 02:00: each branch's assessment of the month before.",
                ),
            ],
        )
