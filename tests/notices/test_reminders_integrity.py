"""The pre-holiday integrity notice: its day, its audience, the committee's text, and once only.

Also the reminder settings and the integrity texts in the admin.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Member
from notices import calendar, kinds, outbox
from notices.models import (
    Delivery,
    Holiday,
    IntegrityNoticeTemplate,
    Notification,
    NotificationPreference,
    ReminderSettings,
)
from notices.reminders import reminders_plan
from notices.tasks import send_integrity_notices
from tests.factories import make_member

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 2, 13, 9, 0)), tick=False)


@pytest.fixture
def audience(court):
    """Beyond the court's personas: a member without a login, a retiree, a disabled login."""
    make_member(court.branch_a, name="无账号", login=False)
    retired = make_member(court.branch_a, name="退休党员")
    Member.objects.filter(pk=retired.pk).update(state=Member.State.RETIRED)
    disabled = make_member(court.branch_b, name="停用账号")
    disabled.user.is_active = False
    disabled.user.save(update_fields=["is_active"])
    return court


def names(**filters):
    return set(
        Notification.objects.filter(kind=kinds.INTEGRITY, **filters).values_list(
            "recipient__member__name", flat=True
        )
    )


def test_every_active_member_with_a_login_receives_the_spring_festival_notice(audience):
    written = send_integrity_notices(today="2026-02-13")

    assert written == 4
    assert names() == {"陈组织", "李书记", "王党员", "赵党员"}
    notice = Notification.objects.filter(kind=kinds.INTEGRITY).first()
    assert notice.title == "春节前廉政提醒"
    assert "八项规定" in notice.body
    assert "2026年2月15日" in notice.body and "2026年2月23日" in notice.body
    assert notice.dedupe_key == f"integrity:2026-spring_festival:{notice.recipient_id}"


def test_the_integrity_job_run_twice_writes_one_notice_and_one_delivery_per_channel(audience):
    user = audience.member_a.user
    user.email = "wang@court.example"
    user.save(update_fields=["email"])
    NotificationPreference.objects.create(user=user, kind=kinds.INTEGRITY, email=True, sms=True)

    assert send_integrity_notices(today="2026-02-13") == 4
    assert send_integrity_notices(today="2026-02-13") == 0

    assert Notification.objects.filter(kind=kinds.INTEGRITY, recipient=user).count() == 1
    channels = sorted(
        Delivery.objects.filter(notification__recipient=user).values_list("channel", flat=True)
    )
    assert channels == ["email", "inapp", "sms"]


def test_no_notice_on_other_days(audience):
    assert send_integrity_notices(today="2026-02-12") == 0
    assert send_integrity_notices(today="2026-02-14") == 0  # the first working day before


def test_n_is_a_setting_counted_in_working_days(audience):
    ReminderSettings.objects.filter(pk=1).update(integrity_days_before=3)
    assert send_integrity_notices(today="2026-02-13") == 0
    assert send_integrity_notices(today="2026-02-12") == 4


def test_each_holiday_has_the_committees_own_text(audience):
    template = IntegrityNoticeTemplate.objects.get(holiday="qingming")
    template.title = "{holiday}廉洁过节提醒（{year}）"
    template.body = "文明祭扫，{first_day}起放假{days}天。"
    template.save()

    [qingming] = reminders_plan(D(2026, 3, 1), D(2026, 4, 15), job="integrity")

    assert qingming.date == D(2026, 4, 2)  # Qingming 2026: days off from Saturday 04-04
    assert qingming.title == "清明节廉洁过节提醒（2026）"
    assert qingming.body == "文明祭扫，2026年4月4日起放假3天。"
    spring = IntegrityNoticeTemplate.objects.get(holiday="spring_festival")
    assert spring.body != template.body


def test_a_holiday_whose_text_is_switched_off_gets_no_notice(audience):
    IntegrityNoticeTemplate.objects.filter(holiday="spring_festival").update(is_active=False)
    assert send_integrity_notices(today="2026-02-13") == 0


def test_a_holiday_without_a_text_of_its_own_gets_the_general_one(audience):
    Holiday.objects.create(
        key="memorial_day",
        name="纪念日",
        year=2026,
        first_day=D(2026, 3, 18),
        last_day=D(2026, 3, 18),
        source=Holiday.Source.MANUAL,
    )
    calendar.clear_cache()

    [memorial] = reminders_plan(D(2026, 3, 1), D(2026, 3, 31), job="integrity")
    assert memorial.date == D(2026, 3, 16)
    assert "纪念日" in memorial.title
    assert memorial.audience_size == 4
    assert memorial.key == "integrity:2026-memorial_day"


def test_the_new_year_notice_goes_out_in_december(audience):
    planned = reminders_plan(D(2026, 12, 1), D(2026, 12, 31), job="integrity")
    assert [(r.about["holiday"]["key"], r.about["holiday"]["year"]) for r in planned] == [
        ("new_years_day", 2027)
    ]
    assert planned[0].date < D(2027, 1, 1)


# --- the texts and the settings in the admin -----------------------------------------------
def test_an_unknown_placeholder_is_refused_in_the_admin(client, court):
    client.force_login(court.admin)
    template = IntegrityNoticeTemplate.objects.get(holiday="labour_day")
    url = reverse("admin:notices_integritynoticetemplate_change", args=[template.pk])

    response = client.post(
        url,
        {"holiday": "labour_day", "title": "{节日}前提醒", "body": "正文", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "{节日}" in response.content.decode()
    template.refresh_from_db()
    assert template.title == "{holiday}前廉政提醒"

    response = client.post(
        url,
        {"holiday": "labour_day", "title": "{holiday}前提醒", "body": "正文", "is_active": "on"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.title == "{holiday}前提醒"


def test_the_seven_holidays_have_default_texts(court):
    texts = dict(IntegrityNoticeTemplate.objects.values_list("holiday", "body"))
    assert set(texts) == {
        "new_years_day",
        "spring_festival",
        "qingming",
        "labour_day",
        "dragon_boat",
        "mid_autumn",
        "national_day",
    }
    assert all("酒驾" in body for body in texts.values())


def test_the_reminder_settings_open_as_one_row(client, court):
    client.force_login(court.admin)
    response = client.get(reverse("admin:notices_remindersettings_changelist"))
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 200
    assert ReminderSettings.load().integrity_days_before == 2


def test_a_run_cut_short_is_completed_by_the_next_one(audience):
    """As if a crash had stopped the first run after its first batch of two."""
    first_two = [audience.staff.user, audience.secretary_a.user]
    outbox.notify_many(
        recipients=first_two,
        kind=kinds.INTEGRITY,
        title="春节前廉政提醒",
        body="…",
        dedupe_key_for=lambda user: f"integrity:2026-spring_festival:{user.pk}",
    )

    assert send_integrity_notices(today="2026-02-13") == 2
    assert names() == {"陈组织", "李书记", "王党员", "赵党员"}
    assert Notification.objects.count() == 4


def test_recipients_are_written_in_batches(audience):
    [spring] = reminders_plan(D(2026, 2, 13), D(2026, 2, 13), job="integrity")
    assert spring.deliver(batch_size=3) == 4
    assert spring.deliver(batch_size=3) == 0
    assert Notification.objects.count() == 4
