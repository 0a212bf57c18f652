"""Innovation-project rounds (党建创新项目评选) with cross review (交叉互评).

open (branches submit, one project each, until the submission deadline)
→ review (the portal assigns each project to K secretaries of other branches, evenly)
→ closed (scores become visible; the committee records decisions)
→ published (selected projects get an honour of the court level).
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Member, Organisation, Post
from brands.models import (
    Brand,
    BrandError,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
    ReviewScore,
    RoundCriterion,
)
from brands.services import honour_add
from brands.uploads import check_document, clean_name

DEFAULT_CRITERIA = [("实效性", 50), ("创新性", 25), ("可操作性", 25)]
SUMMARY_LIMIT = 3000
MAX_ATTACHMENTS = 5
ONE_DECIMAL = Decimal("0.1")
# A review total this far from the project's median (of 3 or more) is marked as an outlier.
OUTLIER_POINTS = 15


def _deny(ok: bool) -> None:
    if not ok:
        raise BrandError(_("You may not make this change."))


@transaction.atomic
def round_open(
    *,
    by,
    committee: Organisation,
    year: int,
    title: str,
    submission_deadline: datetime.date,
    review_deadline: datetime.date,
    select_count: int = 5,
    excellent_cap_percent: int = 50,
    reviewers_per_project: int = 3,
    criteria: list[tuple[str, int]] | None = None,
) -> InnovationRound:
    _deny(committee.kind == Organisation.Kind.COMMITTEE and scope_for(by).oversees(committee))
    criteria = criteria or DEFAULT_CRITERIA
    if review_deadline < submission_deadline:
        raise BrandError(
            _("The review deadline cannot be before the submission deadline."),
            field="review_deadline",
        )
    if not 1 <= reviewers_per_project <= 9:
        raise BrandError(
            _("Each project needs between 1 and 9 reviewers."), field="reviewers_per_project"
        )
    if not 0 <= excellent_cap_percent <= 100:
        raise BrandError(
            _("The cap on excellent is a percentage from 0 to 100."),
            field="excellent_cap_percent",
        )
    if select_count < 1:
        raise BrandError(_("Select at least one project."), field="select_count")
    names = [name.strip() for name, _weight in criteria]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise BrandError(_("Each criterion needs its own name."), field="criteria")
    if any(weight <= 0 for _name, weight in criteria):
        raise BrandError(_("Each criterion needs full marks above 0."), field="criteria")
    innovation_round = InnovationRound.objects.create(
        committee=committee,
        year=year,
        title=title.strip(),
        submission_deadline=submission_deadline,
        review_deadline=review_deadline,
        select_count=select_count,
        excellent_cap_percent=excellent_cap_percent,
        reviewers_per_project=reviewers_per_project,
        opened_by=by,
    )
    RoundCriterion.objects.bulk_create(
        RoundCriterion(round=innovation_round, name=name, weight=weight, position=i)
        for i, (name, (_n, weight)) in enumerate(zip(names, criteria, strict=True), start=1)
    )
    return innovation_round


@transaction.atomic
def project_submit(
    *,
    by,
    innovation_round: InnovationRound,
    branch: Organisation,
    title: str,
    summary: str,
    brand: Brand | None = None,
    attachments=(),
    today: datetime.date | None = None,
) -> InnovationProject:
    """Submit (or amend, until the deadline) the branch's one project of the round."""
    _deny(by.has_perm("brands.submit_project", branch))
    _deny(branch.path.startswith(innovation_round.committee.path))
    today = today or timezone.localdate()
    innovation_round = InnovationRound.objects.select_for_update().get(pk=innovation_round.pk)
    if innovation_round.state != InnovationRound.State.OPEN:
        raise BrandError(_("The round no longer takes submissions."))
    if today > innovation_round.submission_deadline:
        raise BrandError(
            _("The submission deadline (%(date)s) has passed; the project was not submitted.")
            % {"date": innovation_round.submission_deadline.isoformat()}
        )
    title, summary = title.strip(), summary.strip()
    if not title or len(title) > 120:
        raise BrandError(_("The project needs a title of at most 120 characters."), field="title")
    if not summary:
        raise BrandError(_("The project needs a summary."), field="summary")
    if len(summary) > SUMMARY_LIMIT:
        raise BrandError(
            _("The summary may have at most %(limit)s characters (it has %(count)s).")
            % {"limit": f"{SUMMARY_LIMIT:,}", "count": f"{len(summary):,}"},
            field="summary",
        )
    if brand is not None and brand.organisation_id != branch.pk:
        raise BrandError(_("Link the project to your own branch's brand."), field="brand")
    types = [check_document(upload, field="attachments") for upload in attachments]
    project = InnovationProject.objects.filter(round=innovation_round, branch=branch).first()
    existing = project.attachments.count() if project else 0
    if existing + len(types) > MAX_ATTACHMENTS:
        raise BrandError(
            _("A project has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS},
            field="attachments",
        )
    if project is None:
        project = InnovationProject(round=innovation_round, branch=branch)
    project.title, project.summary, project.brand = title, summary, brand
    project.submitted_by, project.submitted_at = by, timezone.now()
    project.save()
    for upload, content_type in zip(attachments, types, strict=True):
        ProjectAttachment.objects.create(
            project=project,
            file=upload,
            original_name=clean_name(upload.name),
            size=upload.size,
            content_type=content_type,
        )
    return project


# --- assignment ----------------------------------------------------------------------------------
def reviewer_pool(innovation_round: InnovationRound, day: datetime.date | None = None):
    """[(user, branch id)]: the current secretary (else deputy) of each branch under the
    committee, with a login; one reviewer per branch, in tree order."""
    day = day or timezone.localdate()
    posts = (
        Post.objects.current(day)
        .filter(
            organisation__path__startswith=innovation_round.committee.path,
            organisation__kind=Organisation.Kind.BRANCH,
            kind__in=[Post.Kind.SECRETARY, Post.Kind.DEPUTY_SECRETARY],
            member__state=Member.State.ACTIVE,
            member__user__is_active=True,
        )
        .select_related("member__user", "organisation")
        .order_by("organisation__path", "kind", "start", "pk")
    )
    chosen: dict[int, tuple] = {}
    for post in posts:
        current = chosen.get(post.organisation_id)
        if current is None or (
            current[2] != Post.Kind.SECRETARY and post.kind == Post.Kind.SECRETARY
        ):
            chosen[post.organisation_id] = (post.member.user, post.organisation_id, post.kind)
    return [(user, branch_id) for user, branch_id, _kind in chosen.values()]


def assign_evenly(projects, pool, k: int) -> list[tuple[object, object, int]]:
    """[(project, user, branch id)]: K reviewers per project, none of its own branch, each
    reviewer's load as even as possible (least loaded first, ties by a rotating start)."""
    load = {user.pk: 0 for user, _branch in pool}
    assignments = []
    for index, project in enumerate(projects):
        eligible = [(u, b) for u, b in pool if b != project.branch_id]
        if len(eligible) < k:
            raise BrandError(
                _("Not enough secretaries of other branches to give each project %(k)d reviewers.")
                % {"k": k}
            )
        rotation = {u.pk: (i - index) % len(pool) for i, (u, _b) in enumerate(pool)}
        eligible.sort(key=lambda item: (load[item[0].pk], rotation[item[0].pk]))
        for user, branch_id in eligible[:k]:
            load[user.pk] += 1
            assignments.append((project, user, branch_id))
    return assignments


@transaction.atomic
def round_start_review(*, by, innovation_round: InnovationRound) -> list[CrossReview]:
    """Close submissions and assign the cross reviews."""
    _deny(by.has_perm("brands.manage_round", innovation_round))
    innovation_round = InnovationRound.objects.select_for_update().get(pk=innovation_round.pk)
    innovation_round.transition_to(InnovationRound.State.REVIEW)
    projects = list(innovation_round.projects.order_by("branch__path"))
    if not projects:
        raise BrandError(_("No project has been submitted yet."))
    assignments = assign_evenly(
        projects, reviewer_pool(innovation_round), innovation_round.reviewers_per_project
    )
    innovation_round.save(update_fields=["state"])
    return CrossReview.objects.bulk_create(
        CrossReview(project=project, reviewer=user, reviewer_branch_id=branch_id)
        for project, user, branch_id in assignments
    )


@transaction.atomic
def review_reassign(*, by, review: CrossReview, reviewer, reviewer_branch: Organisation):
    """The committee gives an unsubmitted review to another secretary (never of the project's branch)."""
    _deny(by.has_perm("brands.manage_round", review.project.round))
    if review.project.round.state != InnovationRound.State.REVIEW:
        raise BrandError(_("Reviews can be reassigned only while the round is in review."))
    if review.submitted_at is not None:
        raise BrandError(_("This review has been submitted and cannot be reassigned."))
    if reviewer_branch.pk == review.project.branch_id:
        raise BrandError(_("Nobody reviews their own branch's project."), field="reviewer")
    if review.project.reviews.filter(reviewer=reviewer).exclude(pk=review.pk).exists():
        raise BrandError(_("This secretary reviews the project already."), field="reviewer")
    review.reviewer, review.reviewer_branch = reviewer, reviewer_branch
    review.save(update_fields=["reviewer", "reviewer_branch"])
    return review


@transaction.atomic
def review_submit(
    *, by, review: CrossReview, scores: dict[int, tuple[Decimal, str]]
) -> CrossReview:
    """Scores {criterion id: (score, comment)}, each between 0 and the criterion's full marks."""
    _deny(rules.has_perm("brands.review_project", by, review))  # no superuser shortcut
    review = (
        CrossReview.objects.select_for_update().select_related("project__round").get(pk=review.pk)
    )
    if review.project.round.state != InnovationRound.State.REVIEW:
        raise BrandError(_("The round is not in review; scores can no longer be changed."))
    criteria = list(review.project.round.criteria.all())
    rows = []
    for criterion in criteria:
        if criterion.pk not in scores or scores[criterion.pk][0] is None:
            raise BrandError(_("Give a score for “%(criterion)s”.") % {"criterion": criterion.name})
        value, comment = scores[criterion.pk]
        value = Decimal(value)
        if not Decimal(0) <= value <= criterion.weight:
            raise BrandError(
                _("The score for “%(criterion)s” must be between 0 and %(max)d.")
                % {"criterion": criterion.name, "max": criterion.weight}
            )
        if len(comment or "") > 500:
            raise BrandError(_("A comment may have at most 500 characters."))
        rows.append(ReviewScore(review=review, criterion=criterion, score=value, comment=comment))
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(rows)
    review.total = sum((row.score for row in rows), Decimal(0))
    review.submitted_at = timezone.now()
    review.save(update_fields=["total", "submitted_at"])
    return review


@transaction.atomic
def round_close(*, by, innovation_round: InnovationRound) -> InnovationRound:
    _deny(by.has_perm("brands.manage_round", innovation_round))
    innovation_round = InnovationRound.objects.select_for_update().get(pk=innovation_round.pk)
    innovation_round.transition_to(InnovationRound.State.CLOSED)
    innovation_round.save(update_fields=["state"])
    return innovation_round


@transaction.atomic
def project_decide(*, by, project: InnovationProject, decision: str, note: str = ""):
    innovation_round = InnovationRound.objects.select_for_update().get(pk=project.round_id)
    _deny(by.has_perm("brands.manage_round", innovation_round))
    if innovation_round.state != InnovationRound.State.CLOSED:
        raise BrandError(_("Decisions are recorded after the review closes and before publishing."))
    if decision not in InnovationProject.Decision.values:
        raise BrandError(_("Unknown decision."))
    others = innovation_round.projects.exclude(pk=project.pk)
    Decision = InnovationProject.Decision
    if decision in (Decision.EXCELLENT, Decision.SELECTED):
        chosen = others.filter(decision__in=[Decision.EXCELLENT, Decision.SELECTED]).count()
        if chosen + 1 > innovation_round.select_count:
            raise BrandError(
                _("The round selects %(n)d projects; %(n)d are selected already.")
                % {"n": innovation_round.select_count}
            )
    if decision == Decision.EXCELLENT:
        excellent = others.filter(decision=Decision.EXCELLENT).count()
        if excellent + 1 > innovation_round.excellent_cap:
            raise BrandError(
                _("At most %(n)d projects may be excellent in this round.")
                % {"n": innovation_round.excellent_cap}
            )
    project.decision, project.decision_note = decision, note[:300]
    project.save(update_fields=["decision", "decision_note"])
    return project


@transaction.atomic
def round_publish(*, by, innovation_round: InnovationRound) -> InnovationRound:
    """Publish the decisions; each selected project gets a court-level honour."""
    _deny(by.has_perm("brands.manage_round", innovation_round))
    innovation_round = InnovationRound.objects.select_for_update().get(pk=innovation_round.pk)
    innovation_round.transition_to(InnovationRound.State.PUBLISHED)
    innovation_round.published_at = timezone.now()
    innovation_round.save(update_fields=["state", "published_at"])
    selected = innovation_round.projects.filter(
        decision__in=[InnovationProject.Decision.EXCELLENT, InnovationProject.Decision.SELECTED]
    ).select_related("brand__organisation", "branch")
    for project in selected:
        grade = (
            _("excellent innovation project")
            if project.decision == InnovationProject.Decision.EXCELLENT
            else _("selected innovation project")
        )
        honour_add(
            by=by,
            title=f"{innovation_round.title}·{grade}：{project.title}"[:200],
            level=Honour.Level.COURT,
            issuing_body=innovation_round.committee.name,
            date=timezone.localdate(),
            brand=project.brand,
            organisation=None if project.brand else project.branch,
            project=project,
        )
    return innovation_round


# --- results -------------------------------------------------------------------------------------
@dataclass
class ProjectResult:
    project: InnovationProject
    totals: list[Decimal] = field(default_factory=list)
    expected: int = 0
    mean: Decimal | None = None
    spread: Decimal | None = None
    outliers: set[int] = field(default_factory=set)  # review ids far from the others
    late: int = 0
    missing: int = 0


def _q(value) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def round_results(innovation_round: InnovationRound) -> list[ProjectResult]:
    """Per project: the submitted totals, mean, spread (max − min), outliers (a total more
    than OUTLIER_POINTS (15) from the project's median total), late and missing reviews. Two queries."""
    projects = list(
        innovation_round.projects.select_related("branch", "brand").order_by("branch__path")
    )
    reviews = (
        CrossReview.objects.filter(project__round=innovation_round)
        .select_related("reviewer", "reviewer_branch")
        .order_by("project_id", "pk")
    )
    by_project: dict[int, list[CrossReview]] = {p.pk: [] for p in projects}
    for review in reviews:
        by_project[review.project_id].append(review)
    today = timezone.localdate()
    results = []
    for project in projects:
        result = ProjectResult(project=project, expected=len(by_project[project.pk]))
        project.review_rows = by_project[project.pk]
        done = [r for r in by_project[project.pk] if r.submitted_at is not None]
        result.totals = [r.total for r in done]
        for review in by_project[project.pk]:
            review.project = project  # its round is known: is_late asks no query
            if review.submitted_at is None:
                if today > innovation_round.review_deadline:
                    result.missing += 1
            elif timezone.localtime(review.submitted_at).date() > innovation_round.review_deadline:
                result.late += 1
        if result.totals:
            result.mean = _q(statistics.fmean(result.totals))
            result.spread = _q(max(result.totals) - min(result.totals))
            if len(done) >= 3:
                median = Decimal(statistics.median(result.totals))
                for review in done:
                    if abs(review.total - median) > OUTLIER_POINTS:
                        result.outliers.add(review.pk)
        results.append(result)
    results.sort(key=lambda r: (r.mean is None, -(r.mean or 0)))
    return results
