"""`manage.py seed_demo`: one realistic court, the same every time, with personas that can sign in."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from branches.demo import DEMO_PASSWORD, DEMO_PERSONAS
from branches.models import ActivityRoom, Member, Organisation, Post, StudyGroup, User
from tests.demo import seeded_once

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


demo = seeded_once(seed, now=TODAY)


def snapshot():
    return (
        Organisation.objects.count(),
        Member.objects.count(),
        Post.objects.count(),
        User.objects.count(),
        ActivityRoom.objects.count(),
    )


def test_demo_court_has_court_branches_and_about_200_members(demo):
    output = demo

    committee = Organisation.objects.get(kind=Organisation.Kind.COMMITTEE)
    assert committee.name == "江城市中级人民法院机关党委"
    branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH)
    assert 9 <= branches.count() <= 14
    names = set(branches.values_list("name", flat=True))
    assert {
        "研究室党支部",
        "立案庭党支部",
        "民一庭党支部",
        "刑事审判庭党支部",
        "司法警察支队党支部",
    } <= names
    assert branches.filter(is_tribunal=True).count() == 2
    assert Organisation.objects.filter(
        kind=Organisation.Kind.GENERAL_BRANCH, name="执行局党总支"
    ).exists()
    assert 180 <= Member.objects.count() <= 220  # 54 of them in the large branch
    assert "Demo data loaded" in output
    assert "my001" in output  # the logins are printed at the end


def test_every_branch_has_a_secretary_a_room_and_members_of_its_department(demo):
    for branch in Organisation.objects.filter(kind=Organisation.Kind.BRANCH):
        assert branch.posts.current().filter(kind=Post.Kind.SECRETARY).count() == 1, branch
        assert branch.rooms.count() == 1
        departments = set(Member.objects.filter(branch=branch).values_list("department", flat=True))
        assert departments == {branch.department}
    police = Member.objects.filter(department="司法警察支队")
    assert set(police.values_list("job_category", flat=True)) == {Member.JobCategory.POLICE}


def test_committee_has_a_secretary_and_two_staff(demo):
    committee = Organisation.objects.get(kind=Organisation.Kind.COMMITTEE)
    kinds = list(committee.posts.current().order_by("kind").values_list("kind", flat=True))
    assert kinds == [Post.Kind.COMMITTEE_STAFF, Post.Kind.COMMITTEE_STAFF, Post.Kind.SECRETARY]


def test_demo_data_shows_the_tree_warnings(demo, today):
    branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH)
    assert branches.filter(next_election_due__lt=today).count() == 1
    soon = branches.filter(term_end__gte=today, term_end__lte=today + datetime.timedelta(days=90))
    assert soon.count() == 1
    small = branches.annotate(
        full=Count("branch_members", filter=Q(branch_members__status=Member.Status.FULL))
    ).filter(full__lt=3)
    assert list(small.values_list("name", flat=True)) == ["江北人民法庭党支部"]


def test_members_look_like_a_real_court(demo):
    members = Member.objects.all()
    total = members.count()
    probationary = members.filter(status=Member.Status.PROBATIONARY)
    assert 0.05 <= probationary.count() / total <= 0.11
    assert not probationary.filter(full_member_on__isnull=False).exists()
    assert members.filter(state=Member.State.RETIRED).exists()
    assert members.exclude(ethnicity="汉族").exists()
    assert members.filter(ethnicity="汉族").count() > 0.8 * total
    assert all(
        len(phone) == 11 and phone.isdigit() for phone in members.values_list("phone", flat=True)
    )
    assert 0 < members.exclude(id_number="").count() < 0.2 * total
    assert set(members.exclude(talent_tier="").values_list("talent_tier", flat=True)) == set(
        Member.TalentTier.values
    )
    youth = StudyGroup.objects.get(name="“奋楫笃行”青年理论学习小组")
    assert youth.members.count() == 15
    assert youth.members.values("branch").distinct().count() > 3


def test_the_large_branch_shows_the_over_50_warning(demo, client):
    """Issue 14, point 6: the rule that a branch of more than 50 members should be split
    is demonstrable: the litigation service centre's branch has 54."""
    large = Organisation.objects.get(name="诉讼服务中心党支部")
    assert Member.objects.filter(branch=large, state=Member.State.ACTIVE).count() > 50
    client.force_login(User.objects.get(employee_number="admin"))
    warning = "党员超过50人，应考虑分设党支部"
    assert warning in client.get(large.get_absolute_url()).content.decode()
    tree = client.get(reverse("branches:organisation_tree")).content.decode()
    assert tree.count(warning) == 1  # that branch only
    client.force_login(User.objects.get(employee_number="ss001"))  # its secretary
    assert warning in client.get(large.get_absolute_url()).content.decode()


def test_every_persona_signs_in_with_the_demo_password(demo, client):
    for persona, number in DEMO_PERSONAS:
        response = client.post(reverse("login"), {"username": number, "password": DEMO_PASSWORD})
        assert response.status_code == 302, persona
        client.post(reverse("logout"))
    assert User.objects.get(employee_number="admin").is_superuser


def test_other_members_have_a_login_but_cannot_sign_in(demo, client):
    member = Member.objects.get(employee_number="my010")
    assert member.user is not None
    assert not member.user.has_usable_password()
    response = client.post(reverse("login"), {"username": "my010", "password": DEMO_PASSWORD})
    assert response.status_code == 200


def test_personas_hold_the_posts_their_labels_promise(demo):
    branch = Organisation.objects.get(name="民一庭党支部")
    secretary = Member.objects.get(employee_number="my001")
    assert (
        Post.objects.current()
        .filter(member=secretary, organisation=branch, kind=Post.Kind.SECRETARY)
        .exists()
    )
    assert (
        Post.objects.current()
        .filter(member__employee_number="jg001", kind=Post.Kind.COMMITTEE_STAFF)
        .exists()
    )
    leader = Post.objects.current().get(member__employee_number="my003")
    assert leader.kind == Post.Kind.GROUP_LEADER
    assert Organisation.objects.get_parent(leader.organisation) == branch
    assert not Post.objects.filter(member__employee_number__in=["my002", "xs002"]).exists()
    assert Member.objects.get(employee_number="my002").branch == branch
    assert Member.objects.get(employee_number="xs002").branch.name == "刑事审判庭党支部"


def test_if_empty_leaves_a_seeded_database_alone(demo):
    before = snapshot()
    output = seed("--if-empty")
    assert "already has data" in output
    assert snapshot() == before
