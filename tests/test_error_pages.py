"""Issue 14, build 7: 403, 404, 500 and the CSRF failure page in Chinese, inside the portal's
layout (navigation bar), with a way back; DEBUG is off in tests, as in production."""

import pytest
from django.test import Client
from django.urls import path, reverse

from config.urls import handler500  # noqa: F401 (this module is a urlconf too)
from config.urls import urlpatterns as portal_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*portal_urls, path("boom/", boom)]


def assert_portal_page(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert heading in page
    assert 'class="navbar' in page  # inside the portal's layout
    assert 'id="error-home"' in page and "返回首页" in page
    assert "Forbidden" not in page and "Not Found" not in page


def test_404_in_the_layout(as_persona, settings):
    assert settings.DEBUG is False
    client = as_persona("member_a")
    assert_portal_page(client.get("/no-such-page/"), 404, "页面不存在")


def test_404_for_an_anonymous_visitor_offers_sign_in(client):
    response = client.get("/no-such-page/")
    assert_portal_page(response, 404, "页面不存在")
    assert reverse("login") in response.content.decode()


def test_403_in_the_layout(as_persona):
    member = as_persona("member_a")
    response = member.get(reverse("activities:new"))  # a member records nothing
    assert_portal_page(response, 403, "无权操作")


def test_500_in_the_layout(as_persona, settings):
    settings.ROOT_URLCONF = __name__
    member = as_persona("member_a")
    member.raise_request_exception = False
    assert_portal_page(member.get("/boom/"), 500, "服务器出错了")


def test_csrf_failure_in_the_layout(court, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"),
        {"username": court.member_a.employee_number, "password": password},
    )
    assert_portal_page(response, 403, "表单已失效")
    assert "刷新页面" in response.content.decode()
