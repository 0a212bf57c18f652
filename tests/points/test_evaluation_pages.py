"""Evaluation pages: the status every persona gets, and fixed query counts on the list pages."""

import pytest
from django.urls import reverse

from branches.models import Member, Organisation, Post
from points import evaluation
from points.models import Evaluation, EvaluationRound, Grade, PeerGrade
from tests.conftest import PERSONAS, persona_cases
from tests.factories import give_post, make_member, make_organisation
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation_round(court):
    """A round of branch A (participants: the secretary and member_a)."""
    return evaluation.evaluation_round_open(
        branch=court.branch_a, year=2025, label="2025年度", by=court.secretary_a.user
    )


# statuses per persona: admin, committee, secretary_a, member_a, member_b, anonymous
GET_MATRIX = [
    ("points:evaluation_rounds", False, [200, 200, 200, 200, 200, 302]),
    ("points:evaluation_round_new", False, [200, 200, 200, 404, 404, 302]),
    ("points:evaluation_round", True, [200, 200, 200, 302, 404, 302]),
    ("points:evaluation_form", True, [404, 404, 200, 200, 404, 302]),
    ("points:evaluation_review", True, [200, 200, 200, 404, 404, 302]),
    ("points:evaluation_confirm", True, [302, 302, 302, 404, 404, 302]),  # open: not yet
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {row[0] for row in GET_MATRIX} | {"points:evaluation_close"}


@pytest.mark.parametrize(("name", "with_round", "persona", "status"), persona_cases(GET_MATRIX))
def test_evaluation_pages_for_every_persona(
    as_persona, evaluation_round, name, with_round, persona, status
):
    args = [evaluation_round.pk] if with_round else []
    response = as_persona(persona).get(reverse(name, args=args))
    assert response.status_code == status
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))


def test_a_participant_who_is_not_a_leader_is_sent_to_their_form(as_persona, evaluation_round):
    response = as_persona("member_a").get(evaluation_round.get_absolute_url())
    assert response.url == reverse("points:evaluation_form", args=[evaluation_round.pk])


@pytest.mark.parametrize(
    ("persona", "status"), list(zip(PERSONAS, [302, 302, 302, 404, 404, 302], strict=True))
)
def test_only_the_secretary_and_committee_close_a_round(
    as_persona, evaluation_round, persona, status
):
    response = as_persona(persona).post(
        reverse("points:evaluation_close", args=[evaluation_round.pk])
    )
    assert response.status_code == status
    evaluation_round.refresh_from_db()
    closed = persona in ("admin", "committee", "secretary_a")
    assert evaluation_round.state == ("closed" if closed else "open")


def test_a_committee_member_who_is_not_secretary_sees_but_does_not_run(
    client, court, evaluation_round
):
    organiser = make_member(court.branch_a, name="组织委员")
    give_post(organiser, court.branch_a, Post.Kind.ORGANISATION_MEMBER)
    client.force_login(organiser.user)
    assert client.get(evaluation_round.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("points:evaluation_review", args=[evaluation_round.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("points:evaluation_close", args=[evaluation_round.pk])).status_code
        == 403
    )
    assert client.get(reverse("points:evaluation_round_new")).status_code == 404


def test_confirm_page_opens_once_the_round_is_closed(as_persona, court, evaluation_round):
    evaluation.evaluation_round_close(evaluation_round=evaluation_round, by=court.secretary_a.user)
    url = reverse("points:evaluation_confirm", args=[evaluation_round.pk])
    assert as_persona("secretary_a").get(url).status_code == 200
    assert as_persona("member_a").get(url).status_code == 404


def test_the_round_list_shows_each_user_their_rounds(as_persona, court, evaluation_round):
    make_member(court.branch_b, name="刑庭党员")
    other = evaluation.evaluation_round_open(
        branch=court.branch_b, year=2025, label="2025年度", by=court.staff.user
    )
    listed = lambda persona: {  # noqa: E731
        r.pk for r in as_persona(persona).get(reverse("points:evaluation_rounds")).context["page"]
    }
    assert listed("committee") == {evaluation_round.pk, other.pk}
    assert listed("secretary_a") == {evaluation_round.pk}
    assert listed("member_a") == {evaluation_round.pk}
    assert listed("member_b") == {other.pk}


# --- query counts --------------------------------------------------------------------------------
def add_participants(evaluation_round, branch, first, n):
    """n more members in the round, each graded by the previous one."""
    members = Member.objects.bulk_create(
        Member(name=f"评议{i}", employee_number=f"E{i:06d}", branch=branch)
        for i in range(first, first + n)
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            round=evaluation_round, member=m, self_assessment="好", self_grade=Grade.QUALIFIED
        )
        for m in members
    )
    PeerGrade.objects.bulk_create(
        PeerGrade(round=evaluation_round, rater=a, rated=b, grade=Grade.QUALIFIED)
        for a, b in zip(members, members[1:], strict=False)
    )


def add_rounds(court, first, n):
    branches = [
        make_organisation(court.committee, Organisation.Kind.BRANCH, f"测试支部{i}")
        for i in range(first, first + n)
    ]
    EvaluationRound.objects.bulk_create(
        EvaluationRound(branch=b, year=2025, label="2025年度", opened_by=court.staff.user)
        for b in branches
    )


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("secretary_a", lambda r: r.get_absolute_url()),
        ("secretary_a", lambda r: r.get_absolute_url() + "?page=2"),
        ("committee", lambda r: reverse("points:evaluation_rounds")),
        (
            "committee",
            lambda r: reverse("points:evaluation_rounds") + "?year=2025&state=open&q=支部",
        ),
        ("member_a", lambda r: reverse("points:evaluation_rounds")),
    ],
)
def test_evaluation_lists_run_a_fixed_number_of_queries(
    as_persona, court, evaluation_round, persona, url
):
    client = as_persona(persona)
    add_participants(evaluation_round, court.branch_a, 0, 60)
    add_rounds(court, 0, 3)
    small = count_queries(client, url(evaluation_round))
    add_participants(evaluation_round, court.branch_a, 60, 600)
    add_rounds(court, 3, 40)
    large = count_queries(client, url(evaluation_round))
    assert small == large
