"""Models of the activities app, one module per sub-domain; everything is importable from here.

An Activity is entered once, with its attendance, and is the evidence every other app
reads (points, ledgers, brands, dashboards). It is never deleted by users: it moves
planned → held → withdrawn through `Activity.transition_to`, and simple_history keeps
its changes. Changes go through activities/services.py, which tells the apps above
through the signals in activities/signals.py.

* errors.py: ActivityError, the refusal a service raises.
* types.py: ActivityType (category, level, audience, cadence), configured in the admin.
* series.py: ActivitySeries, a branch's recurring programme and its schedule.
* activities.py: Activity with its queryset, Attendance and Attachment.
* rota.py: the study rota of a series (RotaLead, RotaSlot).
* partners.py: PartnerOrganisation, the register of co-building and service partners.
"""

from activities.models.activities import (
    Activity,
    ActivityQuerySet,
    Attachment,
    Attendance,
    HistoricalActivity,  # created by simple_history when Activity is defined
    HistoricalAttendance,
    _attachment_path,
)
from activities.models.errors import ActivityError
from activities.models.partners import (
    PartnerOrganisation,
    court_of_user,
    court_path,
    normalise_partner_name,
)
from activities.models.rota import RotaLead, RotaSlot
from activities.models.series import ActivitySeries
from activities.models.types import ActivityType

__all__ = [
    "Activity",
    "ActivityError",
    "ActivityQuerySet",
    "ActivitySeries",
    "ActivityType",
    "Attachment",
    "Attendance",
    "HistoricalActivity",
    "HistoricalAttendance",
    "PartnerOrganisation",
    "court_of_user",
    "court_path",
    "RotaLead",
    "RotaSlot",
    "_attachment_path",
    "normalise_partner_name",  # migration 0001 refers to activities.models._attachment_path
]
