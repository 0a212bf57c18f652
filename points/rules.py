"""Object rules of the points app (`user.has_perm("points.<rule>", obj)`).

* view_member_points (a Member): the member themself, or a leader of the member's branch
  (branches.access.Scope.manages: its committee members, general branch, organ committee).
* view_branch_points (an Organisation): the user manages the branch.
* view_committee_points: committee staff (and admins): every visible branch's table.
* view_pioneer_index: committee staff and branch secretaries (their branch).
* view_claim: the claimant or a leader of their branch (PointClaim.objects.visible_to).
* decide_claim: a leader of the claimant's branch, never the claimant.
* withdraw_claim: the claimant, while the claim is pending.
* view_pending_claims: any branch leader or committee staff.
* view_archive (a Member): the performance archive; as view_member_points.
* manage_star_awards: committee staff (open selections, see the shortlists).
* manage_star_selection (a StarSelection): staff of the committee that runs it.
* open_evaluation_round: a branch secretary or committee staff.
* run_evaluation (a branch or an EvaluationRound): the branch's secretary or deputy, or
  the committee above it (open and close the round, leader review, confirm the grades).
* view_evaluation_overview (an EvaluationRound): a leader of the round's branch (who took
  part and how many of each grade; never who gave which grade).
"""

import rules

from branches.access import scope_for


def _is_self(user, member) -> bool:
    own = scope_for(user).member
    return own is not None and member is not None and own.pk == member.pk


def _manages_branch_of(user, member) -> bool:
    return (
        member is not None
        and member.branch_id is not None
        and scope_for(user).manages(member.branch)
    )


@rules.predicate
def sees_member_points(user, member):
    return _is_self(user, member) or _manages_branch_of(user, member)


@rules.predicate
def manages_branch(user, organisation):
    return organisation is not None and scope_for(user).manages(organisation)


@rules.predicate
def is_committee_staff(user):
    return scope_for(user).is_committee_staff


@rules.predicate
def committee_staff_or_secretary(user):
    """Committee staff, or a secretary (deputy) of some branch."""
    scope = scope_for(user)
    return scope.is_committee_staff or scope.is_secretary


@rules.predicate
def leads_a_branch(user):
    return scope_for(user).is_leader


@rules.predicate
def sees_claim(user, claim):
    return claim is not None and (
        _is_self(user, claim.member) or _manages_branch_of(user, claim.member)
    )


@rules.predicate
def decides_claim(user, claim):
    return (
        claim is not None
        and _manages_branch_of(user, claim.member)
        and not _is_self(user, claim.member)
    )


@rules.predicate
def withdraws_claim(user, claim):
    return claim is not None and claim.is_pending and _is_self(user, claim.member)


@rules.predicate
def gives_manual_points(user, member):
    """The secretary of the member's branch, or an admin (支部认定 points with a reason)."""
    if member is None or member.branch_id is None or _is_self(user, member):
        return False
    scope = scope_for(user)
    return scope.is_admin or scope.is_secretary_of(member.branch)


rules.add_perm("points.view_member_points", sees_member_points)
rules.add_perm("points.give_manual_points", gives_manual_points)
rules.add_perm("points.view_branch_points", manages_branch)
rules.add_perm("points.view_committee_points", is_committee_staff)
rules.add_perm("points.view_pioneer_index", committee_staff_or_secretary)
rules.add_perm("points.view_pending_claims", leads_a_branch)
rules.add_perm("points.view_claim", sees_claim)
rules.add_perm("points.decide_claim", decides_claim)
rules.add_perm("points.withdraw_claim", withdraws_claim)


# --- star awards, democratic evaluation, performance archive -------------------------------
@rules.predicate
def manages_star_selection(user, selection):
    return selection is not None and scope_for(user).oversees(selection.committee)


def _branch_of(obj):
    """The branch of an EvaluationRound, or the organisation itself."""
    return getattr(obj, "branch", obj)


@rules.predicate
def runs_evaluation(user, obj):
    if obj is None:
        return False
    branch = _branch_of(obj)
    scope = scope_for(user)
    return scope.oversees(branch) or scope.is_secretary_of(branch)


@rules.predicate
def sees_evaluation_overview(user, evaluation_round):
    return evaluation_round is not None and scope_for(user).manages(evaluation_round.branch)


rules.add_perm("points.view_archive", sees_member_points)
rules.add_perm("points.manage_star_awards", is_committee_staff)
rules.add_perm("points.manage_star_selection", manages_star_selection)
rules.add_perm("points.open_evaluation_round", committee_staff_or_secretary)
rules.add_perm("points.run_evaluation", runs_evaluation)
rules.add_perm("points.view_evaluation_overview", sees_evaluation_overview)
