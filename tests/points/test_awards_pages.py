"""Star-award pages: who may open them (committee staff only; the rest 404) and their query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.models import Member
from points import awards
from points.models import PointEntry, StarAward, StarSelection, StarTitle
from tests.conftest import PERSONAS, persona_cases
from tests.factories import make_member
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(court):
    judge = make_member(court.branch_a, name="审判员甲", job_category=Member.JobCategory.JUDGE)
    title = StarTitle.objects.get(code="trial_star")
    selection = awards.star_selection_open(
        committee=court.committee,
        title=title,
        period_kind="quarter",
        year=2026,
        number=1,
        by=court.staff.user,
    )
    award = StarAward.objects.create(
        selection=selection,
        member=judge,
        citation="一",
        awarded_by=court.staff.user,
        date=datetime.date(2026, 3, 1),
    )
    other = make_member(court.branch_b, name="审判员乙", job_category=Member.JobCategory.JUDGE)
    return {"selection": selection, "judge": judge, "other": other, "award": award}


# url name, args, expected status per persona (admin, committee, secretary_a, member_a, member_b, anonymous)
GET_MATRIX = [
    ("points:award_selections", lambda w: [], [200, 200, 404, 404, 404, 302]),
    ("points:award_selection_new", lambda w: [], [200, 200, 404, 404, 404, 302]),
    ("points:award_selection", lambda w: [w["selection"].pk], [200, 200, 404, 404, 404, 302]),
    (
        "points:award_grant",
        lambda w: [w["selection"].pk, w["other"].pk],
        [200, 200, 404, 404, 404, 302],
    ),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {row[0] for row in GET_MATRIX} | {
    "points:award_selection_close",
    "points:award_revoke",
}


@pytest.mark.parametrize(("name", "args", "persona", "status"), persona_cases(GET_MATRIX))
def test_award_pages_for_every_persona(as_persona, world, name, args, persona, status):
    response = as_persona(persona).get(reverse(name, args=args(world)))
    assert response.status_code == status
    if persona == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"), list(zip(PERSONAS, [302, 302, 404, 404, 404, 302], strict=True))
)
def test_only_committee_staff_close_a_selection(as_persona, world, persona, status):
    selection = world["selection"]
    response = as_persona(persona).post(
        reverse("points:award_selection_close", args=[selection.pk])
    )
    assert response.status_code == status
    selection.refresh_from_db()
    assert selection.state == ("closed" if persona in ("admin", "committee") else "open")


@pytest.mark.parametrize(
    ("persona", "status"), list(zip(PERSONAS, [302, 302, 404, 404, 404, 302], strict=True))
)
def test_only_committee_staff_take_an_award_back(as_persona, world, persona, status):
    award = world["award"]
    response = as_persona(persona).post(
        reverse("points:award_revoke", args=[award.pk]), {"reason": "选错"}
    )
    assert response.status_code == status
    assert StarAward.objects.filter(pk=award.pk).exists() == (persona not in ("admin", "committee"))


def test_staff_of_another_court_do_not_see_the_selection(client, court, world):
    from branches.models import Organisation, Post
    from tests.factories import give_post, make_organisation

    other_committee = make_organisation(None, Organisation.Kind.COMMITTEE, "另一法院机关党委")
    office = make_organisation(other_committee, Organisation.Kind.BRANCH, "另一办公室党支部")
    staff = make_member(office, name="外院组织员")
    give_post(staff, other_committee, Post.Kind.COMMITTEE_STAFF)
    client.force_login(staff.user)
    assert client.get(world["selection"].get_absolute_url()).status_code == 404
    assert client.get(reverse("points:award_selections")).status_code == 200


# --- query counts --------------------------------------------------------------------------------
def add_judges(court, selection, first, n):
    """n judges in branch A with casework points in Q1 2026; every tenth is a winner."""
    members = Member.objects.bulk_create(
        Member(
            name=f"法官{i}",
            employee_number=f"J{i:06d}",
            branch=court.branch_a,
            job_category=Member.JobCategory.JUDGE,
        )
        for i in range(first, first + n)
    )
    from points.models import PointRule

    rule = PointRule.objects.get(code="manual_casework")
    PointEntry.objects.bulk_create(
        PointEntry(
            member=member,
            rule=rule,
            category=rule.category,
            points=Decimal(index % 9 + 1),
            date=datetime.date(2026, 2, index % 28 + 1),
            year=2026,
            source="manual",
        )
        for index, member in enumerate(members)
    )
    StarAward.objects.bulk_create(
        StarAward(
            selection=selection,
            member=member,
            citation="优秀",
            awarded_by=court.staff.user,
            date=datetime.date(2026, 3, 1),
        )
        for member in members[::10]
    )
    for i in range(n // 10):
        StarSelection.objects.create(
            committee=court.committee,
            title=StarTitle.objects.get(code="service_star"),
            period_kind="year",
            year=2000 + first + i,
            number=1,
            opened_by=court.staff.user,
        )


@pytest.mark.parametrize(
    "url",
    [
        lambda w: w["selection"].get_absolute_url(),
        lambda w: w["selection"].get_absolute_url() + "?page=2&q=法官",
        lambda w: reverse("points:award_selections"),
        lambda w: reverse("points:award_selections") + "?state=open&year=2026",
    ],
)
def test_award_pages_run_a_fixed_number_of_queries(as_persona, court, world, url):
    client = as_persona("committee")
    add_judges(court, world["selection"], 0, 60)
    small = count_queries(client, url(world))
    add_judges(court, world["selection"], 60, 1000)
    large = count_queries(client, url(world))
    assert small == large
