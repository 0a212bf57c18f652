"""The notification kinds the points app sends, registered in PointsConfig.ready().

Services and the claim reminder pass these codes to `notices.outbox.notify`; the labels
show in the inbox and on the preferences page (notices/kinds.py is the registry).
"""

from django.utils.translation import gettext_lazy as _

from notices.kinds import register_kind

CLAIM_PENDING = "claim_pending"
CLAIM_DECIDED = "claim_decided"


def register_kinds() -> None:
    register_kind(CLAIM_PENDING, _("point claim waiting for a decision"))
    register_kind(CLAIM_DECIDED, _("point claim decided"))
