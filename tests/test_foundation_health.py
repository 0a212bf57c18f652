import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_reports_database_and_broker_ok_to_staff(client, admin_user, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "tests run on a real Redis"
    client.force_login(admin_user)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


@pytest.mark.django_db
def test_healthz_tells_anonymous_callers_the_status_only(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_is_503_when_the_broker_is_down(client, admin_user, caplog):
    anonymous = client.get("/healthz")
    assert anonymous.status_code == 503
    assert anonymous.json() == {"status": "error"}
    assert b"127.0.0.1" not in anonymous.content
    assert "Error" not in anonymous.content.decode()
    assert "broker check failed" in caplog.text  # the reason goes to the log

    client.force_login(admin_user)
    body = client.get("/healthz").json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"] == "error"
    assert "broker" in body["errors"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response.headers["Cache-Control"]
