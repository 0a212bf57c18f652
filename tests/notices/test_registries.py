"""An app above notices adds a notification kind and a default schedule in its own
AppConfig.ready(), with no change to notices/ (tests/registry_app stands in for it)."""

import json

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from notices import kinds
from notices.models import Notification
from notices.outbox import notify, preferences_for
from tests.registry_app.apps import DIGEST, SCHEDULE_NAME

pytestmark = pytest.mark.django_db


def migrate_again():
    """What `manage.py migrate` does once its migrations are applied."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def test_a_higher_app_sends_its_own_kind_of_notification(court):
    user = court.member_a.user
    notification = notify(
        recipient=user,
        kind=DIGEST,
        title="本周摘要",
        body="三项活动",
        dedupe_key=f"digest:2026-W10:{user.pk}",
    )
    assert notification.kind == DIGEST
    assert notification.get_kind_display() == "weekly digest"
    assert kinds.label_of(DIGEST) == "weekly digest"
    # Members choose e-mail or SMS for it on the preferences page like any other kind.
    assert DIGEST in preferences_for(user)


def test_a_kind_nobody_registered_is_refused(court):
    with pytest.raises(ValueError, match="registry_unknown"):
        notify(
            recipient=court.member_a.user,
            kind="registry_unknown",
            title="x",
            body="",
            dedupe_key="unknown:1",
        )
    assert not Notification.objects.exists()


def test_a_code_taken_with_another_label_is_refused():
    with pytest.raises(ValueError, match=DIGEST):
        kinds.register_kind(DIGEST, "something else")


def test_migrate_installed_the_higher_apps_schedule():
    task = PeriodicTask.objects.get(name=SCHEDULE_NAME)
    assert task.task == "registry_app.send_digest"
    assert task.enabled
    assert json.loads(task.kwargs) == {"scope": "all"}
    cron = task.crontab
    assert (cron.minute, cron.hour, cron.day_of_week, cron.timezone.key) == (
        "0",
        "8",
        "1",
        "Asia/Shanghai",
    )


def test_an_admins_changes_survive_the_next_migrate():
    task = PeriodicTask.objects.get(name=SCHEDULE_NAME)
    friday, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="17", day_of_week="5", timezone="Asia/Shanghai"
    )
    task.crontab, task.enabled, task.kwargs = friday, False, json.dumps({"scope": "branches"})
    task.save()

    migrate_again()

    [task] = PeriodicTask.objects.filter(name=SCHEDULE_NAME)
    assert (task.crontab_id, task.enabled, json.loads(task.kwargs)) == (
        friday.pk,
        False,
        {"scope": "branches"},
    )


def test_a_deleted_default_comes_back_with_the_next_migrate():
    PeriodicTask.objects.filter(name=SCHEDULE_NAME).delete()
    migrate_again()
    assert PeriodicTask.objects.get(name=SCHEDULE_NAME).enabled


def test_every_apps_own_defaults_are_installed_after_migrate():
    # The jobs of notices, activities and points come from their apps' post_migrate, not
    # from a migration of notices.
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {
        "reminders: integrity notice before public holidays",
        "reminders: study day (morning of the session)",
        "reminders: study day (working day before, option)",
        "reminders: theme party day",
        "reminders: theme party day not planned (20th)",
        "reminders: meeting cadence (5th)",
        "reminders: point claims waiting for a decision",
        SCHEDULE_NAME,
    } <= names
