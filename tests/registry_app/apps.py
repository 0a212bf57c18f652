from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the app owns: its notification kind and its job's default schedule.
DIGEST = "registry_digest"
SCHEDULE_NAME = "registry app: weekly digest"


class RegistryAppConfig(AppConfig):
    name = "tests.registry_app"
    label = "registry_app"
    verbose_name = "Registry test app"

    def ready(self):
        from notices.kinds import register_kind
        from notices.schedules import DefaultSchedule, install_on_migrate

        register_kind(DIGEST, _("weekly digest"))
        install_on_migrate(
            self,
            [
                DefaultSchedule(
                    name=SCHEDULE_NAME,
                    task="registry_app.send_digest",
                    crontab=("0", "8", "*", "1"),  # Mondays 08:00
                    kwargs={"scope": "all"},
                    description="Mondays 08:00: a digest (test app).",
                )
            ],
        )
