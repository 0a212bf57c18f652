"""Point claims and notifications: the secretary is reminded of a claim left waiting more than
three working days (once), and the member is told the decision."""

import datetime

import pytest

from branches.models import Post
from notices.models import Notification, ReminderSettings
from notices.reminders import reminders_plan
from points import notifications as points_kinds
from points import services
from points.tasks import send_claim_reminders
from tests.factories import give_post, make_member
from tests.points.conftest import at, claim

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def waiting(court, rules, time_machine):
    """member_a's claim, submitted on Monday 2026-03-09 at 10:00."""
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)
    return claim(court.member_a, rules["claim_study_article"], date=D(2026, 3, 6))


def run(time_machine, day: str) -> int:
    time_machine.move_to(at(day, "09:30"), tick=False)
    return send_claim_reminders(today=day)


def test_the_secretary_is_reminded_after_three_whole_working_days(court, waiting, time_machine):
    assert run(time_machine, "2026-03-12") == 0  # Thursday: Tue, Wed, Thu not all over
    assert run(time_machine, "2026-03-13") == 1  # Friday

    [reminder] = Notification.objects.filter(kind=points_kinds.CLAIM_PENDING)
    assert reminder.recipient == court.secretary_a.user
    assert "王党员" in reminder.title
    assert waiting.rule.name in reminder.title
    assert reminder.link == waiting.get_absolute_url()
    assert reminder.dedupe_key == f"claim-pending:{waiting.pk}:{court.secretary_a.user.pk}"


def test_a_claim_is_reminded_once(court, waiting, time_machine):
    assert run(time_machine, "2026-03-13") == 1
    assert run(time_machine, "2026-03-13") == 0
    assert run(time_machine, "2026-03-16") == 0
    assert Notification.objects.filter(kind=points_kinds.CLAIM_PENDING).count() == 1


def test_a_decided_claim_is_not_reminded(court, waiting, time_machine):
    time_machine.move_to(at("2026-03-10", "10:00"), tick=False)
    services.claim_reject(claim=waiting, reason="材料不全", by=court.secretary_a.user)
    assert run(time_machine, "2026-03-13") == 0


def test_holidays_and_weekends_do_not_count(court, rules, time_machine):
    time_machine.move_to(at("2026-09-24", "10:00"), tick=False)  # Thursday before 中秋节
    late = claim(court.member_a, rules["claim_study_article"], date=D(2026, 9, 20))

    planned = reminders_plan(D(2026, 9, 24), D(2026, 10, 31), job="claim_pending")

    # Working days after: 09-28, 09-29, 09-30 (then 国庆节 10-01…10-07): reminded 10-08.
    assert [(r.date, r.key) for r in planned] == [(D(2026, 10, 8), f"claim-pending:{late.pk}")]
    assert run(time_machine, "2026-10-07") == 0  # a day off: the job sends nothing
    assert run(time_machine, "2026-10-08") == 1


def test_the_waiting_time_is_a_setting(court, waiting, time_machine):
    ReminderSettings.objects.filter(pk=1).update(claim_waiting_days=1)
    assert run(time_machine, "2026-03-11") == 1  # Wednesday: Tuesday was one whole working day


def test_the_secretarys_own_claim_goes_to_the_deputy(court, rules, time_machine):
    deputy = make_member(court.branch_a, name="钱副书记")
    give_post(deputy, court.branch_a, Post.Kind.DEPUTY_SECRETARY)
    time_machine.move_to(at("2026-03-09", "10:00"), tick=False)
    claim(court.secretary_a, rules["claim_study_article"], date=D(2026, 3, 6))

    assert run(time_machine, "2026-03-13") == 1
    assert Notification.objects.get(kind=points_kinds.CLAIM_PENDING).recipient == deputy.user


def test_a_missed_day_is_caught_up_on_the_next_run(court, waiting, time_machine):
    assert run(time_machine, "2026-03-17") == 1  # the job did not run on Friday


# --- the member is told the decision -------------------------------------------------------
def test_the_member_is_told_an_approval(court, waiting):
    services.claim_approve(claim=waiting, by=court.secretary_a.user)

    [told] = Notification.objects.filter(kind=points_kinds.CLAIM_DECIDED)
    assert told.recipient == court.member_a.user
    assert waiting.rule.name in told.title
    assert "+2" in told.title
    assert told.link == waiting.get_absolute_url()
    assert told.dedupe_key == f"claim-decided:{waiting.pk}"


def test_the_member_is_told_a_rejection_with_its_reason(court, waiting):
    services.claim_reject(claim=waiting, reason="材料不全", by=court.secretary_a.user)

    [told] = Notification.objects.filter(kind=points_kinds.CLAIM_DECIDED)
    assert told.recipient == court.member_a.user
    assert "材料不全" in told.body
