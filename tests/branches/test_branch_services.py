import datetime

import pytest
import time_machine
from django.urls import reverse

from branches import services
from branches.models import BranchesError, Member, Organisation, Post
from branches.tree import organisation_figures
from tests.factories import give_post, make_member, make_organisation

pytestmark = pytest.mark.django_db


def test_subtree_of_a_multi_court_tree_is_one_query(django_assert_num_queries):
    city = make_organisation(None, Organisation.Kind.COMMITTEE, "市中院机关党委")
    basic = make_organisation(city, Organisation.Kind.COMMITTEE, "区法院机关党委")
    branch = make_organisation(basic, Organisation.Kind.BRANCH, "立案庭党支部")
    make_organisation(branch, Organisation.Kind.GROUP, "第一党小组")
    with django_assert_num_queries(1):
        names = [o.name for o in Organisation.objects.filter(city.subtree_q())]
    assert names == ["市中院机关党委", "区法院机关党委", "立案庭党支部", "第一党小组"]


def test_a_group_cannot_hold_a_branch():
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    branch = make_organisation(committee, Organisation.Kind.BRANCH, "研究室党支部")
    group = make_organisation(branch, Organisation.Kind.GROUP, "党小组")
    with pytest.raises(BranchesError, match="不能"):
        services.organisation_create(parent=group, kind=Organisation.Kind.BRANCH, name="x")


def test_term_defaults_to_three_years_and_the_election_to_its_end():
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    branch = make_organisation(committee, name="立案庭党支部", term_start=datetime.date(2024, 3, 1))
    assert branch.term_end == datetime.date(2027, 3, 1)
    assert branch.next_election_due == datetime.date(2027, 3, 1)


def test_transfer_keeps_the_old_membership_dated_and_the_profile_shows_both(court, as_persona):
    services.member_transfer(
        member=court.member_a, branch=court.branch_b, on=datetime.date(2026, 6, 1), note="调动"
    )
    old, new = court.member_a.memberships.order_by("start")
    assert (old.branch, old.end) == (court.branch_a, datetime.date(2026, 5, 31))
    assert (new.branch, new.end, new.start) == (court.branch_b, None, datetime.date(2026, 6, 1))
    court.member_a.refresh_from_db()
    assert court.member_a.branch == court.branch_b and court.member_a.group is None

    page = as_persona("committee").get(court.member_a.get_absolute_url()).content.decode()
    assert "民一庭党支部" in page and "2020-01-01 ～ 2026-05-31" in page
    assert "刑庭党支部" in page


def test_transfer_ends_posts_in_the_old_branch(court):
    services.member_transfer(
        member=court.secretary_a, branch=court.branch_b, on=datetime.date(2026, 6, 1)
    )
    post = Post.objects.get(member=court.secretary_a)
    assert post.end == datetime.date(2026, 5, 31)


def test_transfer_before_the_current_membership_began_is_refused(court):
    with pytest.raises(BranchesError, match="调转日期"):
        services.member_transfer(
            member=court.member_a, branch=court.branch_b, on=datetime.date(2019, 1, 1)
        )
    assert court.member_a.memberships.count() == 1


def test_transfer_needs_the_confirmation_page_before_it_changes_anything(court, as_persona):
    client = as_persona("committee")
    url = reverse("branches:member_transfer", args=[court.member_a.pk])
    data = {"branch": court.branch_b.pk, "on": "2026-06-01", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "确认" in response.content.decode()
    assert court.member_a.memberships.count() == 1
    response = client.post(url, {**data, "confirmed": "yes"})
    assert response.status_code == 302
    assert court.member_a.memberships.count() == 2


def test_a_new_secretary_ends_the_previous_secretarys_term(court):
    give_post(court.member_a, court.branch_a, Post.Kind.SECRETARY, start=datetime.date(2026, 3, 1))
    previous = Post.objects.get(member=court.secretary_a, kind=Post.Kind.SECRETARY)
    assert previous.end == datetime.date(2026, 2, 28)


@time_machine.travel(datetime.datetime(2026, 11, 21, 9, 0), tick=False)
def test_tree_warnings_follow_the_branch_work_rules():
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    small = make_organisation(committee, name="小支部", term_end=datetime.date(2027, 1, 10))
    big = make_organisation(committee, name="大支部", term_end=datetime.date(2025, 12, 31))
    make_member(small, status=Member.Status.FULL)
    for _ in range(8):
        make_member(big)
    figures = organisation_figures([committee, small, big], today=datetime.date(2026, 11, 21))
    assert figures[committee.pk].members == 9
    small_warnings = " ".join(figures[small.pk].warnings)
    assert "正式党员不足3人" in small_warnings
    assert "2027-01-10" in small_warnings
    big_warnings = " ".join(figures[big.pk].warnings)
    assert "未成立支部委员会" in big_warnings
    assert "已逾期" in big_warnings


def test_member_edit_records_history_visible_to_the_secretary(court, as_persona):
    client = as_persona("secretary_a")
    url = reverse("branches:member_edit", args=[court.member_a.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["post_title"] = "审判员"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    court.member_a.refresh_from_db()
    assert court.member_a.post_title == "审判员"
    page = client.get(court.member_a.get_absolute_url()).content.decode()
    assert 'id="member-history"' in page
    assert court.member_a.history.count() == 2
    assert (
        'id="member-history"'
        not in as_persona("member_a").get(court.member_a.get_absolute_url()).content.decode()
    )


def test_bad_phone_is_refused_with_a_chinese_message_and_nothing_changes(court, as_persona):
    client = as_persona("secretary_a")
    response = client.post(
        reverse("branches:member_create") + f"?branch={court.branch_a.pk}",
        {"name": "新党员", "employee_number": "93001", "status": "full", "state": "active",
         "job_category": "judge", "phone": "12345", "branch": court.branch_a.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "11位" in response.content.decode()
    assert not Member.objects.filter(employee_number="93001").exists()


def test_secretary_adds_a_member_with_a_login(court, as_persona):
    client = as_persona("secretary_a")
    response = client.post(
        reverse("branches:member_create") + f"?branch={court.branch_a.pk}",
        {"name": "新党员", "employee_number": "93001", "status": "probationary", "state": "active",
         "job_category": "clerk", "phone": "13600001111", "group": court.group_a1.pk, "ethnicity": "汉族"},
    )  # fmt: skip
    assert response.status_code == 302
    member = Member.objects.get(employee_number="93001")
    assert member.user.employee_number == "93001"
    assert member.group == court.group_a1
    assert member.memberships.get().branch == court.branch_a


@time_machine.travel(datetime.datetime(2026, 11, 21, 9, 0), tick=False)
def test_a_secretary_alone_is_no_branch_committee():
    """Issue 14, build 6: seven or more full members need a committee of three posts or more."""
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    big = make_organisation(committee, name="大支部")
    members = [make_member(big) for _ in range(8)]
    give_post(members[0], big, Post.Kind.SECRETARY, start=datetime.date(2026, 1, 1))
    warnings = " ".join(
        organisation_figures([big], today=datetime.date(2026, 11, 21))[big.pk].warnings
    )
    assert "未成立支部委员会" in warnings
    give_post(members[1], big, Post.Kind.ORGANISATION_MEMBER, start=datetime.date(2026, 1, 1))
    give_post(members[2], big, Post.Kind.PUBLICITY_MEMBER, start=datetime.date(2026, 1, 1))
    warnings = " ".join(
        organisation_figures([big], today=datetime.date(2026, 11, 21))[big.pk].warnings
    )
    assert "未成立支部委员会" not in warnings


def test_group_leaders_show_in_the_tree(court):
    """Issue 14, build 6: the leader's column names a party group's leader, not "—"."""
    leader = make_member(court.branch_a, group=court.group_a1, name="组长甲")
    give_post(leader, court.group_a1, Post.Kind.GROUP_LEADER)
    figures = organisation_figures([court.branch_a, court.group_a1], today=datetime.date.today())
    assert figures[court.group_a1.pk].secretary == leader
    assert figures[court.branch_a.pk].secretary == court.secretary_a
