"""Issue 14, build 5: the secretary (for their branch) or an admin issues a member's first
password or a one-time sign-in link; a first password must be changed at first sign-in."""

import pytest
from django.test import Client
from django.urls import reverse

from branches.models import User
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def url(member):
    return reverse("branches:member_sign_in", args=[member.pk])


@pytest.fixture
def imported(court):
    """An imported member: a login without a usable password."""
    member = make_member(court.branch_a, name="新导入党员", login=True)
    member.user.set_unusable_password()
    member.user.save()
    return member


# For tests/test_url_coverage.py: the one-time link page, whose only "persona" is the
# holder of a valid token (test_a_one_time_link_lets_the_member_choose_a_password_once).
URL_NAMES = {"first_sign_in"}


def test_the_secretary_issues_a_first_password_that_must_be_changed(as_persona, imported):
    secretary = as_persona("secretary_a")
    assert (
        url(imported)
        in secretary.get(reverse("branches:member_detail", args=[imported.pk])).content.decode()
    )
    response = secretary.post(url(imported), {"action": "password"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert len(password) == 12
    imported.user.refresh_from_db()
    assert imported.user.must_change_password

    member = Client()
    signed_in = member.post(
        reverse("login"), {"username": imported.employee_number, "password": password}
    )
    assert signed_in.status_code == 302
    # every page leads to the password change until it is done
    for page in ("/", reverse("activities:list"), reverse("points:mine")):
        response = member.get(page)
        assert response.status_code == 302 and response.url == reverse("password_change"), page
    assert member.get(reverse("password_change")).status_code == 200
    changed = member.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Qiyi-Dangjian-2026",
            "new_password2": "Qiyi-Dangjian-2026",
        },
    )
    assert changed.status_code == 302
    imported.user.refresh_from_db()
    assert not imported.user.must_change_password
    assert member.get("/").status_code == 200


def test_a_one_time_link_lets_the_member_choose_a_password_once(as_persona, imported):
    secretary = as_persona("secretary_a")
    link = secretary.post(url(imported), {"action": "link"}).context["link"]
    path = link[link.index("/accounts/first/") :]

    visitor = Client()
    form_page = visitor.get(path, follow=True)  # Django moves the token into the session
    assert form_page.status_code == 200
    response = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Qiyi-Dangjian-2026", "new_password2": "Qiyi-Dangjian-2026"},
    )
    assert response.status_code == 302 and response.url == "/"
    assert visitor.get("/").status_code == 200  # signed in
    user = User.objects.get(pk=imported.user_id)
    assert user.check_password("Qiyi-Dangjian-2026")

    again = Client().get(path, follow=True)
    assert "已使用或已过期" in again.content.decode()


def test_a_member_without_a_login_gets_one(as_persona, court):
    member = make_member(court.branch_a, name="无账号党员", login=False)
    as_persona("secretary_a").post(url(member), {"action": "password"})
    member.refresh_from_db()
    assert member.user is not None and member.user.must_change_password


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("member_a", "imported", 404),  # a member does not see other members' records
        ("committee", "imported", 403),
        ("secretary_a", "member_b", 404),
        ("admin", "member_b", 200),
        ("anonymous", "imported", 302),
    ],
)
def test_who_may_issue(as_persona, court, imported, persona, target, status):
    member = imported if target == "imported" else court.member_b
    response = as_persona(persona).get(url(member))
    assert response.status_code == status
    if status != 200:
        member.refresh_from_db()
        assert member.user is None or not member.user.must_change_password
