"""Every URL of the branches app for every persona, with the exact status expected.

anonymous → login redirect (302); outsiders → 404; may see but not change → 403.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS, persona_cases

pytestmark = pytest.mark.django_db

# url name, args built from the court, expected status per persona (in PERSONAS order:
# admin, committee, secretary_a, member_a, member_b, anonymous).
MATRIX = [
    ("branches:organisation_tree", lambda c: [], [200, 200, 404, 404, 404, 302]),
    ("branches:organisation_detail", lambda c: [c.committee.pk], [200, 200, 404, 404, 404, 302]),
    ("branches:organisation_detail", lambda c: [c.branch_a.pk], [200, 200, 200, 200, 404, 302]),
    ("branches:organisation_detail", lambda c: [c.branch_b.pk], [200, 200, 404, 404, 200, 302]),
    ("branches:organisation_detail", lambda c: [c.group_a1.pk], [200, 200, 200, 404, 404, 302]),
    ("branches:organisation_edit", lambda c: [c.branch_a.pk], [200, 200, 403, 403, 404, 302]),
    ("branches:organisation_edit", lambda c: [c.branch_b.pk], [200, 200, 404, 404, 403, 302]),
    ("branches:organisation_create", lambda c: [c.committee.pk], [200, 200, 404, 404, 404, 302]),
    ("branches:organisation_create", lambda c: [c.branch_a.pk], [200, 200, 200, 403, 404, 302]),
    ("branches:member_list", lambda c: [], [200, 200, 200, 404, 404, 302]),
    ("branches:member_detail", lambda c: [c.member_a.pk], [200, 200, 200, 200, 404, 302]),
    ("branches:member_detail", lambda c: [c.member_b.pk], [200, 200, 404, 404, 200, 302]),
    ("branches:member_edit", lambda c: [c.member_a.pk], [200, 200, 200, 403, 404, 302]),
    ("branches:member_edit", lambda c: [c.member_b.pk], [200, 200, 404, 404, 403, 302]),
    ("branches:member_transfer", lambda c: [c.member_a.pk], [200, 200, 403, 403, 404, 302]),
    ("branches:member_transfer", lambda c: [c.member_b.pk], [200, 200, 404, 404, 403, 302]),
    ("branches:member_sign_in", lambda c: [c.member_a.pk], [200, 403, 200, 403, 404, 302]),
    ("branches:member_sign_in", lambda c: [c.member_b.pk], [200, 403, 404, 404, 403, 302]),
    ("branches:my_profile", lambda c: [], [302, 200, 200, 200, 200, 302]),
    ("branches:member_import", lambda c: [], [200, 200, 404, 404, 404, 302]),
    ("branches:member_import_template", lambda c: [], [200, 200, 404, 404, 404, 302]),
    ("branches:member_export", lambda c: [], [200, 200, 200, 404, 404, 302]),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {name for name, _args, _expected in MATRIX} | {"branches:member_create"}


def _member_create_url(court, branch):
    return reverse("branches:member_create") + f"?branch={branch.pk}"


CASES = persona_cases(MATRIX)


@pytest.mark.parametrize(("name", "args", "persona", "status"), CASES)
def test_branches_urls_for_every_persona(as_persona, court, name, args, persona, status):
    client = as_persona(persona)
    response = client.get(reverse(name, args=args(court)))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("branch", "expected"),
    [("branch_a", [200, 200, 200, 403, 404, 302]), ("branch_b", [200, 200, 404, 404, 403, 302])],
)
def test_member_create_for_every_persona(as_persona, court, branch, expected):
    for persona, status in zip(PERSONAS, expected, strict=True):
        response = as_persona(persona).get(_member_create_url(court, getattr(court, branch)))
        assert response.status_code == status, persona


def test_no_persona_sees_another_branchs_member_list(as_persona, court):
    page = as_persona("secretary_a").get(reverse("branches:member_list")).content.decode()
    assert "王党员" in page
    assert "赵党员" not in page
    branch_page = as_persona("member_a").get(
        reverse("branches:organisation_detail", args=[court.branch_a.pk])
    )
    assert "李书记" in branch_page.content.decode()  # the secretary is public within the branch
    assert "91002" not in branch_page.content.decode()  # but not the member list


@pytest.mark.parametrize(
    ("persona", "full_phone_visible"),
    [("admin", True), ("committee", False), ("secretary_a", True), ("member_a", True)],
)
def test_full_phone_only_for_the_member_their_secretary_and_admins(
    as_persona, court, persona, full_phone_visible
):
    page = (
        as_persona(persona)
        .get(reverse("branches:member_detail", args=[court.member_a.pk]))
        .content.decode()
    )
    assert ("13822223333" in page) is full_phone_visible
    if not full_phone_visible:
        assert "138****3333" in page


def test_id_number_is_full_only_to_admins(as_persona, court):
    court.member_a.id_number = "110101199001011234"
    court.member_a.save()
    assert (
        "110101199001011234"
        in as_persona("admin").get(court.member_a.get_absolute_url()).content.decode()
    )
    for persona in ["committee", "secretary_a", "member_a"]:
        page = as_persona(persona).get(court.member_a.get_absolute_url()).content.decode()
        assert "110101199001011234" not in page, persona
        assert "110***********1234" in page, persona
