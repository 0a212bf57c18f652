"""Democratic evaluation of members (民主评议党员): the services and what the pages read.

The rules, as the branch applies them:

* Participants are the branch's current members when the round opens (one Evaluation
  row each); a member who joins later is not graded in that round.
* While the round is open each participant submits a self-assessment with a self grade
  and grades every fellow participant once (they may resubmit until the round closes;
  each pair keeps one PeerGrade row). The secretary writes the leader review (a grade
  and a comment per member) while the round is open or closed.
* At most one third of the participants, rounded down, may be graded excellent: a
  rater's peer grades, the leader review and the final grades are each refused with
  more (nine members: at most three).
* Closing the round proposes each member's result: the peer grade given most often;
  when two or more grades tie for most, or nobody graded the member, the leader review's
  grade decides; without one there is no proposal and the secretary chooses.
* The branch (its secretary) confirms the final grades, starting from the proposals;
  the round is then confirmed and nothing changes any more.
* Peer grades are anonymous: pages show how many of each grade a member received, never
  who gave which (only the rater sees the grades they gave).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import scope_for
from branches.models import Member, Organisation, User
from points.models import Evaluation, EvaluationRound, Grade, PeerGrade, PointsError

GRADES = tuple(Grade.values)


# --- the rules ------------------------------------------------------------------------------
def excellent_limit(participants: int) -> int:
    """How many members of a round of `participants` may be graded excellent (one third)."""
    return participants // 3


def check_excellent_cap(grades: Iterable[str], *, participants: int) -> None:
    """Refuse more excellent grades than one third of the participants."""
    given = sum(1 for grade in grades if grade == Grade.EXCELLENT)
    limit = excellent_limit(participants)
    if given > limit:
        raise PointsError(
            _(
                "At most one third of the members may be graded excellent: with %(members)s "
                "members in this evaluation that is at most %(limit)s, but %(given)s are "
                "graded excellent."
            )
            % {"members": participants, "limit": limit, "given": given}
        )


def propose_grade(counts: dict[str, int], leader_grade: str) -> str:
    """The most frequent peer grade; on a tie (or without peer grades) the leader review's."""
    top = max(counts.values(), default=0)
    if top:
        most = [grade for grade, count in counts.items() if count == top]
        if len(most) == 1:
            return most[0]
    return leader_grade or ""


# --- reading -----------------------------------------------------------------------------------
def received_counts(
    evaluation_round: EvaluationRound, member_ids: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """{member pk: {grade: how many peers gave it}} (one query; no rater is read)."""
    rows = PeerGrade.objects.filter(round=evaluation_round)
    if member_ids is not None:
        rows = rows.filter(rated_id__in=list(member_ids))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows.values("rated_id", "grade").annotate(n=Count("pk")).order_by():
        counts[row["rated_id"]][row["grade"]] = row["n"]
    return counts


def given_counts(evaluation_round: EvaluationRound, member_ids: Iterable[int]) -> dict[int, int]:
    """{member pk: how many fellow members they have graded} (one query)."""
    rows = (
        PeerGrade.objects.filter(round=evaluation_round, rater_id__in=list(member_ids))
        .values("rater_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["rater_id"]: row["n"] for row in rows}


def grade_counts_list(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(grade, label, count) for every grade, in order (for templates)."""
    return [(value, label, counts.get(value, 0)) for value, label in Grade.choices]


def participants(evaluation_round: EvaluationRound) -> QuerySet[Evaluation]:
    return evaluation_round.evaluations.select_related("member", "leader_by").order_by(
        "member__name", "member_id"
    )


def overview_rows(evaluation_round: EvaluationRound, evaluations: list[Evaluation]) -> list:
    """Attach to each Evaluation its received counts and how many fellows it graded (2 queries)."""
    ids = [e.member_id for e in evaluations]
    counts = received_counts(evaluation_round, ids)
    given = given_counts(evaluation_round, ids)
    for evaluation in evaluations:
        evaluation.grade_counts = grade_counts_list(counts.get(evaluation.member_id, {}))
        evaluation.graded_fellows = given.get(evaluation.member_id, 0)
    return evaluations


def visible_rounds(user) -> QuerySet[EvaluationRound]:
    """The rounds the user may see, with the number of participants and whether they take part."""
    member = scope_for(user).member
    mine = Evaluation.objects.filter(round=OuterRef("pk"), member_id=member.pk if member else None)
    return (
        EvaluationRound.objects.visible_to(user)
        .select_related("branch")
        .annotate(
            participant_count=Count("evaluations"),
            submitted_count=Count("evaluations", filter=Q(evaluations__submitted_at__isnull=False)),
            takes_part=Exists(mine),
        )
        .order_by("-year", "-opened_at", "-pk")
    )


def branches_to_open(user) -> QuerySet[Organisation]:
    """The branches where the user may open an evaluation round."""
    scope = scope_for(user)
    branches = Organisation.objects.visible_to(user).branches().active()
    if scope.is_committee_staff:
        return branches
    return branches.filter(Organisation.subtrees_q(scope.secretary_paths))


def member_evaluations(member: Member, *, year: int) -> list[Evaluation]:
    """The member's evaluations of rounds of `year`, each with its received counts (2 queries)."""
    evaluations = list(
        Evaluation.objects.filter(member=member, round__year=year)
        .select_related("round__branch")
        .order_by("round__opened_at", "pk")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if evaluations:
        rows = (
            PeerGrade.objects.filter(rated=member, round_id__in=[e.round_id for e in evaluations])
            .values("round_id", "grade")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[row["round_id"]][row["grade"]] = row["n"]
    for evaluation in evaluations:
        evaluation.grade_counts = grade_counts_list(counts[evaluation.round_id])
    return evaluations


# --- changing ------------------------------------------------------------------------------------
def _locked_round(evaluation_round: EvaluationRound) -> EvaluationRound:
    return (
        EvaluationRound.objects.select_for_update(of=("self",))
        .select_related("branch")
        .get(pk=evaluation_round.pk)
    )


def _check_runner(evaluation_round: EvaluationRound, by: User) -> None:
    if not by.has_perm("points.run_evaluation", evaluation_round):
        raise PointsError(_("Only the branch secretary can do this."))


def _check_grade(grade: str, *, field: str | None = None) -> None:
    if grade not in GRADES:
        raise PointsError(_("Choose a grade."), field=field)


@transaction.atomic
def evaluation_round_open(
    *, branch: Organisation, year: int, label: str, by: User
) -> EvaluationRound:
    """Open a round for the branch; its current members become the participants."""
    if not branch.is_branch or not branch.is_active:
        raise PointsError(_("Evaluation rounds are held by a branch."), field="branch")
    if not by.has_perm("points.run_evaluation", branch):
        raise PointsError(_("Only the branch secretary can open an evaluation round."))
    label = (label or "").strip()
    if not label:
        raise PointsError(_("Name the period, e.g. 2026年度."), field="label")
    if EvaluationRound.objects.filter(branch=branch, label=label).exists():
        raise PointsError(
            _("The branch already has an evaluation round “%(label)s”.") % {"label": label},
            field="label",
        )
    member_ids = list(
        Member.objects.current().filter(branch=branch).order_by("pk").values_list("pk", flat=True)
    )
    if len(member_ids) < 2:
        raise PointsError(_("An evaluation needs at least two members in the branch."))
    evaluation_round = EvaluationRound.objects.create(
        branch=branch, year=year, label=label, opened_by=by
    )
    Evaluation.objects.bulk_create(
        Evaluation(round=evaluation_round, member_id=member_id) for member_id in member_ids
    )
    return evaluation_round


@transaction.atomic
def evaluation_submit(
    *,
    evaluation_round: EvaluationRound,
    member: Member,
    self_assessment: str,
    self_grade: str,
    peer_grades: dict[int, str],
    by: User,
) -> Evaluation:
    """A participant's form: self-assessment and self grade, and a grade for every fellow."""
    evaluation_round = _locked_round(evaluation_round)
    own = scope_for(by).member
    if own is None or own.pk != member.pk:
        raise PointsError(_("Members fill in their own evaluation form."))
    if not evaluation_round.is_open:
        raise PointsError(_("The evaluation round is closed."))
    evaluation = evaluation_round.evaluations.filter(member=member).first()
    if evaluation is None:
        raise PointsError(_("You are not a participant of this evaluation round."))
    self_assessment = (self_assessment or "").strip()
    if not self_assessment:
        raise PointsError(_("Write your self-assessment."), field="self_assessment")
    _check_grade(self_grade, field="self_grade")
    fellows = set(
        evaluation_round.evaluations.exclude(member=member).values_list("member_id", flat=True)
    )
    if set(peer_grades) != fellows:
        raise PointsError(_("Grade every fellow member of the branch, once each."))
    for grade in peer_grades.values():
        _check_grade(grade)
    check_excellent_cap(peer_grades.values(), participants=len(fellows) + 1)

    evaluation.self_assessment = self_assessment
    evaluation.self_grade = self_grade
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["self_assessment", "self_grade", "submitted_at"])
    PeerGrade.objects.bulk_create(
        [
            PeerGrade(round=evaluation_round, rater=member, rated_id=rated_id, grade=grade)
            for rated_id, grade in sorted(peer_grades.items())
        ],
        update_conflicts=True,
        unique_fields=["round", "rater", "rated"],
        update_fields=["grade", "updated"],
    )
    return evaluation


def _propose(evaluation_round: EvaluationRound) -> None:
    counts = received_counts(evaluation_round)
    evaluations = list(evaluation_round.evaluations.all())
    for evaluation in evaluations:
        evaluation.proposed_grade = propose_grade(
            counts.get(evaluation.member_id, {}), evaluation.leader_grade
        )
    Evaluation.objects.bulk_update(evaluations, ["proposed_grade"])


@transaction.atomic
def evaluation_review(
    *, evaluation_round: EvaluationRound, reviews: dict[int, tuple[str, str]], by: User
) -> int:
    """The secretary's leader review: {member pk: (grade or "", comment)}; returns rows changed.

    Allowed until the grades are confirmed; after closing, the proposals are updated (the
    leader review decides ties).
    """
    evaluation_round = _locked_round(evaluation_round)
    _check_runner(evaluation_round, by)
    if evaluation_round.is_confirmed:
        raise PointsError(_("The grades are confirmed; the round cannot change any more."))
    evaluations = {e.member_id: e for e in evaluation_round.evaluations.all()}
    if not set(reviews) <= set(evaluations):
        raise PointsError(_("Only the round's participants can be reviewed."))
    for grade, _comment in reviews.values():
        if grade:
            _check_grade(grade)
    grades = {pk: e.leader_grade for pk, e in evaluations.items()}
    grades.update({pk: grade for pk, (grade, _comment) in reviews.items()})
    check_excellent_cap(grades.values(), participants=len(evaluations))
    now = timezone.now()
    changed = []
    for member_id, (grade, comment) in reviews.items():
        evaluation = evaluations[member_id]
        comment = (comment or "").strip()
        if (evaluation.leader_grade, evaluation.leader_comment) == (grade, comment):
            continue
        evaluation.leader_grade, evaluation.leader_comment = grade, comment
        evaluation.leader_by, evaluation.leader_at = by, now
        changed.append(evaluation)
    Evaluation.objects.bulk_update(
        changed, ["leader_grade", "leader_comment", "leader_by", "leader_at"]
    )
    if evaluation_round.is_closed and changed:
        _propose(evaluation_round)
    return len(changed)


@transaction.atomic
def evaluation_round_close(*, evaluation_round: EvaluationRound, by: User) -> EvaluationRound:
    """Close the round: no more forms; each member's result grade is proposed."""
    evaluation_round = _locked_round(evaluation_round)
    _check_runner(evaluation_round, by)
    evaluation_round.transition_to(EvaluationRound.State.CLOSED)
    evaluation_round.closed_at = timezone.now()
    evaluation_round.save(update_fields=["state", "closed_at"])
    _propose(evaluation_round)
    return evaluation_round


@transaction.atomic
def evaluation_round_confirm(
    *, evaluation_round: EvaluationRound, final_grades: dict[int, str], by: User
) -> EvaluationRound:
    """The branch confirms every participant's final grade (at most a third excellent)."""
    evaluation_round = _locked_round(evaluation_round)
    _check_runner(evaluation_round, by)
    evaluation_round.transition_to(EvaluationRound.State.CONFIRMED)
    evaluations = list(evaluation_round.evaluations.all())
    if set(final_grades) != {e.member_id for e in evaluations}:
        raise PointsError(_("Give every member of the round a final grade."))
    for grade in final_grades.values():
        _check_grade(grade)
    check_excellent_cap(final_grades.values(), participants=len(evaluations))
    for evaluation in evaluations:
        evaluation.final_grade = final_grades[evaluation.member_id]
    Evaluation.objects.bulk_update(evaluations, ["final_grade"])
    evaluation_round.confirmed_by = by
    evaluation_round.confirmed_at = timezone.now()
    evaluation_round.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return evaluation_round
