"""Points follow the activities: the receivers of the activities app's signals.

Both signals are sent inside the activity service's transaction (activities/signals.py),
so the point entries commit or roll back with the activity. The service derives the
entries from the activity's current state, so a repeated signal changes nothing.
"""

from django.dispatch import receiver

from activities.models import Activity
from activities.signals import activity_recorded, activity_withdrawn
from points.services import points_sync_activity


@receiver(activity_recorded, sender=Activity, dispatch_uid="points.activity_recorded")
def award_attendance_points(sender, activity, created, **kwargs):
    points_sync_activity(activity=activity)


@receiver(activity_withdrawn, sender=Activity, dispatch_uid="points.activity_withdrawn")
def reverse_attendance_points(sender, activity, previous_state, **kwargs):
    points_sync_activity(activity=activity)
