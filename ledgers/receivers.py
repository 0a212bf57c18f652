"""Counted targets follow the activities: receivers of the activities app's signals.

Both run inside the activity service's transaction (activities/signals.py); the
recount derives each concerned period from the current activities, so a repeated
signal changes nothing and a withdrawn activity reopens the periods it fulfilled.
"""

from django.dispatch import receiver

from activities.models import Activity
from activities.signals import activity_recorded, activity_withdrawn
from ledgers.counting import activity_periods, periods_recount
from ledgers.services import task_roll_up


def _recount(activity):
    periods = list(activity_periods(activity))
    periods_recount(periods)
    for parent in {p.task.parent for p in periods if p.task.parent_id}:
        task_roll_up(task=parent)


@receiver(activity_recorded, sender=Activity, dispatch_uid="ledgers.activity_recorded")
def count_recorded_activity(sender, activity, created, **kwargs):
    _recount(activity)


@receiver(activity_withdrawn, sender=Activity, dispatch_uid="ledgers.activity_withdrawn")
def uncount_withdrawn_activity(sender, activity, previous_state, **kwargs):
    _recount(activity)
