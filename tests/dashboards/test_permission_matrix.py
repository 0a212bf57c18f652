"""Every URL of the dashboards app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders → 404; may see but not change → 403.
Comparisons between branches (the committee dashboard, its export, the star-rating table)
are for committee staff only: members and secretaries get a 404, and no member or
secretary can open another branch's dashboard.
"""

import pytest
from django.urls import reverse

from dashboards import services
from dashboards.models import BranchRating
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

COMMITTEE_ONLY = [200, 200, 404, 404, 404, 302]
BRANCH_A = [200, 200, 200, 404, 404, 302]
BRANCH_B = [200, 200, 404, 404, 404, 302]

# url name, args, query built from the court, expected status per persona (in PERSONAS order:
# admin, committee, secretary_a, member_a, member_b, anonymous).
MATRIX = [
    ("home", lambda c: [], lambda c: "", [200, 200, 200, 200, 200, 302]),
    ("dashboards:committee", lambda c: [], lambda c: "", COMMITTEE_ONLY),
    ("dashboards:committee", lambda c: [], lambda c: f"?org={c.branch_a.pk}", COMMITTEE_ONLY),
    (
        "dashboards:committee",
        lambda c: [],
        lambda c: f"?org={c.committee.pk}&period=2025-Q1",
        COMMITTEE_ONLY,
    ),
    ("dashboards:committee_export", lambda c: [], lambda c: "", COMMITTEE_ONLY),
    ("dashboards:ratings", lambda c: [], lambda c: "?year=2025", COMMITTEE_ONLY),
    ("dashboards:branch", lambda c: [c.branch_a.pk], lambda c: "", BRANCH_A),
    ("dashboards:branch", lambda c: [c.branch_b.pk], lambda c: "", BRANCH_B),
    ("dashboards:branch", lambda c: [c.committee.pk], lambda c: "", [404, 404, 404, 404, 404, 302]),
    ("dashboards:missing", lambda c: [], lambda c: "", [200, 200, 200, 404, 404, 302]),
    ("dashboards:missing", lambda c: [], lambda c: f"?org={c.branch_a.pk}", BRANCH_A),
    ("dashboards:missing", lambda c: [], lambda c: f"?org={c.branch_b.pk}", BRANCH_B),
    ("dashboards:missing", lambda c: [], lambda c: f"?org={c.committee.pk}", COMMITTEE_ONLY),
    ("dashboards:annual", lambda c: [], lambda c: "", [200, 200, 200, 404, 404, 302]),
    ("dashboards:annual", lambda c: [], lambda c: f"?org={c.committee.pk}", COMMITTEE_ONLY),
    ("dashboards:annual", lambda c: [], lambda c: f"?org={c.branch_b.pk}", BRANCH_B),
    ("dashboards:annual_xlsx", lambda c: [], lambda c: f"?org={c.branch_a.pk}", BRANCH_A),
    ("dashboards:annual_xlsx", lambda c: [], lambda c: f"?org={c.committee.pk}", COMMITTEE_ONLY),
    ("dashboards:annual_docx", lambda c: [], lambda c: f"?org={c.branch_a.pk}", BRANCH_A),
    ("dashboards:annual_docx", lambda c: [], lambda c: f"?org={c.branch_b.pk}", BRANCH_B),
    ("dashboards:rating_detail", lambda c: [c.branch_a.pk, 2025], lambda c: "", BRANCH_A),
    ("dashboards:rating_detail", lambda c: [c.branch_b.pk, 2025], lambda c: "", BRANCH_B),
    ("dashboards:record", lambda c: [c.branch_a.pk, 2025], lambda c: "", BRANCH_A),
    ("dashboards:record", lambda c: [c.branch_b.pk, 2025], lambda c: "", BRANCH_B),
    ("dashboards:record_docx", lambda c: [c.branch_a.pk, 2025], lambda c: "", BRANCH_A),
    ("dashboards:record_docx", lambda c: [c.branch_b.pk, 2025], lambda c: "", BRANCH_B),
]


CASES = [
    pytest.param(name, args, query, persona, expected[i], id=f"{name}-{persona}-{n}")
    for n, (name, args, query, expected) in enumerate(MATRIX)
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("name", "args", "query", "persona", "status"), CASES)
def test_dashboards_urls_for_every_persona(as_persona, court, name, args, query, persona, status):
    response = as_persona(persona).get(reverse(name, args=args(court)) + query(court))
    assert response.status_code == status


@pytest.fixture
def ratings(court):
    return {
        r.branch_id: r
        for r in services.ratings_compute(branches=[court.branch_a, court.branch_b], year=2025)
    }


# POST-only actions: (url name, branch attribute, expected per persona).
POSTS = [
    ("dashboards:rating_self_assess", "branch_a", [302, 302, 302, 404, 404, 302]),
    ("dashboards:rating_self_assess", "branch_b", [302, 302, 404, 404, 404, 302]),
    ("dashboards:rating_review", "branch_a", [302, 302, 403, 404, 404, 302]),
    ("dashboards:rating_review", "branch_b", [302, 302, 404, 404, 404, 302]),
    ("dashboards:rating_confirm", "branch_a", [302, 302, 403, 404, 404, 302]),
    ("dashboards:rating_confirm", "branch_b", [302, 302, 404, 404, 404, 302]),
]


# For tests/test_url_coverage.py: the dashboards URLs this module covers (GET matrix,
# POST actions, and the compute action in its own test below).
URL_NAMES = (
    {name for name, *_rest in MATRIX}
    | {name for name, *_rest in POSTS}
    | {"dashboards:ratings_compute"}
)


@pytest.mark.parametrize(("name", "branch", "expected"), POSTS)
def test_rating_actions_for_every_persona(as_persona, court, ratings, name, branch, expected):
    organisation = getattr(court, branch)
    for persona, status in zip(PERSONAS, expected, strict=True):
        response = as_persona(persona).post(
            reverse(name, args=[organisation.pk, 2025]), {"stars": "3", "reason": "依据"}
        )
        assert response.status_code == status, persona


def test_only_committee_confirms_and_secretary_self_assesses(as_persona, court, ratings):
    url = reverse("dashboards:rating_confirm", args=[court.branch_a.pk, 2025])
    as_persona("secretary_a").post(url, {"stars": "4", "reason": "自己认定"})
    assert BranchRating.objects.get(branch=court.branch_a).confirmed_stars is None
    as_persona("secretary_a").post(
        reverse("dashboards:rating_self_assess", args=[court.branch_a.pk, 2025]),
        {"leadership": "12", "note": "自评"},
    )
    assert BranchRating.objects.get(branch=court.branch_a).self_scores["leadership"] == "12"


def test_compute_for_a_branch_is_for_its_leaders_and_the_committee(as_persona, court):
    url = reverse("dashboards:ratings_compute") + "?year=2025"
    assert as_persona("member_a").post(url, {"branch": court.branch_a.pk}).status_code == 404
    assert as_persona("secretary_a").post(url, {"branch": court.branch_b.pk}).status_code == 404
    assert as_persona("secretary_a").post(url).status_code == 404  # the whole tree: committee only
    assert as_persona("secretary_a").post(url, {"branch": court.branch_a.pk}).status_code == 302
    assert as_persona("committee").post(url).status_code == 302
    assert BranchRating.objects.filter(year=2025).count() == 3


def test_members_see_no_member_table_or_ranking(as_persona, court):
    page = as_persona("member_a").get(reverse("home")).content.decode()
    assert reverse("dashboards:committee") not in page
    assert "home-branch-dashboard" not in page
    secretary = (
        as_persona("secretary_a")
        .get(reverse("dashboards:branch", args=[court.branch_a.pk]))
        .content.decode()
    )
    assert "王党员" in secretary and "not a ranking" not in secretary  # Chinese page
    assert "不是排名" in secretary
