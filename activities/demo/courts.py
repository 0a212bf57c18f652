"""The demo courts as the planner needs them: branches, groups, members, posts and rooms.

`load_courts()` reads every court seed_demo built in a few queries, whatever their number.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from branches.models import ActivityRoom, Member, Membership, Organisation, Post

Kind = Organisation.Kind


@dataclass
class Group:
    organisation: Organisation
    members: list[Member]
    leader: Member | None


@dataclass
class Branch:
    organisation: Organisation
    staff: str  # kind of department (keys of content.WORK)
    members: list[Member]
    secretary: Member | None
    committee: list[Member]  # secretary and committee members
    groups: list[Group]
    room: ActivityRoom | None
    since: dict[int, datetime.date]  # member pk → joined the branch


@dataclass
class Court:
    number: int
    committee: Organisation
    branches: list[Branch]
    members: list[Member]  # every active member
    since: dict[int, datetime.date]
    users: dict[int, int]  # member pk → user pk


def _staff_kind(department: str) -> str:
    """What kind of work the branch's department does."""
    if "执行" in department:
        return "enforcement"
    if department == "研究室":
        return "research"
    if department == "审判管理办公室":
        return "management"
    if department == "政治部":
        return "office"
    if "警" in department:
        return "police"
    return "trial"


def demo_courts() -> list[Organisation]:
    """The organ committees at the top of the tree, the demo court first."""
    return list(Organisation.objects.filter(depth=1, kind=Kind.COMMITTEE).order_by("path"))


def load_courts(roots: list[Organisation] | None = None, *, first_number: int = 1) -> list[Court]:
    """Everything the plans need about the courts (all of them by default), in five queries.

    Courts are numbered from `first_number` in the order given (tree order by default).
    """
    roots = demo_courts() if roots is None else roots
    under = Organisation.subtrees_q([root.path for root in roots])
    organisations = list(Organisation.objects.filter(under).order_by("path"))
    ids = [o.pk for o in organisations]
    members = list(
        Member.objects.current()
        .filter(branch_id__in=ids)
        .order_by("employee_number")
        .only(
            "pk",
            "name",
            "employee_number",
            "birth_date",
            "joined_on",
            "branch_id",
            "group_id",
            "user_id",
        )
    )
    since = dict(
        Membership.objects.open()
        .filter(member__in=[m.pk for m in members])
        .values_list("member_id", "start")
    )
    posts = defaultdict(list)
    for organisation_id, member_id, kind in (
        Post.objects.current()
        .filter(organisation_id__in=ids)
        .order_by("organisation_id", "kind", "pk")
        .values_list("organisation_id", "member_id", "kind")
    ):
        posts[organisation_id].append((member_id, kind))
    rooms = {}
    for room in ActivityRoom.objects.filter(organisation_id__in=ids, is_active=True).order_by("pk"):
        rooms.setdefault(room.organisation_id, room)

    by_pk = {m.pk: m for m in members}
    by_branch, by_group = defaultdict(list), defaultdict(list)
    for member in members:
        by_branch[member.branch_id].append(member)
        if member.group_id:
            by_group[member.group_id].append(member)
    courts = []
    for number, root in enumerate(roots, start=first_number):
        inside = [o for o in organisations if o.path.startswith(root.path)]
        committee = inside[0]
        branches = []
        for branch in (o for o in inside if o.kind == Kind.BRANCH and o.is_active):
            groups = [
                Group(
                    group,
                    by_group[group.pk],
                    next(
                        (
                            by_pk[m]
                            for m, k in posts[group.pk]
                            if k == Post.Kind.GROUP_LEADER and m in by_pk
                        ),
                        None,
                    ),
                )
                for group in inside
                if group.kind == Kind.GROUP
                and group.is_active
                and group.path[: -Organisation.steplen] == branch.path
            ]
            holders = [(m, k) for m, k in posts[branch.pk] if m in by_pk and k in Post.MANAGING]
            secretary = next((by_pk[m] for m, k in holders if k == Post.Kind.SECRETARY), None)
            branch_members = by_branch[branch.pk]
            branches.append(
                Branch(
                    organisation=branch,
                    staff=_staff_kind(branch.department),
                    members=branch_members,
                    secretary=secretary,
                    committee=[by_pk[m] for m, _k in holders],
                    groups=groups,
                    room=rooms.get(branch.pk),
                    since={
                        m.pk: since.get(m.pk, datetime.date(2000, 1, 1)) for m in branch_members
                    },
                )
            )
        court_members = [m for b in branches for m in b.members]
        courts.append(
            Court(
                number=number,
                committee=committee,
                branches=branches,
                members=court_members,
                since={pk: d for b in branches for pk, d in b.since.items()},
                users={m.pk: m.user_id for m in court_members},
            )
        )
    return courts
