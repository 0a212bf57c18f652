"""责任分解: a task received by an organisation broken down to its groups and members."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Member, Organisation, User
from ledgers.models import (
    LedgerError,
    ResponsibilityList,
    Task,
)
from ledgers.services.lists import list_create
from ledgers.services.tasks import task_create


@transaction.atomic
def task_break_down(
    *,
    task: Task,
    by: User | None,
    assignees: Iterable[Organisation | Member],
    title: str = "",
    description: str = "",
    today: datetime.date | None = None,
) -> list[Task]:
    """责任分解: split a task received by an organisation into child tasks of its own list
    (created as a draft when it has none), one per assignee (its groups and members)."""
    organisation = task.assignee_organisation
    if organisation is None:
        raise LedgerError(_("Only a task assigned to an organisation can be broken down."))
    assignees = list(assignees)
    if not assignees:
        raise LedgerError(_("Choose at least one party group or member."), field="assignees")
    year = task.responsibility_list.year
    own = ResponsibilityList.objects.filter(organisation=organisation, year=year).first()
    if own is None:
        own = list_create(year=year, organisation=organisation, with_standard_targets=False)
    children = []
    for assignee in assignees:
        is_member = isinstance(assignee, Member)
        if is_member:
            inside = assignee.branch_id is not None and assignee.branch.path.startswith(
                organisation.path
            )
        else:
            inside = assignee.path.startswith(organisation.path) and assignee.pk != organisation.pk
        if not inside:
            raise LedgerError(
                _(
                    "%(name)s is outside %(owner)s: a task is broken down only to its own party groups and members."
                )
                % {"name": assignee.name, "owner": organisation.name},
                field="assignees",
            )
        children.append(
            task_create(
                responsibility_list=own,
                by=by,
                parent=task,
                title=title or task.title,
                description=description or task.description,
                category=task.category,
                period_kind=task.period_kind,
                due_date=task.due_date,
                weight=task.weight,
                role=task.role,
                assignee_member=assignee if is_member else None,
                assignee_organisation=None if is_member else assignee,
                target_kind=task.target_kind,
                target_activity_type=task.target_activity_type,
                target_series=task.target_series,
                target_count=task.target_count,
                target_rate=task.target_rate,
                today=today,
            )
        )
    return children
