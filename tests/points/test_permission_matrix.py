"""Every URL of the points app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders and members opening leaders' pages → 404;
may see a claim but not act on it → 403. No member can open another member's points.
"""

import pytest
from django.urls import reverse

from tests.conftest import persona_cases
from tests.points.conftest import claim, present, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(court, types, rules):
    record(court, types, attendance=present(court.secretary_a, court.member_a))
    return {
        "member_a": court.member_a,
        "member_b": court.member_b,
        "branch_a": court.branch_a,
        "branch_b": court.branch_b,
        "claim_a": claim(court.member_a, rules["claim_study_article"]),
        "claim_b": claim(court.member_b, rules["claim_study_article"]),
    }


# url name, args from the world, expected status per persona (PERSONAS order:
# admin, committee, secretary_a, member_a, member_b, anonymous).
GET_MATRIX = [
    ("points:mine", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("points:member", lambda w: [w["member_a"].pk], [200, 200, 200, 302, 404, 302]),
    ("points:member", lambda w: [w["member_b"].pk], [200, 200, 404, 404, 302, 302]),
    ("points:member_award", lambda w: [w["member_a"].pk], [200, 403, 200, 403, 404, 302]),
    ("points:member_award", lambda w: [w["member_b"].pk], [200, 403, 404, 404, 403, 302]),
    ("points:branch", lambda w: [w["branch_a"].pk], [200, 200, 200, 404, 404, 302]),
    ("points:branch", lambda w: [w["branch_b"].pk], [200, 200, 404, 404, 404, 302]),
    ("points:committee", lambda w: [], [200, 200, 404, 404, 404, 302]),
    ("points:committee_export", lambda w: [], [200, 200, 404, 404, 404, 302]),
    ("points:pioneer", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("points:claims", lambda w: [], [200, 200, 200, 200, 200, 302]),
    ("points:claim_new", lambda w: [], [404, 200, 200, 200, 200, 302]),
    ("points:claims_pending", lambda w: [], [200, 200, 200, 404, 404, 302]),
    ("points:claim_detail", lambda w: [w["claim_a"].pk], [200, 200, 200, 200, 404, 302]),
    ("points:claim_detail", lambda w: [w["claim_b"].pk], [200, 200, 404, 404, 200, 302]),
    ("points:claim_evidence", lambda w: [w["claim_a"].pk], [200, 200, 200, 200, 404, 302]),
    ("points:claim_evidence", lambda w: [w["claim_b"].pk], [200, 200, 404, 404, 200, 302]),
]

POST_MATRIX = [
    ("points:claim_approve", "claim_a", {}, [302, 302, 302, 403, 404, 302]),
    ("points:claim_approve", "claim_b", {}, [302, 302, 404, 404, 403, 302]),
    ("points:claim_reject", "claim_a", {"reason": "证据不足"}, [302, 302, 302, 403, 404, 302]),
    ("points:claim_withdraw", "claim_a", {}, [302, 403, 403, 302, 404, 302]),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {row[0] for row in GET_MATRIX + POST_MATRIX}


@pytest.mark.parametrize(("name", "args", "persona", "status"), persona_cases(GET_MATRIX))
def test_points_pages_for_every_persona(as_persona, world, name, args, persona, status):
    response = as_persona(persona).get(reverse(name, args=args(world)))
    if response.streaming:
        b"".join(response.streaming_content)  # reading to the end closes the served file
    assert response.status_code == status
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "data", "persona", "status"), persona_cases(POST_MATRIX))
def test_claim_actions_for_every_persona(as_persona, world, name, key, data, persona, status):
    claim = world[key]
    response = as_persona(persona).post(reverse(name, args=[claim.pk]), data)
    assert response.status_code == status
    claim.refresh_from_db()
    if status != 302 or persona == "anonymous":
        assert claim.status == "pending"


def test_get_is_not_allowed_for_claim_actions(as_persona, world):
    client = as_persona("secretary_a")
    for name in ("points:claim_approve", "points:claim_reject", "points:claim_withdraw"):
        assert client.get(reverse(name, args=[world["claim_a"].pk])).status_code == 405
