"""Star awards: the committee opens a selection, ranks the shortlist, picks winners, closes it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.models import Member
from points import awards, services
from points.models import PointEntry, PointsError, StarAward, StarSelection, StarTitle
from tests.factories import make_member
from tests.points.conftest import points_of

pytestmark = pytest.mark.django_db

Job = Member.JobCategory
IN_Q1 = datetime.date(2026, 2, 10)


@pytest.fixture
def titles(db):
    return {t.code: t for t in StarTitle.objects.all()}


def earn(member, rules, points, date=IN_Q1):
    """Casework points by hand (what the pioneer index ranks)."""
    return services.points_award(
        member=member, rule=rules["manual_casework"], date=date, points=Decimal(points), by=None
    )


@pytest.fixture
def people(court, rules):
    """Judges, a clerk, an administrator and an enforcement officer with points in Q1 2026."""
    made = {
        "judge_a": make_member(court.branch_a, name="审判员甲", job_category=Job.JUDGE),
        "judge_b": make_member(court.branch_b, name="审判员乙", job_category=Job.JUDGE),
        "clerk": make_member(court.branch_a, name="书记员丙", job_category=Job.CLERK),
        "admin_staff": make_member(court.branch_a, name="内勤丁", job_category=Job.ADMINISTRATIVE),
        "enforcer": make_member(
            court.branch_b, name="执行员戊", job_category=Job.OTHER, department="执行一庭"
        ),
    }
    for key, points in [
        ("judge_a", 5),
        ("judge_b", 3),
        ("clerk", 1),
        ("admin_staff", 10),
        ("enforcer", 4),
    ]:
        earn(made[key], rules, points)
    return made


def open_selection(court, title, *, number=1, period_kind="quarter", year=2026, by=None):
    return awards.star_selection_open(
        committee=court.committee,
        title=title,
        period_kind=period_kind,
        year=year,
        number=number,
        by=by or court.staff.user,
    )


def names(rows):
    return [row["member__name"] for row in rows]


# --- the titles ------------------------------------------------------------------------------
def test_default_titles_are_loaded_with_who_they_are_for(titles, rules):
    assert set(titles) == {"trial_star", "enforcement_star", "service_star"}
    assert titles["trial_star"].job_categories == ["judge", "assistant", "clerk"]
    assert titles["enforcement_star"].departments == ["执行"]
    assert titles["service_star"].job_categories == [] == titles["service_star"].departments
    assert {t.rule for t in titles.values()} == {rules["star_award"]}


def test_shortlist_ranks_only_the_job_categories_of_the_title(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    assert names(awards.shortlist(selection)) == ["审判员甲", "审判员乙", "书记员丙"]


def test_enforcement_star_is_for_members_of_enforcement_departments(court, titles, people):
    selection = open_selection(court, titles["enforcement_star"])
    assert names(awards.shortlist(selection)) == ["执行员戊"]


def test_service_star_is_for_every_member_with_points_in_the_period(court, titles, people, rules):
    earn(court.member_a, rules, 1, date=datetime.date(2025, 12, 1))  # last year: not in Q1
    selection = open_selection(court, titles["service_star"])
    assert names(awards.shortlist(selection)) == [
        "内勤丁",
        "审判员甲",
        "执行员戊",
        "审判员乙",
        "书记员丙",
    ]


def test_shortlist_can_be_filtered_by_branch_and_name(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    assert names(awards.shortlist(selection, branch=court.branch_b)) == ["审判员乙"]
    assert names(awards.shortlist(selection, search="书记员")) == ["书记员丙"]


# --- opening -------------------------------------------------------------------------------------
def test_only_committee_staff_open_a_selection(court, titles):
    with pytest.raises(PointsError, match="Only the organ committee's staff"):
        open_selection(court, titles["trial_star"], by=court.secretary_a.user)
    assert not StarSelection.objects.exists()


def test_one_selection_per_title_and_period(court, titles):
    open_selection(court, titles["trial_star"])
    with pytest.raises(PointsError, match="already exists"):
        open_selection(court, titles["trial_star"])
    open_selection(court, titles["service_star"])  # another title: fine
    open_selection(court, titles["trial_star"], period_kind="year", number=1)


def test_a_period_that_has_not_started_cannot_be_opened(court, titles):
    with pytest.raises(PointsError, match="not started"):
        open_selection(court, titles["trial_star"], number=2)  # Q2 2026; today is 13 March


def test_an_invalid_period_number_is_refused(court, titles):
    with pytest.raises(PointsError, match="valid period"):
        open_selection(court, titles["trial_star"], period_kind="half_year", number=3)


# --- granting ------------------------------------------------------------------------------------
def test_granting_an_award_adds_the_honours_points(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    judge = people["judge_a"]
    award = awards.star_award_grant(
        selection=selection, member=judge, citation="审结案件质效突出", by=court.staff.user
    )
    assert award.entry.points == Decimal(5)
    assert award.entry.source == "award"
    assert award.entry.category == "honours"
    assert "审判之星" in award.entry.note
    assert points_of(judge) == Decimal(70 + 5 + 5)
    assert award.date == datetime.date(2026, 3, 13)


def test_a_title_without_a_rule_adds_no_points(court, titles, people):
    title = titles["trial_star"]
    title.rule = None
    title.save()
    selection = open_selection(court, title)
    award = awards.star_award_grant(
        selection=selection, member=people["judge_a"], citation="表现突出", by=court.staff.user
    )
    assert award.entry is None
    assert points_of(people["judge_a"]) == Decimal(75)


@pytest.mark.parametrize(
    ("who", "citation", "message"),
    [
        ("admin_staff", "表现突出", "cannot be chosen"),
        ("judge_a", "  ", "Write the citation"),
    ],
)
def test_grant_refuses_ineligible_members_and_empty_citations(
    court, titles, people, who, citation, message
):
    selection = open_selection(court, titles["trial_star"])
    with pytest.raises(PointsError, match=message):
        awards.star_award_grant(
            selection=selection, member=people[who], citation=citation, by=court.staff.user
        )
    assert not StarAward.objects.exists()


def test_a_member_wins_a_selection_once(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    awards.star_award_grant(
        selection=selection, member=people["judge_a"], citation="一", by=court.staff.user
    )
    with pytest.raises(PointsError, match="already a winner"):
        awards.star_award_grant(
            selection=selection, member=people["judge_a"], citation="二", by=court.staff.user
        )
    assert points_of(people["judge_a"]) == Decimal(80)


def test_a_secretary_cannot_grant(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    with pytest.raises(PointsError, match="may not run"):
        awards.star_award_grant(
            selection=selection, member=people["judge_a"], citation="一", by=court.secretary_a.user
        )


def test_a_closed_selection_takes_no_more_winners_and_stays_closed(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    awards.star_award_grant(
        selection=selection, member=people["judge_a"], citation="一", by=court.staff.user
    )
    awards.star_selection_close(selection=selection, by=court.staff.user)
    selection.refresh_from_db()
    assert selection.state == "closed"
    assert selection.closed_by == court.staff.user
    with pytest.raises(PointsError, match="closed"):
        awards.star_award_grant(
            selection=selection, member=people["judge_b"], citation="二", by=court.staff.user
        )
    with pytest.raises(PointsError, match="already closed"):
        awards.star_selection_close(selection=selection, by=court.staff.user)


def test_revoking_an_award_reverses_its_points(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    award = awards.star_award_grant(
        selection=selection, member=people["judge_a"], citation="一", by=court.staff.user
    )
    awards.star_award_revoke(award=award, reason="选错了人", by=court.staff.user)
    assert not StarAward.objects.exists()
    assert points_of(people["judge_a"]) == Decimal(75)
    reversal = PointEntry.objects.get(reverses=award.entry)
    assert reversal.points == Decimal(-5)
    assert reversal.note == "选错了人"


def test_awards_of_a_closed_selection_cannot_be_revoked(court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    award = awards.star_award_grant(
        selection=selection, member=people["judge_a"], citation="一", by=court.staff.user
    )
    awards.star_selection_close(selection=selection, by=court.staff.user)
    with pytest.raises(PointsError, match="awards stand"):
        awards.star_award_revoke(award=award, reason="x", by=court.staff.user)


# --- pages -------------------------------------------------------------------------------------
def test_committee_runs_a_selection_through_the_pages(as_persona, court, titles, people):
    client = as_persona("committee")
    response = client.post(
        reverse("points:award_selection_new"),
        {
            "committee": court.committee.pk,
            "title": titles["trial_star"].pk,
            "period_kind": "quarter",
            "year": 2026,
            "number": 1,
        },
    )
    selection = StarSelection.objects.get()
    assert response.status_code == 302
    assert response.url == selection.get_absolute_url()

    page = client.get(selection.get_absolute_url()).content.decode()
    assert page.index("审判员甲") < page.index("审判员乙") < page.index("书记员丙")
    assert "内勤丁" not in page

    grant_url = reverse("points:award_grant", args=[selection.pk, people["judge_a"].pk])
    assert client.post(grant_url, {"citation": ""}).status_code == 200  # the form asks for one
    response = client.post(grant_url, {"citation": "审结案件质效突出"}, follow=True)
    assert "审结案件质效突出" in response.content.decode()
    assert StarAward.objects.get().member == people["judge_a"]

    client.post(reverse("points:award_selection_close", args=[selection.pk]))
    selection.refresh_from_db()
    assert selection.state == "closed"
    assert client.get(grant_url).status_code == 404


def test_an_ineligible_member_has_no_grant_page(as_persona, court, titles, people):
    selection = open_selection(court, titles["trial_star"])
    url = reverse("points:award_grant", args=[selection.pk, people["admin_staff"].pk])
    assert as_persona("committee").get(url).status_code == 404


def test_awards_show_on_the_members_points_page_and_archive(as_persona, court, titles, rules):
    judge = court.member_a
    Member.objects.filter(pk=judge.pk).update(job_category=Job.JUDGE)
    earn(judge, rules, 2)
    selection = open_selection(court, titles["trial_star"])
    judge.refresh_from_db()
    awards.star_award_grant(
        selection=selection, member=judge, citation="公正高效办结系列案件", by=court.staff.user
    )
    client = as_persona("member_a")
    mine = client.get(reverse("points:mine")).content.decode()
    assert "审判之星" in mine
    assert "公正高效办结系列案件" in mine
    archive = client.get(reverse("points:archive", args=[judge.pk, 2026])).content.decode()
    assert "审判之星" in archive
    assert "公正高效办结系列案件" in archive
