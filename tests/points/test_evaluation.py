"""Democratic evaluation: self / peer / leader review, at most a third excellent, majority proposal."""

import pytest
from django.urls import reverse

from branches.models import Post
from points import evaluation
from points.evaluation_forms import EvaluationForm
from points.models import Evaluation, EvaluationRound, Grade, PeerGrade, PointsError
from tests.factories import give_post, make_member

pytestmark = pytest.mark.django_db

E, Q, B, U = Grade.EXCELLENT, Grade.QUALIFIED, Grade.BASICALLY_QUALIFIED, Grade.UNQUALIFIED
FELLOW_NAMES = ["党员一", "党员二", "党员三", "党员四", "党员五", "党员六", "党员七"]


@pytest.fixture
def nine(court):
    """Branch A with nine members: the secretary, member_a and seven more (with logins)."""
    extra = [make_member(court.branch_a, group=court.group_a1, name=name) for name in FELLOW_NAMES]
    return [court.secretary_a, court.member_a, *extra]


@pytest.fixture
def open_round(court, nine):
    return evaluation.evaluation_round_open(
        branch=court.branch_a, year=2025, label="2025年度", by=court.secretary_a.user
    )


def grades_for(rater, members, *, excellent=0, grade=Q):
    """The rater's grades of every fellow: the first `excellent` excellent, the rest `grade`."""
    fellows = [m for m in members if m.pk != rater.pk]
    return {m.pk: (E if i < excellent else grade) for i, m in enumerate(fellows)}


def submit(evaluation_round, member, grades, *, self_grade=Q, text="认真学习，履职尽责。"):
    return evaluation.evaluation_submit(
        evaluation_round=evaluation_round,
        member=member,
        self_assessment=text,
        self_grade=self_grade,
        peer_grades=grades,
        by=member.user,
    )


def form_data(members, rater, *, excellent):
    data = {"self_assessment": "一年来认真学习，履职尽责。", "self_grade": Q}
    for pk, grade in grades_for(rater, members, excellent=excellent).items():
        data[f"peer_{pk}"] = grade
    return data


# --- the acceptance test ---------------------------------------------------------------------
def test_the_form_refuses_a_fourth_excellent_in_a_branch_of_nine(
    as_persona, court, nine, open_round
):
    url = reverse("points:evaluation_form", args=[open_round.pk])
    client = as_persona("member_a")

    response = client.post(url, form_data(nine, court.member_a, excellent=4))
    assert response.status_code == 200
    page = response.content.decode()
    assert "评为“优秀”的不得超过参评党员的三分之一" in page
    assert "本次共 9 名党员参评，最多只能评 3 名优秀" in page
    assert not PeerGrade.objects.exists()

    response = client.post(url, form_data(nine, court.member_a, excellent=3))
    assert response.status_code == 302
    assert PeerGrade.objects.filter(rater=court.member_a).count() == 8
    assert PeerGrade.objects.filter(rater=court.member_a, grade=E).count() == 3


def test_the_form_class_and_the_service_both_refuse_four_excellent(court, nine, open_round):
    fellows = [m for m in nine if m.pk != court.member_a.pk]
    form = EvaluationForm(
        form_data(nine, court.member_a, excellent=4), fellows=fellows, participants=9
    )
    assert not form.is_valid()
    assert form.excellent_limit == 3
    with pytest.raises(PointsError, match="at most 3, but 4"):
        submit(open_round, court.member_a, grades_for(court.member_a, nine, excellent=4))


@pytest.mark.parametrize(("members", "limit"), [(2, 0), (3, 1), (8, 2), (9, 3), (10, 3), (12, 4)])
def test_one_third_rounded_down_may_be_excellent(members, limit):
    assert evaluation.excellent_limit(members) == limit


# --- opening ----------------------------------------------------------------------------------------
def test_opening_takes_the_current_members_as_participants(court, nine, open_round):
    assert {e.member_id for e in open_round.evaluations.all()} == {m.pk for m in nine}
    newcomer = make_member(court.branch_a, name="新转入党员")
    assert not Evaluation.objects.filter(member=newcomer).exists()


def test_only_the_secretary_or_committee_opens_a_round(court, nine):
    for user in (court.member_a.user, court.member_b.user):
        with pytest.raises(PointsError, match="Only the branch secretary"):
            evaluation.evaluation_round_open(
                branch=court.branch_a, year=2025, label="2025年度", by=user
            )
    evaluation.evaluation_round_open(
        branch=court.branch_a, year=2025, label="2025年度", by=court.staff.user
    )
    with pytest.raises(PointsError, match="already has an evaluation round"):
        evaluation.evaluation_round_open(
            branch=court.branch_a, year=2025, label="2025年度", by=court.secretary_a.user
        )


# --- the member's form --------------------------------------------------------------------------
def test_a_member_grades_every_fellow_once_and_may_change_until_closing(court, nine, open_round):
    submit(open_round, court.member_a, grades_for(court.member_a, nine, excellent=2))
    submit(open_round, court.member_a, grades_for(court.member_a, nine, excellent=1))
    rows = PeerGrade.objects.filter(round=open_round, rater=court.member_a)
    assert rows.count() == 8
    assert rows.filter(grade=E).count() == 1
    own = Evaluation.objects.get(round=open_round, member=court.member_a)
    assert own.has_submitted
    assert own.self_assessment == "认真学习，履职尽责。"


def test_every_fellow_must_be_graded(court, nine, open_round):
    grades = grades_for(court.member_a, nine)
    grades.popitem()
    with pytest.raises(PointsError, match="Grade every fellow"):
        submit(open_round, court.member_a, grades)
    grades = grades_for(court.member_a, nine) | {court.member_a.pk: E}  # grading oneself
    with pytest.raises(PointsError, match="Grade every fellow"):
        submit(open_round, court.member_a, grades)


def test_members_fill_in_only_their_own_form(court, nine, open_round):
    with pytest.raises(PointsError, match="their own"):
        evaluation.evaluation_submit(
            evaluation_round=open_round,
            member=court.member_a,
            self_assessment="x",
            self_grade=Q,
            peer_grades=grades_for(court.member_a, nine),
            by=court.secretary_a.user,
        )


def test_no_forms_after_closing(court, nine, open_round):
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.secretary_a.user)
    with pytest.raises(PointsError, match="closed"):
        submit(open_round, court.member_a, grades_for(court.member_a, nine))


# --- proposal, leader review, confirmation -------------------------------------------------
@pytest.mark.parametrize(
    ("counts", "leader", "proposed"),
    [
        ({E: 5, Q: 3}, Q, E),  # the majority
        ({Q: 4, E: 4}, E, E),  # a tie: the leader review decides
        ({Q: 4, B: 4}, B, B),
        ({Q: 4, E: 4}, "", ""),  # a tie and no leader review: no proposal
        ({}, Q, Q),  # nobody graded the member
        ({}, "", ""),
    ],
)
def test_the_proposal_is_the_majority_and_ties_go_to_the_leader_review(counts, leader, proposed):
    assert evaluation.propose_grade(counts, leader) == proposed


def test_closing_proposes_grades_and_the_branch_confirms_them(court, nine, open_round):
    star = nine[2]
    for rater in nine:
        grades = grades_for(rater, nine)
        if rater.pk != star.pk:
            grades[star.pk] = E
        submit(open_round, rater, grades)
    evaluation.evaluation_review(
        evaluation_round=open_round,
        reviews={star.pk: (E, "带头作用明显"), court.member_a.pk: (Q, "")},
        by=court.secretary_a.user,
    )
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.secretary_a.user)
    proposed = dict(open_round.evaluations.values_list("member_id", "proposed_grade"))
    assert proposed[star.pk] == E
    assert proposed[court.member_a.pk] == Q

    finals = dict.fromkeys(proposed, Q) | {star.pk: E}
    evaluation.evaluation_round_confirm(
        evaluation_round=open_round, final_grades=finals, by=court.secretary_a.user
    )
    open_round.refresh_from_db()
    assert open_round.state == EvaluationRound.State.CONFIRMED
    assert open_round.confirmed_by == court.secretary_a.user
    assert Evaluation.objects.get(round=open_round, member=star).final_grade == E
    with pytest.raises(PointsError, match="confirmed"):
        evaluation.evaluation_review(
            evaluation_round=open_round, reviews={star.pk: (Q, "")}, by=court.secretary_a.user
        )


def test_a_leader_review_after_closing_settles_a_tie(court, nine, open_round):
    target = nine[3]
    raters = [m for m in nine if m.pk != target.pk]
    for index, rater in enumerate(raters):
        grades = grades_for(rater, nine)
        grades[target.pk] = E if index < 4 else Q  # 4 excellent, 4 qualified: a tie
        submit(open_round, rater, grades)
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.secretary_a.user)
    get = lambda: Evaluation.objects.get(round=open_round, member=target).proposed_grade  # noqa: E731
    assert get() == ""
    evaluation.evaluation_review(
        evaluation_round=open_round, reviews={target.pk: (E, "")}, by=court.secretary_a.user
    )
    assert get() == E


def test_final_grades_are_capped_at_a_third_too(court, nine, open_round):
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.secretary_a.user)
    finals = {m.pk: (E if i < 4 else Q) for i, m in enumerate(nine)}
    with pytest.raises(PointsError, match="at most 3, but 4"):
        evaluation.evaluation_round_confirm(
            evaluation_round=open_round, final_grades=finals, by=court.secretary_a.user
        )
    finals.popitem()
    with pytest.raises(PointsError, match="every member"):
        evaluation.evaluation_round_confirm(
            evaluation_round=open_round,
            final_grades={m.pk: Q for m in nine[:-1]},
            by=court.secretary_a.user,
        )
    open_round.refresh_from_db()
    assert open_round.state == EvaluationRound.State.CLOSED


def test_the_leader_review_is_capped_at_a_third(court, nine, open_round):
    reviews = {m.pk: (E, "") for m in nine[:4]}
    with pytest.raises(PointsError, match="at most 3"):
        evaluation.evaluation_review(
            evaluation_round=open_round, reviews=reviews, by=court.secretary_a.user
        )


def test_the_round_cannot_be_confirmed_while_open_or_twice(court, nine, open_round):
    finals = {m.pk: Q for m in nine}
    with pytest.raises(PointsError, match="round is open"):
        evaluation.evaluation_round_confirm(
            evaluation_round=open_round, final_grades=finals, by=court.secretary_a.user
        )


def test_only_the_secretary_runs_the_round(court, nine, open_round):
    organiser = nine[4]
    give_post(organiser, court.branch_a, Post.Kind.ORGANISATION_MEMBER)
    organiser.user.refresh_from_db()
    for user in (court.member_a.user, organiser.user):
        with pytest.raises(PointsError, match="Only the branch secretary"):
            evaluation.evaluation_round_close(evaluation_round=open_round, by=user)
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.staff.user)


# --- anonymity -----------------------------------------------------------------------------------
def test_the_member_sees_how_many_of_each_grade_never_who(as_persona, court, nine, open_round):
    raters = [m for m in nine if m.pk != court.member_a.pk]
    for index, rater in enumerate(raters):
        grades = grades_for(rater, nine)
        grades[court.member_a.pk] = E if index < 3 else (B if index == 3 else Q)
        submit(open_round, rater, grades)
    submit(open_round, court.member_a, grades_for(court.member_a, nine))
    evaluation.evaluation_round_close(evaluation_round=open_round, by=court.secretary_a.user)

    response = as_persona("member_a").get(reverse("points:evaluation_form", args=[open_round.pk]))
    page = response.content.decode()
    assert response.context["grade_counts"] == [
        (E, "优秀", 3),
        (Q, "合格", 4),
        (B, "基本合格", 1),
        (U, "不合格", 0),
    ]
    for name in FELLOW_NAMES + [court.secretary_a.name]:
        assert name not in page
    # ... and the leaders' overview shows counts per member, never a rater's grades.
    overview = as_persona("secretary_a").get(open_round.get_absolute_url())
    row = next(e for e in overview.context["rows"] if e.member_id == court.member_a.pk)
    assert [count for _g, _l, count in row.grade_counts] == [3, 4, 1, 0]


def test_during_the_round_the_member_sees_their_own_grades_only(
    as_persona, court, nine, open_round
):
    submit(open_round, court.member_a, grades_for(court.member_a, nine, excellent=2))
    response = as_persona("member_a").get(reverse("points:evaluation_form", args=[open_round.pk]))
    form = response.context["form"]
    assert sum(1 for v in form.initial.values() if v == E) == 2
    assert "grade_counts" not in response.context


# --- the pages, end to end --------------------------------------------------------------------
def test_secretary_runs_a_round_through_the_pages(as_persona, court, nine):
    client = as_persona("secretary_a")
    response = client.post(
        reverse("points:evaluation_round_new"),
        {"branch": court.branch_a.pk, "year": 2025, "label": "2025年度"},
    )
    evaluation_round = EvaluationRound.objects.get()
    assert response.url == evaluation_round.get_absolute_url()

    review = {}
    for i, member in enumerate(nine):
        review[f"grade_{member.pk}"] = E if i < 4 else Q
        review[f"comment_{member.pk}"] = "表现良好"
    review_url = reverse("points:evaluation_review", args=[evaluation_round.pk])
    response = client.post(review_url, review)
    assert response.status_code == 200
    assert "最多只能评 3 名优秀" in response.content.decode()
    review[f"grade_{nine[3].pk}"] = Q
    assert client.post(review_url, review).status_code == 302
    assert Evaluation.objects.filter(round=evaluation_round, leader_grade=E).count() == 3

    client.post(reverse("points:evaluation_close", args=[evaluation_round.pk]))
    confirm_url = reverse("points:evaluation_confirm", args=[evaluation_round.pk])
    page = client.get(confirm_url)
    assert page.status_code == 200
    finals = {f"final_{m.pk}": (E if i < 3 else Q) for i, m in enumerate(nine)}
    assert client.post(confirm_url, finals).status_code == 302
    evaluation_round.refresh_from_db()
    assert evaluation_round.is_confirmed

    archive = as_persona("member_a").get(reverse("points:archive", args=[court.member_a.pk, 2025]))
    assert "2025年度" in archive.content.decode()
    expected = "优秀" if finals[f"final_{court.member_a.pk}"] == E else "合格"
    assert expected in archive.content.decode()
