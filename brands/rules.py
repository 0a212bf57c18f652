"""Object rules of the brands app (`user.has_perm("brands.<rule>", obj)`).

* view_brand / view_round / view_honour: the scope (branches/access.py) or the user's own
  court (brands/access.py): members read the brands of their court.
* change_brand (a Brand): leaders of the brand's organisation (its branch leaders, the
  committee above): name, outline, sub-brands, results, application.
* decide_brand (a Brand): committee staff over the brand's organisation: certify, return,
  cultivate, publicise, select.
* add_brand (an Organisation): its leaders.
* add_honour (an Organisation): its leaders (a member's honour: their branch's leaders).
* manage_brands: committee staff (the list of all brands with filters, rounds, criteria).
* manage_round (an InnovationRound): staff of the committee that runs it.
* submit_project (an Organisation): the branch's leaders, never the committee itself.
* view_project (an InnovationProject): the round's committee, the branch's leaders, its
  assigned reviewers; everyone in the court once the round is published.
* review (a CrossReview): the assigned reviewer, and only while their own branch is not
  the project's branch.
"""

import rules

from branches.access import scope_for
from branches.models import Organisation
from brands.access import reads


@rules.predicate
def reads_brand(user, brand):
    return brand is not None and reads(user, brand.organisation)


@rules.predicate
def manages_brand(user, brand):
    return brand is not None and scope_for(user).manages(brand.organisation)


@rules.predicate
def oversees_brand(user, brand):
    if brand is None:
        return False
    scope = scope_for(user)
    if brand.organisation.kind == Organisation.Kind.COMMITTEE:
        return scope.is_admin or scope.oversees(brand.organisation)
    return scope.oversees(brand.organisation)


@rules.predicate
def manages_organisation(user, organisation):
    return organisation is not None and scope_for(user).manages(organisation)


@rules.predicate
def leads_branch(user, organisation):
    return (
        organisation is not None
        and organisation.kind != Organisation.Kind.COMMITTEE
        and scope_for(user).manages(organisation)
    )


@rules.predicate
def is_committee_staff(user):
    return scope_for(user).is_committee_staff


@rules.predicate
def reads_round(user, innovation_round):
    return innovation_round is not None and reads(user, innovation_round.committee)


@rules.predicate
def runs_round(user, innovation_round):
    return innovation_round is not None and scope_for(user).oversees(innovation_round.committee)


@rules.predicate
def sees_project(user, project):
    if project is None:
        return False
    scope = scope_for(user)
    if scope.oversees(project.round.committee) or scope.manages(project.branch):
        return True
    if project.round.state == project.round.State.PUBLISHED:
        return reads(user, project.branch)
    return project.reviews.filter(reviewer=user).exists()


@rules.predicate
def is_the_reviewer(user, review):
    if review is None or review.reviewer_id != getattr(user, "pk", None):
        return False
    member = scope_for(user).member
    return member is None or member.branch_id != review.project.branch_id


@rules.predicate
def reads_honour(user, honour):
    return honour is not None and reads(user, honour.owning_organisation)


@rules.predicate
def manages_honour(user, honour):
    return honour is not None and scope_for(user).manages(honour.owning_organisation)


rules.add_perm("brands.view_brand", reads_brand)
rules.add_perm("brands.change_brand", manages_brand)
rules.add_perm("brands.decide_brand", oversees_brand)
rules.add_perm("brands.add_brand", manages_organisation)
rules.add_perm("brands.add_honour", manages_organisation)
rules.add_perm("brands.view_honour", reads_honour)
rules.add_perm("brands.change_honour", manages_honour)
rules.add_perm("brands.manage_brands", is_committee_staff)
rules.add_perm("brands.view_round", reads_round)
rules.add_perm("brands.manage_round", runs_round)
rules.add_perm("brands.submit_project", leads_branch)
rules.add_perm("brands.view_project", sees_project)
rules.add_perm("brands.review_project", is_the_reviewer)
