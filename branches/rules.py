"""Object rules of the branches app (`user.has_perm("branches.<rule>", obj)`).

Each predicate asks the request's Scope (branches/access.py). Superusers pass every
rule through Django's permission mixin.
"""

import rules

from branches.access import scope_for


@rules.predicate
def oversees_organisation(user, organisation):
    return organisation is not None and scope_for(user).oversees(organisation)


@rules.predicate
def manages_organisation(user, organisation):
    return organisation is not None and scope_for(user).manages(organisation)


@rules.predicate
def sees_members_of(user, organisation):
    return organisation is not None and scope_for(user).sees_members_of(organisation)


@rules.predicate
def sees_member(user, member):
    return member is not None and scope_for(user).sees_member(member)


@rules.predicate
def is_the_member(user, member):
    scoped = scope_for(user).member
    return member is not None and scoped is not None and scoped.pk == member.pk


@rules.predicate
def manages_members_branch(user, member):
    return (
        member is not None
        and member.branch_id is not None
        and scope_for(user).manages(member.branch)
    )


@rules.predicate
def oversees_members_branch(user, member):
    return (
        member is not None
        and member.branch_id is not None
        and scope_for(user).oversees(member.branch)
    )


@rules.predicate
def is_members_secretary(user, member):
    return (
        member is not None
        and member.branch_id is not None
        and scope_for(user).is_secretary_of(member.branch)
    )


@rules.predicate
def is_committee_staff(user):
    return scope_for(user).is_committee_staff


@rules.predicate
def sees_directory(user):
    return scope_for(user).sees_directory


rules.add_perm("branches.view_organisation_tree", is_committee_staff)
rules.add_perm("branches.change_organisation", oversees_organisation)
rules.add_perm("branches.add_child_organisation", manages_organisation)
rules.add_perm("branches.view_organisation_members", sees_members_of)
rules.add_perm("branches.add_member_to", manages_organisation)
rules.add_perm("branches.view_directory", sees_directory)
rules.add_perm("branches.import_members", is_committee_staff)
rules.add_perm("branches.view_member", sees_member)
rules.add_perm("branches.change_member", manages_members_branch)
rules.add_perm("branches.transfer_member", oversees_members_branch)
rules.add_perm("branches.view_member_phone", is_the_member | is_members_secretary)
rules.add_perm("branches.view_member_id_number", rules.always_deny)  # superusers only
rules.add_perm("branches.view_member_history", manages_members_branch)

# The first sign-in rule lives with its services (branches/sign_in.py); importing registers it.
from branches import sign_in  # noqa: E402, F401
