from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Member points")

    def ready(self):
        # receivers: connects the activities signals. reminders: point claims waiting for
        # a decision, a job of the registry in notices/reminders.py.
        from notices.kinds import register_kind
        from points import receivers, reminders  # noqa: F401

        register_kind("claim_pending", _("point claim waiting for a decision"))
        register_kind("claim_decided", _("point claim decided"))
        reminders.register_jobs()
