"""Writing the demo court to the database through the services, with history."""

from branches import services
from branches.demo.planning import CourtPlan
from branches.models import ActivityRoom, Member, Organisation, StudyGroup


def _write_court(plan: CourtPlan) -> dict[str, Member]:
    """The demo court, through the services: every row as an administrator would make it."""
    orgs: dict[str, Organisation] = {}
    for org in plan.orgs:
        orgs[org.key] = services.organisation_create(
            parent=orgs.get(org.parent), kind=org.kind, name=org.name, **org.fields
        )
    members: dict[str, Member] = {}
    for m in plan.members:
        members[m.number] = services.member_create(
            branch=orgs[m.branch],
            group=orgs.get(m.group),
            since=m.since,
            create_login=True,
            **m.fields,
        )
    for post in plan.posts:
        services.post_assign(
            organisation=orgs[post.organisation],
            member=members[post.number],
            kind=post.kind,
            start=post.start,
        )
    for room in plan.rooms:
        ActivityRoom.objects.create(
            organisation=orgs[room.organisation],
            name=room.name,
            location=room.location,
            equipment=room.equipment,
        )
    for group in plan.study_groups:
        study_group = StudyGroup.objects.create(
            name=group.name,
            organisation=orgs["committee"],
            leader=members[group.leader],
            description=group.description,
        )
        study_group.members.set([members[n] for n in group.members])
    return members
