"""Innovation-round deadlines are reminded through the notices registry, once per person."""

import datetime

import pytest

from brands import innovation
from notices import reminders
from notices.models import Notification
from tests.brands.conftest import open_round

pytestmark = pytest.mark.django_db


def test_secretaries_without_a_project_are_reminded_once(court):
    open_round(court, submission_deadline=datetime.date(2026, 3, 15))
    day = datetime.date(2026, 3, 13)
    planned = reminders.get("innovation_deadline").plan([day])
    assert [r.audience_size for r in planned] == [1]  # only branch A has a secretary
    assert reminders.reminders_send(job="innovation_deadline", today=day) == 1
    assert reminders.reminders_send(job="innovation_deadline", today=day) == 0
    note = Notification.objects.get()
    assert note.recipient == court.secretary_a.user
    assert "2026-03-15" in note.title


def test_no_reminder_once_the_branch_has_submitted_or_too_early(court):
    innovation_round = open_round(court, submission_deadline=datetime.date(2026, 3, 15))
    assert reminders.get("innovation_deadline").plan([datetime.date(2026, 3, 10)]) == []
    innovation.project_submit(
        by=court.secretary_a.user,
        innovation_round=innovation_round,
        branch=court.branch_a,
        title="项目",
        summary="简介",
    )
    assert reminders.get("innovation_deadline").plan([datetime.date(2026, 3, 13)]) == []


def test_the_default_schedule_is_installed(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="brands.send_innovation_reminders")
    assert task.enabled and task.crontab.hour == "9"
