"""The inbox: a member sees only their own notifications, opens them, marks them read, sees
the unread count in the navigation bar, and chooses channels on the preferences page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import notifications as activity_kinds
from notices import kinds, outbox
from notices.models import Delivery, Notification, NotificationPreference
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

INBOX = reverse("notices:inbox")
PREFERENCES = reverse("notices:preferences")
NOW = datetime.datetime(2026, 3, 13, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def notify(
    user, key, *, title="周五理论学习日", link="/activities/12/", kind=activity_kinds.STUDY_DAY
):
    return outbox.notify(
        recipient=user,
        kind=kind,
        title=title,
        body="领学人：李书记",
        link=link,
        dedupe_key=f"{key}:{user.pk}",
    )


def add_notifications(user, n, *, start=0):
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kinds.GENERAL,
            title=f"通知{i}",
            dedupe_key=f"bulk:{i}:{user.pk}",
            created=NOW - datetime.timedelta(minutes=i),
            read_at=NOW if i % 2 else None,
        )
        for i in range(start, start + n)
    )


@pytest.fixture
def member_a(court):
    return court.member_a.user


@pytest.fixture
def member_b(court):
    return court.member_b.user


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_inbox_lists_my_notifications_newest_first_with_unread_highlighted(
    client, member_a, member_b
):
    older = notify(member_a, "study:2026-03-06", title="上周的学习")
    outbox.notification_mark_read(notification=older)
    Notification.objects.filter(pk=older.pk).update(created=NOW - datetime.timedelta(days=7))
    newer = notify(member_a, "study:2026-03-13", title="本周的学习")
    notify(member_b, "study:2026-03-13", title="别人的通知")
    client.force_login(member_a)

    response = client.get(INBOX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "别人的通知" not in html
    assert html.index("本周的学习") < html.index("上周的学习")
    assert f'id="notification-{newer.pk}"' in html
    row = html[html.index(f'id="notification-{newer.pk}"') - 200 : html.index("本周的学习")]
    assert "notification-unread" in row
    older_row = html[html.index(f'id="notification-{older.pk}"') - 200 : html.index("上周的学习")]
    assert "notification-unread" not in older_row


def test_the_inbox_filters_unread_and_searches(client, member_a):
    read = notify(member_a, "a", title="已读的理论学习")
    outbox.notification_mark_read(notification=read)
    notify(member_a, "b", title="未读的理论学习")
    notify(member_a, "c", title="廉政提醒", kind=kinds.INTEGRITY)
    client.force_login(member_a)

    unread = client.get(INBOX, {"show": "unread"}).content.decode()
    assert "未读的理论学习" in unread and "廉政提醒" in unread
    assert "已读的理论学习" not in unread

    found = client.get(INBOX, {"q": "理论学习"}).content.decode()
    assert "未读的理论学习" in found and "已读的理论学习" in found
    assert "廉政提醒" not in found

    nothing = client.get(INBOX, {"q": "不存在"}).content.decode()
    assert "empty-state" in nothing


def test_an_empty_inbox_says_so(client, member_a):
    client.force_login(member_a)
    response = client.get(INBOX)
    assert "empty-state" in response.content.decode()


@pytest.mark.parametrize("size", [3, 45])
def test_the_inbox_costs_the_same_queries_at_any_size(
    client, member_a, size, django_assert_num_queries
):
    add_notifications(member_a, size)
    client.force_login(member_a)
    # session, user, page count, navigation (member, posts), unread count, page rows
    with django_assert_num_queries(7):
        response = client.get(INBOX, {"page": 2 if size > 20 else 1})
    assert response.status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(client, member_a):
    notification = notify(member_a, "study")
    client.force_login(member_a)

    response = client.get(reverse("notices:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/activities/12/"
    notification.refresh_from_db()
    assert notification.read_at == NOW


def test_a_notification_without_a_link_opens_the_inbox(client, member_a):
    notification = notify(member_a, "general", link="", kind=kinds.GENERAL)
    client.force_login(member_a)

    response = client.get(reverse("notices:open", args=[notification.pk]))

    assert response.url == INBOX


@pytest.mark.parametrize("view", ["notices:open", "notices:read"])
def test_another_members_notification_is_not_found(client, member_a, member_b, court, view):
    notification = notify(member_b, "study")
    for user in (member_a, court.secretary_a.user, court.admin):
        client.force_login(user)
        method = client.get if view == "notices:open" else client.post
        assert method(reverse(view, args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_read_redirects_back_to_the_inbox(client, member_a):
    notification = notify(member_a, "study")
    client.force_login(member_a)

    response = client.post(reverse("notices:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == INBOX
    notification.refresh_from_db()
    assert notification.read_at == NOW


def test_marking_read_refuses_get(client, member_a):
    notification = notify(member_a, "study")
    client.force_login(member_a)
    assert client.get(reverse("notices:read", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_read_with_htmx_returns_the_row_and_the_new_badge(client, member_a):
    first = notify(member_a, "one")
    notify(member_a, "two")
    client.force_login(member_a)

    response = client.post(reverse("notices:read", args=[first.pk]), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="notification-{first.pk}"' in html
    assert "notification-unread" not in html
    assert 'hx-swap-oob="true"' in html
    assert badge(html)[1] == "1"  # one left unread


def test_mark_all_read_reads_only_mine(client, member_a, member_b):
    notify(member_a, "one")
    notify(member_a, "two")
    theirs = notify(member_b, "one")
    client.force_login(member_a)

    response = client.post(reverse("notices:read_all"), follow=True)

    assert Notification.objects.filter(recipient=member_a, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "2" in str(list(response.context["messages"])[0])


def badge(html: str) -> tuple[set[str], str]:
    """The unread badge's CSS classes and its number."""
    found = re.search(r'<span id="notices-unread-badge" class="([^"]*)"[^>]*>([^<]*)<', html)
    assert found, "no unread badge on the page"
    return set(found.group(1).split()), found.group(2)


def test_the_navigation_bar_shows_the_unread_count(client, member_a):
    notify(member_a, "one")
    notify(member_a, "two")
    notify(member_a, "three")
    outbox.notification_mark_read(
        notification=Notification.objects.get(dedupe_key__startswith="one")
    )
    client.force_login(member_a)

    html = client.get(reverse("home")).content.decode()

    classes, number = badge(html)
    assert number == "2"
    assert "d-none" not in classes
    assert f'href="{INBOX}"' in html


def test_the_badge_is_hidden_when_everything_is_read(client, member_a):
    notification = notify(member_a, "one")
    outbox.notification_mark_read(notification=notification)
    client.force_login(member_a)

    classes, number = badge(client.get(reverse("home")).content.decode())

    assert "d-none" in classes
    assert number == "0"


def test_a_large_unread_count_is_capped(client, member_a):
    add_notifications(member_a, 250)  # 125 unread
    client.force_login(member_a)
    assert badge(client.get(reverse("home")).content.decode())[1] == "99+"


def test_anonymous_pages_show_no_bell(client):
    html = client.get(reverse("login")).content.decode()
    assert "notices-unread-badge" not in html


def test_the_preferences_page_shows_the_defaults(client, member_a):
    client.force_login(member_a)

    response = client.get(PREFERENCES)

    form = response.context["form"]
    assert response.status_code == 200
    assert form["integrity_email"].value() is True
    assert form["integrity_sms"].value() is False
    # No e-mail address on this login: the page says why no e-mail will come.
    assert "alert-warning" in response.content.decode()


def test_the_preferences_page_saves_and_notify_follows_it(client, member_a):
    member_a.email = "wang@court.example"
    member_a.save(update_fields=["email"])
    client.force_login(member_a)
    data = {f"{kind}_email": "on" for kind in kinds.codes()}
    del data["integrity_email"]
    data["integrity_sms"] = "on"

    response = client.post(PREFERENCES, data)

    assert response.status_code == 302
    assert response.url == PREFERENCES
    saved = {p.kind: (p.email, p.sms) for p in NotificationPreference.objects.filter(user=member_a)}
    assert saved["integrity"] == (False, True)
    assert saved["study_day"] == (True, False)
    again = client.get(PREFERENCES).context["form"]
    assert again["integrity_sms"].value() is True

    notification = notify(member_a, "integrity:2026-qingming", kind=kinds.INTEGRITY)
    channels = set(notification.deliveries.values_list("channel", flat=True))
    assert channels == {Delivery.Channel.INAPP, Delivery.Channel.SMS}


def test_marking_read_twice_keeps_the_first_time(member_a, clock):
    notification = notify(member_a, "study")
    assert outbox.notification_mark_read(notification=notification) is True
    clock.move_to(NOW + datetime.timedelta(hours=1))
    fresh = Notification.objects.get(pk=notification.pk)
    assert outbox.notification_mark_read(notification=fresh) is False
    fresh.refresh_from_db()
    assert fresh.read_at == NOW
    assert timezone.is_aware(fresh.read_at)


# Every persona has an inbox of their own; a notification is its recipient's alone.
# (admin, committee, secretary_a, member_a, member_b, anonymous)
PAGES = [
    ("notices:inbox", "get", [200, 200, 200, 200, 200, 302]),
    ("notices:preferences", "get", [200, 200, 200, 200, 200, 302]),
    ("notices:read_all", "post", [302, 302, 302, 302, 302, 302]),
    # member_a's notification: everyone else gets 404, the anonymous the sign-in page.
    ("notices:open", "get", [404, 404, 404, 302, 404, 302]),
    ("notices:read", "post", [404, 404, 404, 302, 404, 302]),
]

# The URL names these persona tests cover (tests/test_url_coverage.py collects them).
URL_NAMES = {name for name, _method, _expected in PAGES}


@pytest.mark.parametrize(("url_name", "method", "expected"), PAGES)
def test_permission_matrix(as_persona, court, url_name, method, expected):
    notification = notify(court.member_a.user, "matrix")
    args = [notification.pk] if url_name in {"notices:open", "notices:read"} else []
    url = reverse(url_name, args=args)
    for persona, status in zip(PERSONAS, expected, strict=True):
        client = as_persona(persona)
        response = getattr(client, method)(url)
        assert response.status_code == status, (persona, url_name)
        if persona == "anonymous":
            assert response.url.startswith(reverse("login"))
