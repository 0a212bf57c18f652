"""Object rules of the activities app (`user.has_perm("activities.<rule>", obj)`).

* view_activity: the activity is in `Activity.objects.visible_to(user)`.
* add_activity_to (an Organisation): the user manages it (branches.access.Scope.manages)
  or leads it as a party group's leader.
* change_activity: the same for the activity's organisation, and it is not withdrawn.
  Withdrawing needs the same rule.
* view_activity_history: the user manages the activity's organisation.
* view_leave_reasons: the same (branch leaders, committee staff, admins); everybody else
  reads only their own reason for leave.
* import_activities: branch leaders and committee staff (the Excel import, activities/importing.py).
* view_partners / change_partners: each court's partner register (共建单位) is a
  leaders' tool: branch leaders and committee staff see it and keep it up to date (add,
  change, archive); ordinary members do not see it (404), as the results page.
"""

import rules

from activities.models import Activity
from branches.access import scope_for


def _records_for(user, organisation) -> bool:
    scope = scope_for(user)
    return scope.manages(organisation) or organisation.pk in scope.led_group_ids


@rules.predicate
def records_for_organisation(user, organisation):
    return organisation is not None and _records_for(user, organisation)


@rules.predicate
def records_for_activity(user, activity):
    return activity is not None and _records_for(user, activity.organisation)


@rules.predicate
def is_not_withdrawn(user, activity):
    return activity is not None and activity.state != Activity.State.WITHDRAWN


@rules.predicate
def sees_activity(user, activity):
    return (
        activity is not None and Activity.objects.visible_to(user).filter(pk=activity.pk).exists()
    )


@rules.predicate
def manages_activity_organisation(user, activity):
    return activity is not None and scope_for(user).manages(activity.organisation)


@rules.predicate
def is_leader(user):
    return scope_for(user).is_leader


imports_activities = is_leader


rules.add_perm("activities.view_activity", sees_activity)
rules.add_perm("activities.add_activity_to", records_for_organisation)
rules.add_perm("activities.change_activity", records_for_activity & is_not_withdrawn)
rules.add_perm("activities.view_activity_history", manages_activity_organisation)
rules.add_perm("activities.view_leave_reasons", manages_activity_organisation)
rules.add_perm("activities.import_activities", imports_activities)
rules.add_perm("activities.view_partners", is_leader)
rules.add_perm("activities.change_partners", is_leader)
