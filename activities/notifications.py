"""The notification kinds the activities app sends, registered in ActivitiesConfig.ready().

Services and reminder jobs pass these codes to `notices.outbox.notify`; the labels show
in the inbox and on the preferences page (notices/kinds.py is the registry).
"""

from django.utils.translation import gettext_lazy as _

from notices.kinds import register_kind

STUDY_DAY = "study_day"
STUDY_LEAD = "study_lead"
THEME_DAY = "theme_day"
CADENCE = "cadence"
ACTIVITY_RECORDED = "activity_recorded"


def register_kinds() -> None:
    register_kind(STUDY_DAY, _("theory study day"))
    register_kind(STUDY_LEAD, _("study lead"))
    register_kind(THEME_DAY, _("theme party day"))
    register_kind(CADENCE, _("meeting cadence warning"))
    register_kind(ACTIVITY_RECORDED, _("activity recorded"))
