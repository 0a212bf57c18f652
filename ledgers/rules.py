"""Object rules of the ledgers app (`user.has_perm("ledgers.<rule>", obj)`).

* view_list / change_list (a ResponsibilityList): see ledgers/access.py.
* view_task, report_task (add progress), break_down_task, waive_period (a Task).
* view_committee_table, create_next_year: committee staff (and admins).
* view_assessments: anyone who leads something; adjust_assessment (a branch): the
  committee above it.
* view_report (a branch): its leaders and the committee; submit_report: its secretary
  (or deputy) and the committee; grade_report: the committee above it.
* view_record_book (an organisation): those who manage it.
"""

import rules

from branches.access import scope_for
from ledgers import access
from ledgers.models import ResponsibilityList, Task


@rules.predicate
def sees_list(user, responsibility_list):
    return (
        responsibility_list is not None
        and ResponsibilityList.objects.visible_to(user).filter(pk=responsibility_list.pk).exists()
    )


@rules.predicate
def manages_list(user, responsibility_list):
    return responsibility_list is not None and access.manages_list(user, responsibility_list)


@rules.predicate
def manages_task_list(user, task):
    return task is not None and access.manages_list(user, task.responsibility_list)


@rules.predicate
def sees_task(user, task):
    return task is not None and Task.objects.visible_to(user).filter(pk=task.pk).exists()


@rules.predicate
def reports_on_task(user, task):
    return task is not None and access.may_report_on(user, task)


@rules.predicate
def breaks_down_task(user, task):
    return task is not None and access.may_break_down(user, task)


@rules.predicate
def is_committee_staff(user):
    return scope_for(user).is_committee_staff


@rules.predicate
def leads_something(user):
    scope = scope_for(user)
    return scope.is_committee_staff or scope.is_branch_leader or bool(scope.led_group_ids)


@rules.predicate
def oversees(user, organisation):
    return organisation is not None and scope_for(user).oversees(organisation)


@rules.predicate
def manages(user, organisation):
    return organisation is not None and scope_for(user).manages(organisation)


@rules.predicate
def is_secretary(user, organisation):
    return organisation is not None and scope_for(user).is_secretary_of(organisation)


rules.add_perm("ledgers.view_list", sees_list)
rules.add_perm("ledgers.change_list", manages_list)
rules.add_perm("ledgers.view_task", sees_task)
rules.add_perm("ledgers.change_task", manages_task_list)
rules.add_perm("ledgers.report_task", reports_on_task)
rules.add_perm("ledgers.break_down_task", breaks_down_task)
rules.add_perm("ledgers.waive_period", manages_task_list)
rules.add_perm("ledgers.view_committee_table", is_committee_staff)
rules.add_perm("ledgers.create_next_year", is_committee_staff)
rules.add_perm("ledgers.view_assessments", leads_something)
rules.add_perm("ledgers.adjust_assessment", oversees)
rules.add_perm("ledgers.view_report", manages)
rules.add_perm("ledgers.submit_report", is_secretary | oversees)
rules.add_perm("ledgers.grade_report", oversees)
rules.add_perm("ledgers.view_record_book", manages)
