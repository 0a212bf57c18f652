from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "brands"
    verbose_name = _("Brands")

    def ready(self):
        # The innovation-round deadline reminders: a job of the registry in
        # notices/reminders.py, its kind, and its default periodic task.
        from brands import reminders
        from notices.kinds import register_kind
        from notices.schedules import DefaultSchedule, install_on_migrate

        register_kind("innovation_deadline", _("innovation-round deadline"))
        reminders.register_jobs()
        install_on_migrate(
            self,
            [
                DefaultSchedule(
                    name="reminders: innovation-round deadlines",
                    task="brands.send_innovation_reminders",
                    crontab=("0", "9", "*", "*"),
                    description=(
                        "Daily 09:00: secretaries whose branch has not submitted its project, "
                        "and reviewers with projects to score, in the 3 days before a deadline."
                    ),
                )
            ],
        )
