from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # Connects the receivers that clear the working-day cache when holidays change.
        from notices import calendar  # noqa: F401
