"""Responsibility lists: create (a branch's with the standard targets, the "8" of
8+X), publish, close, and next year's lists from this year's."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Member, Organisation, User
from ledgers.models import (
    LedgerError,
    ResponsibilityList,
    StandardTarget,
    TargetKind,
    Task,
)
from ledgers.services.tasks import task_create


def _list_title(owner, year: int) -> str:
    return _("%(owner)s responsibility list %(year)s") % {"owner": owner.name, "year": year}


@transaction.atomic
def list_create(
    *,
    year: int,
    organisation: Organisation | None = None,
    member: Member | None = None,
    title: str = "",
    with_standard_targets: bool = True,
) -> ResponsibilityList:
    """A draft list of an organisation (or a member) for `year`; a branch's list starts
    with the standard targets (the "8" of 8+X)."""
    if (organisation is None) == (member is None):
        raise LedgerError(_("A list belongs to one organisation or one member."))
    owner = organisation or member
    existing = ResponsibilityList.objects.filter(
        year=year, **({"organisation": organisation} if organisation else {"member": member})
    )
    if existing.exists():
        raise LedgerError(
            _("%(owner)s already has a list for %(year)s.") % {"owner": owner.name, "year": year}
        )
    responsibility_list = ResponsibilityList.objects.create(
        year=year,
        organisation=organisation,
        member=member,
        title=title.strip() or _list_title(owner, year),
    )
    if organisation is not None and organisation.is_branch and with_standard_targets:
        standard_targets_apply(responsibility_list=responsibility_list)
    return responsibility_list


@transaction.atomic
def list_publish(*, responsibility_list: ResponsibilityList, by: User | None) -> ResponsibilityList:
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    responsibility_list.transition_to(ResponsibilityList.State.PUBLISHED)
    responsibility_list.published_at = timezone.now()
    responsibility_list._history_user = by
    responsibility_list.save()
    return responsibility_list


@transaction.atomic
def list_close(*, responsibility_list: ResponsibilityList, by: User | None) -> ResponsibilityList:
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    responsibility_list.transition_to(ResponsibilityList.State.CLOSED)
    responsibility_list.closed_at = timezone.now()
    responsibility_list._history_user = by
    responsibility_list.save()
    return responsibility_list


@transaction.atomic
def standard_targets_apply(*, responsibility_list: ResponsibilityList, today=None) -> list[Task]:
    """Give a branch's list the standard targets it does not have yet."""
    have = set(
        responsibility_list.tasks.filter(standard_target__isnull=False).values_list(
            "standard_target_id", flat=True
        )
    )
    created = []
    for target in StandardTarget.objects.filter(is_active=True).select_related("activity_type"):
        if target.pk in have:
            continue
        counted = target.activity_type_id is not None
        created.append(
            task_create(
                responsibility_list=responsibility_list,
                standard_target=target,
                title=target.title,
                description=target.description,
                category=target.category,
                period_kind=target.period_kind,
                weight=target.weight,
                role=target.role,
                target_kind=TargetKind.ACTIVITIES if counted else "",
                target_activity_type=target.activity_type,
                target_count=target.target_count if counted else None,
                today=today,
            )
        )
    return created


@transaction.atomic
def lists_create_next_year(
    *, year: int, by: User | None, within: Organisation | None = None, today=None
) -> list[ResponsibilityList]:
    """Create the lists of `year + 1` from those of `year`: every organisation list gets
    the same tasks again (counted targets included; breakdown links follow), branches
    get the standard targets. Lists that exist already are left alone."""
    source = ResponsibilityList.objects.filter(
        year=year, organisation__isnull=False
    ).select_related("organisation")
    if within is not None:
        source = source.filter(organisation__path__startswith=within.path)
    created_lists, new_task_of = [], {}
    # Parents first: organisations in path order, so a parent task is copied before its children.
    for old in sorted(source, key=lambda lst: lst.organisation.path):
        if ResponsibilityList.objects.filter(organisation=old.organisation, year=year + 1).exists():
            continue
        new = list_create(year=year + 1, organisation=old.organisation)
        created_lists.append(new)
        for task in old.tasks.live().filter(standard_target__isnull=True).order_by("pk"):
            new_task_of[task.pk] = task_create(
                responsibility_list=new,
                by=by,
                parent=new_task_of.get(task.parent_id),
                title=task.title,
                description=task.description,
                category=task.category,
                period_kind=task.period_kind,
                due_date=task.due_date.replace(year=year + 1)
                if task.due_date and not (task.due_date.month == 2 and task.due_date.day == 29)
                else None,
                assignee_organisation=task.assignee_organisation,
                assignee_member=task.assignee_member
                if task.assignee_member_id and task.assignee_member.state == Member.State.ACTIVE
                else None,
                weight=task.weight,
                role=task.role,
                target_kind=task.target_kind,
                target_activity_type=task.target_activity_type,
                target_series=task.target_series,
                target_count=task.target_count,
                target_rate=task.target_rate,
                today=today,
            )
    return created_lists
