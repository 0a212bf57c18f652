import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_sends_anonymous_visitors_to_a_chinese_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page
    assert "工号" in page


def test_login_and_logout(client, plain_user, password):
    response = client.post(reverse("login"), {"username": "10001", "password": password})
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "张三" in home.content.decode()

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, plain_user):
    response = client.post(reverse("login"), {"username": "10001", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_account_is_locked_after_five_failures_even_with_the_right_password(
    client, plain_user, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "10001", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "10001", "password": password})
    assert response.status_code == 429
    assert "账户已锁定" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_other_accounts_are_not_locked_by_someone_elses_failures(
    client, plain_user, admin_user, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "10001", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "admin1", "password": password})
    assert response.status_code == 302


def test_password_change(client, plain_user, password):
    client.force_login(plain_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Another-Pass-2026",
            "new_password2": "Another-Pass-2026",
        },
    )
    assert response.status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.check_password("Another-Pass-2026")


def test_session_cookie_is_http_only_and_ends_with_the_browser(client, plain_user, password):
    response = client.post(reverse("login"), {"username": "10001", "password": password})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert not cookie["expires"]
