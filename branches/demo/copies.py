"""The copies of `seed_demo --scale N`: bulk inserts, with treebeard's paths computed here.

Bulk rows get no history records, which load tests do not need.
"""

from collections import Counter

from django.contrib.auth.hashers import make_password

from branches.demo.planning import CourtPlan
from branches.models import ActivityRoom, Member, Membership, Organisation, Post, StudyGroup, User

BATCH = 2000


def _bulk_write_courts(plans: list[CourtPlan]):
    """Copies for load tests: bulk inserts, with treebeard's path, depth and numchild computed here."""
    if not plans:
        return
    last_root = Organisation.objects.get_last_root_node()
    next_root = (
        Organisation._str2int(last_root.path[: Organisation.steplen]) + 1 if last_root else 1
    )
    court_orgs: list[dict[str, Organisation]] = []
    for plan in plans:
        children = Counter(org.parent for org in plan.orgs)
        position: Counter = Counter()
        by_key: dict[str, Organisation] = {}
        for org in plan.orgs:
            if org.parent is None:
                path = Organisation._get_path(None, 1, next_root)
                next_root += 1
            else:
                position[org.parent] += 1
                parent_path = by_key[org.parent].path
                path = Organisation._get_path(
                    parent_path, len(parent_path) // Organisation.steplen + 1, position[org.parent]
                )
            by_key[org.key] = Organisation(
                path=path,
                depth=len(path) // Organisation.steplen,
                numchild=children[org.key],
                kind=org.kind,
                name=org.name,
                **org.fields,
            )
        court_orgs.append(by_key)
    Organisation.objects.bulk_create(
        [org for by_key in court_orgs for org in by_key.values()], batch_size=BATCH
    )

    users = [
        User(employee_number=m.number, name=m.fields["name"], password=make_password(None))
        for plan in plans
        for m in plan.members
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    users_by_number = {user.employee_number: user for user in users}

    court_members: list[dict[str, Member]] = []
    for plan, orgs in zip(plans, court_orgs, strict=True):
        court_members.append(
            {
                m.number: Member(
                    user=users_by_number[m.number],
                    branch=orgs[m.branch],
                    group=orgs.get(m.group),
                    **m.fields,
                )
                for m in plan.members
            }
        )
    Member.objects.bulk_create(
        [m for members in court_members for m in members.values()], batch_size=BATCH
    )

    memberships, posts, rooms, study_groups, study_group_members = [], [], [], [], []
    for plan, orgs, members in zip(plans, court_orgs, court_members, strict=True):
        memberships += [
            Membership(
                member=members[m.number],
                branch=orgs[m.branch],
                group=orgs.get(m.group),
                start=m.since,
            )
            for m in plan.members
        ]
        posts += [
            Post(
                organisation=orgs[p.organisation],
                member=members[p.number],
                kind=p.kind,
                start=p.start,
            )
            for p in plan.posts
        ]
        rooms += [
            ActivityRoom(
                organisation=orgs[r.organisation],
                name=r.name,
                location=r.location,
                equipment=r.equipment,
            )
            for r in plan.rooms
        ]
        for group in plan.study_groups:
            study_group = StudyGroup(
                name=group.name,
                organisation=orgs["committee"],
                leader=members[group.leader],
                description=group.description,
            )
            study_groups.append(study_group)
            study_group_members.append((study_group, [members[n] for n in group.members]))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    Post.objects.bulk_create(posts, batch_size=BATCH)
    ActivityRoom.objects.bulk_create(rooms, batch_size=BATCH)
    StudyGroup.objects.bulk_create(study_groups, batch_size=BATCH)
    Through = StudyGroup.members.through
    Through.objects.bulk_create(
        [
            Through(studygroup=group, member=member)
            for group, chosen in study_group_members
            for member in chosen
        ],
        batch_size=BATCH,
    )
