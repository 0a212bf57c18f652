"""With the broker down, recording an activity still succeeds; the attendees' notifications
wait in the database and a real worker delivers them once the broker is back (the sweep)."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from activities import notifications as activity_kinds
from activities.models import Activity, ActivityType, Attendance
from activities.services import AttendanceEntry, activity_record
from branches.models import Organisation, Post
from notices.models import Delivery, Notification
from notices.tasks import sweep_pending
from tests.factories import give_post, make_member, make_organisation
from tests.integration.test_outbox_delivery import broker_unreachable, wait_for

pytestmark = pytest.mark.integration

Status = Delivery.Status


@pytest.fixture
def branch(transactional_db):
    committee = make_organisation(None, Organisation.Kind.COMMITTEE, "机关党委")
    return make_organisation(committee, Organisation.Kind.BRANCH, "民一庭党支部")


def with_email(member):
    member.user.email = f"{member.employee_number}@court.example"
    member.user.save(update_fields=["email"])
    return member


def email_statuses():
    return set(
        Delivery.objects.filter(channel=Delivery.Channel.EMAIL).values_list("status", flat=True)
    )


def test_recording_with_the_broker_down_succeeds_and_the_notices_follow_later(
    worker, branch, caplog
):
    secretary = with_email(make_member(branch, name="李书记"))
    give_post(secretary, branch, Post.Kind.SECRETARY)
    present = with_email(make_member(branch, name="王党员"))
    on_leave = with_email(make_member(branch, name="赵党员"))
    study, _created = ActivityType.objects.get_or_create(
        code="study_day", defaults={"name": "理论学习日", "category": "study", "level": "branch"}
    )

    with broker_unreachable():
        activity = activity_record(
            by=secretary.user,
            organisation=branch,
            activity_type=study,
            topic="学习党章",
            start=timezone.now() - datetime.timedelta(hours=2),
            attendance=[
                AttendanceEntry(secretary),
                AttendanceEntry(present),
                AttendanceEntry(on_leave, Attendance.Status.ON_LEAVE, "外出开庭"),
            ],
        )

    # The record committed, with a notification for each attendee but the recorder.
    assert Activity.objects.get(pk=activity.pk).state == Activity.State.HELD
    told = Notification.objects.filter(kind=activity_kinds.ACTIVITY_RECORDED)
    assert set(told.values_list("recipient", flat=True)) == {present.user.pk, on_leave.user.pk}
    assert email_statuses() == {Status.PENDING}
    assert "Broker unreachable" in caplog.text

    # The broker is back; a minute after the deliveries were due, beat's sweep runs.
    Delivery.objects.update(due_at=F("due_at") - datetime.timedelta(minutes=2))
    sweep_pending.apply_async(kwargs={"queue": worker.queue}, queue=worker.queue)

    assert wait_for(lambda: email_statuses() == {Status.SENT})
    assert Delivery.objects.filter(channel=Delivery.Channel.EMAIL).count() == 2
    assert set(
        Delivery.objects.filter(channel=Delivery.Channel.EMAIL).values_list("attempts", flat=True)
    ) == {1}
