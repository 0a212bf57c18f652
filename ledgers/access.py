"""Who sees and changes which lists and tasks (asks branches.access.scope_for).

* lists of an organisation: those who manage it (its leaders and the committee above it),
  the leader of a party group for the group's list, and the members of the branch or
  group the list belongs to (read only);
* a member's own list: the member, the leaders of their branch and their group leader;
* tasks: those of a visible list, and the tasks assigned to the user, to an organisation
  they manage or lead, or to their own branch or group (a branch sees what it received).

Changing: the leaders of the list's organisation (group leaders for their group's list);
reporting progress on a task period: also its assignee (the member, or the leader of the
assigned organisation).
"""

from django.db.models import Q

from branches.access import scope_for


def _paths(scope) -> tuple[str, ...]:
    return scope.committee_paths + scope.managed_paths


def _path_q(prefix: str, paths) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def list_q(user, prefix: str = "") -> Q:
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    q = _path_q(f"{prefix}organisation__", _paths(scope))
    q |= _path_q(f"{prefix}member__branch__", _paths(scope))
    if scope.led_group_ids:
        q |= Q(**{f"{prefix}organisation_id__in": scope.led_group_ids})
        q |= Q(**{f"{prefix}member__group_id__in": scope.led_group_ids})
    member = scope.member
    if member is not None:
        own = [pk for pk in (member.branch_id, member.group_id) if pk]
        q |= Q(**{f"{prefix}organisation_id__in": own}) | Q(**{f"{prefix}member_id": member.pk})
    return q


def task_q(user) -> Q:
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    q = list_q(user, "responsibility_list__")
    q |= _path_q("assignee_organisation__", _paths(scope))
    q |= _path_q("assignee_member__branch__", _paths(scope))
    if scope.led_group_ids:
        q |= Q(assignee_organisation_id__in=scope.led_group_ids)
        q |= Q(assignee_member__group_id__in=scope.led_group_ids)
    member = scope.member
    if member is not None:
        own = [pk for pk in (member.branch_id, member.group_id) if pk]
        q |= Q(assignee_organisation_id__in=own) | Q(assignee_member_id=member.pk)
    return q


def manages_list(user, responsibility_list) -> bool:
    scope = scope_for(user)
    if responsibility_list.member_id:
        member = responsibility_list.member
        return bool(member.branch_id) and scope.manages(member.branch)
    organisation = responsibility_list.organisation
    return scope.manages(organisation) or organisation.pk in scope.led_group_ids


def may_report_on(user, task) -> bool:
    """May add progress to the task's periods: its list's leaders or its assignee."""
    scope = scope_for(user)
    if manages_list(user, task.responsibility_list):
        return True
    if task.assignee_member_id:
        return scope.member is not None and scope.member.pk == task.assignee_member_id
    organisation = task.assignee_organisation
    if organisation is None:
        return False
    return scope.manages(organisation) or organisation.pk in scope.led_group_ids


def may_break_down(user, task) -> bool:
    """A task assigned to an organisation is broken down by that organisation's leaders."""
    organisation = task.assignee_organisation
    if organisation is None:
        return False
    scope = scope_for(user)
    return scope.manages(organisation) or organisation.pk in scope.led_group_ids
