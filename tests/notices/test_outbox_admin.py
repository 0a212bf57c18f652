"""The admin's view of the outbox: what was sent, what failed and why, and sending again."""

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from notices import kinds, outbox
from notices.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email(court):
    user = court.member_a.user
    user.email = "wang@court.example"
    user.save(update_fields=["email"])
    notification = outbox.notify(
        recipient=user,
        kind=kinds.INTEGRITY,
        title="节前廉政提醒",
        body="春节将至，请严守廉洁纪律。",
        dedupe_key=f"integrity:2026-spring_festival:{user.pk}",
    )
    delivery = notification.deliveries.get(channel=Delivery.Channel.EMAIL)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=5, last_error="SMTPServerDisconnected: gone"
    )
    return delivery


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:notices_notification_changelist",
        "admin:notices_delivery_changelist",
        "admin:notices_notificationpreference_changelist",
    ],
)
def test_the_admin_lists_the_outbox(client, court, failed_email, url_name):
    client.force_login(court.admin)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_admin_sees_why_a_delivery_failed(client, court, failed_email):
    client.force_login(court.admin)
    html = client.get(
        reverse("admin:notices_delivery_changelist"), {"status": "failed"}
    ).content.decode()
    assert "SMTPServerDisconnected: gone" in html
    notification_page = client.get(
        reverse("admin:notices_notification_change", args=[failed_email.notification_id])
    )
    assert "SMTPServerDisconnected: gone" in notification_page.content.decode()


def test_the_admin_sends_a_failed_delivery_again(
    client, court, failed_email, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(court.admin)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:notices_delivery_changelist"),
                {"action": "retry", "_selected_action": [failed_email.pk]},
            )
    finally:
        celery_app.conf.task_always_eager = False

    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.attempts) == (Delivery.Status.SENT, 1)
    assert [m.to for m in mailoutbox] == [["wang@court.example"]]
