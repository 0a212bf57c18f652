"""Issue 14, smaller points: a person's name is labelled 姓名 (an organisation's 名称), and the
party-group choice follows the chosen branch (server side here; the browser in
tests/e2e/test_partners_journey.py)."""

import pytest
from django.urls import reverse

from branches.models import Member, Organisation, User
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def label_of(response, field: str) -> str:
    return str(response.context["form"][field].label)


def test_people_are_named_with_xingming_and_organisations_with_mingcheng(as_persona, court):
    client = as_persona("committee")
    member_form = client.get(reverse("branches:member_create") + f"?branch={court.branch_a.pk}")
    assert label_of(member_form, "name") == "姓名"
    organisation_form = client.get(reverse("branches:organisation_edit", args=[court.branch_a.pk]))
    assert label_of(organisation_form, "name") == "名称"
    assert "<th>姓名</th>" in client.get(reverse("branches:member_list")).content.decode()
    branch_page = client.get(reverse("branches:organisation_detail", args=[court.branch_a.pk]))
    assert "<th>姓名</th>" in branch_page.content.decode()
    assert str(Member._meta.get_field("name").verbose_name) == "姓名"
    assert str(User._meta.get_field("name").verbose_name) == "姓名"
    assert str(Organisation._meta.get_field("name").verbose_name) == "名称"


def test_the_new_member_form_offers_and_accepts_only_its_branchs_groups(as_persona, court):
    client = as_persona("committee")
    url = reverse("branches:member_create") + f"?branch={court.branch_a.pk}"
    offered = set(client.get(url).context["form"].fields["group"].queryset)
    assert offered == {court.group_a1, court.group_a2}
    other_group = make_organisation(court.branch_b, Organisation.Kind.GROUP, "刑庭第一党小组")
    data = {
        "branch": court.branch_a.pk,
        "name": "新党员",
        "employee_number": "93001",
        "gender": "male",
        "job_category": "judge",
        "ethnicity": "汉族",
        "status": "full",
        "state": "active",
        "group": other_group.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "该党小组不属于所选支部" in response.content.decode()
    assert not Member.objects.filter(employee_number="93001").exists()
    assert client.post(url, {**data, "group": court.group_a1.pk}).status_code == 302
    assert Member.objects.get(employee_number="93001").group == court.group_a1


def test_the_transfer_form_refuses_a_group_of_another_branch(as_persona, court):
    client = as_persona("committee")
    url = reverse("branches:member_transfer", args=[court.member_a.pk])
    page = client.get(url).content.decode()
    # The browser hides other branches' groups: the group select names its branch select,
    # each group option its branch's path.
    assert 'data-groups-of="id_branch"' in page
    assert f'data-branch="{court.branch_a.path}"' in page
    assert f'data-path="{court.branch_b.path}"' in page
    data = {"branch": court.branch_b.pk, "group": court.group_a1.pk, "on": "2026-06-01"}
    response = client.post(url, {**data, "confirmed": "yes"})
    assert response.status_code == 200
    assert "该党小组不属于所选支部" in response.content.decode()
    assert court.member_a.memberships.count() == 1
