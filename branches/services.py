"""Changes to organisations, members, memberships and posts.

Every function is one transaction and raises BranchesError with a message for the
user when the change is refused.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import BranchesError, Member, Membership, Organisation, Post, User

Kind = Organisation.Kind

# Which kinds of organisation may sit under which.
ALLOWED_CHILDREN = {
    None: {Kind.COMMITTEE},
    Kind.COMMITTEE: {Kind.COMMITTEE, Kind.GENERAL_BRANCH, Kind.BRANCH},
    Kind.GENERAL_BRANCH: {Kind.BRANCH},
    Kind.BRANCH: {Kind.GROUP},
    Kind.GROUP: set(),
}
TERM_YEARS = 3

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "department",
    "is_tribunal",
    "established_on",
    "term_start",
    "term_end",
    "next_election_due",
    "is_active",
)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fill_term(values: dict) -> dict:
    """Default the term's end to three years after its start, and the election to its end."""
    if values.get("term_start") and not values.get("term_end"):
        values["term_end"] = _add_years(values["term_start"], TERM_YEARS)
    if values.get("term_end") and not values.get("next_election_due"):
        values["next_election_due"] = values["term_end"]
    return values


@transaction.atomic
def organisation_create(
    *, parent: Organisation | None, kind: str, name: str, **fields
) -> Organisation:
    parent_kind = parent.kind if parent else None
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        raise BranchesError(
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {
                "kind": Kind(kind).label,
                "parent": parent.name if parent else _("the top of the tree"),
            }
        )
    values = _fill_term({key: fields[key] for key in ORGANISATION_FIELDS if key in fields})
    values.update(kind=kind, name=name)
    if parent is None:
        return Organisation.objects.add_root(create_kwargs=values)
    parent = Organisation.objects.get(pk=parent.pk)  # treebeard needs a fresh numchild
    return Organisation.objects.add_child(parent, create_kwargs=values)


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    values = _fill_term({key: fields[key] for key in ORGANISATION_FIELDS if key in fields})
    changed = [key for key, value in values.items() if getattr(organisation, key) != value]
    for key in changed:
        setattr(organisation, key, values[key])
    if changed:
        organisation.save(update_fields=changed)
    return organisation


MEMBER_FIELDS = (
    "name",
    "employee_number",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "joined_on",
    "full_member_on",
    "status",
    "state",
    "department",
    "job_category",
    "post_title",
    "phone",
    "id_number",
    "talent_tier",
)


def _check_placement(branch: Organisation, group: Organisation | None):
    if branch.kind != Kind.BRANCH:
        raise BranchesError(
            _("Members belong to a branch; %(name)s is not a branch.") % {"name": branch.name}
        )
    if group is not None and (group.kind != Kind.GROUP or not group.path.startswith(branch.path)):
        raise BranchesError(
            _("The party group %(group)s is not part of %(branch)s.")
            % {"group": group.name, "branch": branch.name}
        )


def _number_taken(number: str) -> BranchesError:
    return BranchesError(
        _("Employee number %(number)s is already in use.") % {"number": number},
        field="employee_number",
    )


def _check_number_free(number: str, *, member: Member | None = None) -> None:
    """Refuse a number another member or another login has, whatever its case."""
    others = Member.objects.filter(employee_number__iexact=number)
    logins = User.objects.filter(employee_number__iexact=number)
    if member is not None and member.pk:
        others = others.exclude(pk=member.pk)
        if member.user_id:
            logins = logins.exclude(pk=member.user_id)
    if others.exists() or logins.exists():
        raise _number_taken(number)


def _sync_login(member: Member, *, create_login: bool) -> None:
    """Keep the member's own login named and numbered like the member.

    Only the login linked to this member is ever changed. A new login is created for a
    new member; an existing login is never linked here, whoever it belongs to (a
    superuser, staff, another member or nobody): administrators link logins in the admin
    site. The login of a superuser or staff user is not renamed either.
    """
    user = member.user
    if user is None:
        if create_login:
            user = User(employee_number=member.employee_number, name=member.name)
            user.set_unusable_password()
            user.save()
            member.user = user
        return
    if (user.name, user.employee_number) == (member.name, member.employee_number):
        return
    if user.is_superuser or user.is_staff:
        return  # an administrator's login keeps its name (member_update refuses a new number)
    user.name, user.employee_number = member.name, member.employee_number
    user.save(update_fields=["name", "employee_number"])


def _clean_number(values: dict) -> None:
    if "employee_number" in values:
        values["employee_number"] = str(values["employee_number"] or "").strip()


@transaction.atomic
def member_create(
    *,
    branch: Organisation,
    group: Organisation | None = None,
    since: datetime.date | None = None,
    create_login: bool = True,
    **fields,
) -> Member:
    _check_placement(branch, group)
    values = {key: fields[key] for key in MEMBER_FIELDS if key in fields}
    _clean_number(values)
    _check_number_free(values.get("employee_number", ""))
    member = Member(branch=branch, group=group, **values)
    _sync_login(member, create_login=create_login)
    member.save()
    Membership.objects.create(
        member=member, branch=branch, group=group, start=since or timezone.localdate()
    )
    return member


@transaction.atomic
def member_update(*, member: Member, **fields) -> list[str]:
    """Apply changed fields; return their names (nothing is saved when nothing changed)."""
    values = {key: fields[key] for key in MEMBER_FIELDS if key in fields}
    _clean_number(values)
    number = values.get("employee_number")
    if number and number != member.employee_number:
        _check_number_free(number, member=member)
        if member.user_id and (member.user.is_superuser or member.user.is_staff):
            raise BranchesError(
                _(
                    "This member's login is an administrator's; only an administrator can change its employee number in the admin site."
                ),
                field="employee_number",
            )
    changed = [key for key, value in values.items() if getattr(member, key) != value]
    for key in changed:
        setattr(member, key, values[key])
    if changed:
        _sync_login(member, create_login=False)
        member.save()
    return changed


@transaction.atomic
def member_transfer(
    *,
    member: Member,
    branch: Organisation,
    group: Organisation | None = None,
    on: datetime.date,
    note: str = "",
) -> Membership:
    """Move a member to another branch (or party group) from `on`; the past stays dated.

    The open membership ends the day before `on`; posts held in the old branch end too.
    """
    _check_placement(branch, group)
    member = Member.objects.select_for_update().get(pk=member.pk)
    current = member.memberships.open().first()
    if current is not None:
        if current.branch_id == branch.pk and current.group_id == (group.pk if group else None):
            raise BranchesError(_("%(name)s already belongs there.") % {"name": member.name})
        if on <= current.start:
            raise BranchesError(
                _("The transfer date must be after %(date)s, when the current membership began.")
                % {"date": current.start.isoformat()}
            )
        current.end = on - datetime.timedelta(days=1)
        current.save(update_fields=["end"])
        if current.branch_id != branch.pk:
            for post in member.posts.current(on).filter(current.branch.subtree_q("organisation__")):
                post.end = current.end if post.start <= current.end else post.start
                post.save(update_fields=["end"])
    membership = Membership.objects.create(
        member=member, branch=branch, group=group, start=on, note=note
    )
    member.branch, member.group = branch, group
    member.save(update_fields=["branch", "group"])
    return membership


@transaction.atomic
def post_assign(
    *, organisation: Organisation, member: Member, kind: str, start: datetime.date
) -> Post:
    """Give a member a party post; a new secretary's start ends the previous secretary's term."""
    if organisation.kind == Kind.COMMITTEE:
        if member.branch is None or not member.branch.path.startswith(organisation.path):
            raise BranchesError(
                _("%(name)s is not a member under this committee.") % {"name": member.name}
            )
    elif kind == Post.Kind.GROUP_LEADER:
        if organisation.kind != Kind.GROUP or member.group_id != organisation.pk:
            raise BranchesError(_("A group leader must be a member of that party group."))
    elif member.branch is None or not member.branch.path.startswith(organisation.path):
        raise BranchesError(
            _("%(name)s is not a member of %(organisation)s.")
            % {"name": member.name, "organisation": organisation.name}
        )
    if kind in (Post.Kind.SECRETARY, Post.Kind.GROUP_LEADER):
        for previous in organisation.posts.current(start).filter(kind=kind):
            previous.end = max(previous.start, start - datetime.timedelta(days=1))
            previous.save(update_fields=["end"])
    return Post.objects.create(organisation=organisation, member=member, kind=kind, start=start)


@transaction.atomic
def post_end(*, post: Post, on: datetime.date) -> Post:
    if on < post.start:
        raise BranchesError(_("A post cannot end before it started."))
    post.end = on
    post.save(update_fields=["end"])
    return post
