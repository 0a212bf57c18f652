"""Points follow the activities: the receivers of the activities app's signals.

Both signals are sent inside the activity service's transaction (activities/signals.py),
so the point entries commit or roll back with the activity. The service derives the
entries from the activity's current state, so a repeated signal changes nothing.
"""

from django.dispatch import receiver
from django.utils import timezone

from activities.models import Activity
from activities.selectors import same_day_records
from activities.signals import activity_recorded, activity_withdrawn
from points.services import points_sync_activity


@receiver(activity_recorded, sender=Activity, dispatch_uid="points.activity_recorded")
def award_attendance_points(sender, activity, created, **kwargs):
    points_sync_activity(activity=activity)


@receiver(activity_withdrawn, sender=Activity, dispatch_uid="points.activity_withdrawn")
def reverse_attendance_points(sender, activity, previous_state, **kwargs):
    points_sync_activity(activity=activity)
    # A second record of the same session, unpaid while this one stood, now pays.
    for other in same_day_records(
        activity.organisation,
        day=timezone.localdate(activity.start),
        activity_type=activity.activity_type,
        exclude=activity,
    ):
        points_sync_activity(activity=other)
