"""activity_plan, activity_record and activity_withdraw: what they store, refuse and announce."""

import pytest

from activities import services
from activities.models import Activity, ActivityError, Attachment, Attendance
from activities.services import AttendanceEntry
from activities.signals import activity_recorded, activity_withdrawn
from tests.activities.conftest import at, record
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Connect real receivers to both signals; collect what they were sent."""
    calls = []

    def on_recorded(sender, activity, created, **kwargs):
        calls.append(
            ("recorded", sender, activity.pk, created, activity.state, activity.attendances.count())
        )

    def on_withdrawn(sender, activity, previous_state, **kwargs):
        calls.append(("withdrawn", sender, activity.pk, previous_state, activity.state))

    activity_recorded.connect(on_recorded)
    activity_withdrawn.connect(on_withdrawn)
    yield calls
    activity_recorded.disconnect(on_recorded)
    activity_withdrawn.disconnect(on_withdrawn)


def statuses(activity):
    return {
        row.member.name: (row.status, row.reason, row.role)
        for row in activity.attendances.select_related("member")
    }


def test_record_creates_a_held_activity_with_its_attendance(recorded, court):
    assert recorded.state == Activity.State.HELD
    assert recorded.recorded_at is not None
    assert recorded.created_by == court.secretary_a.user
    rows = statuses(recorded)
    assert len(rows) == 6
    assert rows["李书记"] == ("present", "", "lead")
    assert rows["王党员"] == ("on_leave", "外出开庭", "participant")
    assert rows["甲0"][0] == "absent"
    assert recorded.attendance_percent == 67  # 4 of 6
    assert recorded.expected_count == 6


def test_record_adds_the_lead_as_present_when_not_listed(court, types):
    activity = record(
        court, types, attendance=[AttendanceEntry(court.member_a)], lead=court.secretary_a
    )
    assert statuses(activity)["李书记"] == ("present", "", "lead")


def test_guests_from_other_branches_are_present_and_not_counted_in_the_rate(court, types):
    activity = record(court, types, attendance=[AttendanceEntry(court.member_a)], guests=["92001"])
    guest = activity.attendances.get(member=court.member_b)
    assert (guest.status, guest.is_guest, guest.role) == ("present", True, "guest")
    assert activity.expected_count == 1
    assert activity.attendance_percent == 100


def test_unknown_guest_numbers_are_refused_and_nothing_is_saved(court, types):
    with pytest.raises(ActivityError) as refused:
        record(
            court,
            types,
            attendance=[AttendanceEntry(court.member_a)],
            guests=["92001", "99999", "88888"],
        )
    assert refused.value.field == "guests"
    assert "99999、88888" in refused.value.message
    assert not Activity.objects.exists()
    assert not Attendance.objects.exists()


def test_editing_a_held_activity_changes_fields_and_attendance(recorded, court, branch_a_members):
    secretary, member_a, absent, *others = branch_a_members
    services.activity_record(
        by=court.secretary_a.user,
        activity=recorded,
        topic="学习新修订的纪律处分条例",
        attendance=[
            AttendanceEntry(secretary),
            AttendanceEntry(member_a),
            AttendanceEntry(absent, Attendance.Status.ON_LEAVE, "病假"),
            *[AttendanceEntry(m) for m in others[:1]],
        ],
    )
    recorded.refresh_from_db()
    assert recorded.topic == "学习新修订的纪律处分条例"
    rows = statuses(recorded)
    assert rows["王党员"] == ("present", "", "participant")
    assert rows["甲0"] == ("on_leave", "病假", "participant")
    assert len(rows) == 4  # two members left out lost their rows
    assert recorded.history.count() == 2


def test_edit_without_attendance_keeps_the_rows(recorded, court):
    services.activity_record(by=court.secretary_a.user, activity=recorded, minutes="补充纪要")
    assert recorded.attendances.count() == 6


def test_recording_a_planned_activity_makes_it_held(planned, court):
    assert planned.state == Activity.State.PLANNED
    assert not planned.attendances.exists()
    services.activity_record(
        by=court.secretary_a.user, activity=planned, attendance=[AttendanceEntry(court.member_a)]
    )
    planned.refresh_from_db()
    assert planned.state == Activity.State.HELD
    assert planned.attendances.count() == 1


def test_recording_before_the_start_is_refused(court, types):
    planned = services.activity_plan(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["theme_party_day"],
        topic="四月主题党日",
        start=at("2026-04-10", "09:00"),
    )
    with pytest.raises(ActivityError) as refused:
        services.activity_record(by=court.secretary_a.user, activity=planned, attendance=[])
    assert refused.value.field == "start"
    planned.refresh_from_db()
    assert planned.state == Activity.State.PLANNED


def test_end_before_start_is_refused(court, types):
    with pytest.raises(ActivityError) as refused:
        record(court, types, start=at("2026-03-06", "14:30"), end=at("2026-03-06", "14:00"))
    assert refused.value.field == "end"
    assert not Activity.objects.exists()


def test_leave_without_a_reason_is_refused(court, types):
    with pytest.raises(ActivityError):
        record(
            court,
            types,
            attendance=[AttendanceEntry(court.member_a, Attendance.Status.ON_LEAVE, "  ")],
        )
    assert not Activity.objects.exists()


def test_a_type_is_held_only_by_its_level_of_organisation(court, types):
    with pytest.raises(ActivityError) as refused:
        record(court, types, code="group_meeting", organisation=court.branch_a)
    assert refused.value.field == "activity_type"
    group_meeting = record(
        court, types, code="group_meeting", organisation=court.group_a2, attendance=[]
    )
    assert group_meeting.organisation == court.group_a2


def test_group_meeting_lists_the_group_and_committee_meeting_the_committee(
    court, types, branch_a_members
):
    from activities.selectors import activity_attendees

    assert list(activity_attendees(court.group_a2, types["group_meeting"])) == [court.member_a]
    assert list(activity_attendees(court.branch_a, types["committee_meeting"])) == [
        court.secretary_a
    ]
    assert len(activity_attendees(court.branch_a, types["general_meeting"])) == 6


def test_results_are_kept_only_for_types_with_results(court, types):
    service = record(
        court, types, code="volunteer_service", attendance=[], people_served=35, service_hours=4
    )
    study = record(court, types, attendance=[], people_served=35)
    assert service.people_served == 35
    assert study.people_served is None


def test_co_building_partners(court, types):
    activity = record(
        court,
        types,
        code="co_building",
        attendance=[],
        partners=[court.branch_b],
        partner_names="幸福社区党支部",
    )
    assert list(activity.partners.all()) == [court.branch_b]
    with pytest.raises(ActivityError):
        record(court, types, code="co_building", attendance=[], partners=[court.branch_a])


def test_withdraw_keeps_the_activity_marked_withdrawn(recorded, court):
    services.activity_withdraw(activity=recorded, reason="重复录入", by=court.secretary_a.user)
    recorded.refresh_from_db()
    assert recorded.state == Activity.State.WITHDRAWN
    assert recorded.withdrawn_reason == "重复录入"
    assert recorded.attendances.count() == 6  # nothing deleted


def test_withdraw_needs_a_reason(recorded, court):
    with pytest.raises(ActivityError):
        services.activity_withdraw(activity=recorded, reason=" ", by=court.secretary_a.user)
    recorded.refresh_from_db()
    assert recorded.state == Activity.State.HELD


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("planned", "held", True),
        ("planned", "withdrawn", True),
        ("held", "withdrawn", True),
        ("held", "planned", False),
        ("held", "held", False),
        ("withdrawn", "held", False),
        ("withdrawn", "planned", False),
        ("withdrawn", "withdrawn", False),
        ("planned", "planned", False),
    ],
)
def test_transitions(start, target, allowed):
    activity = Activity(state=start)
    if allowed:
        activity.transition_to(target)
        assert activity.state == target
    else:
        with pytest.raises(ActivityError):
            activity.transition_to(target)
        assert activity.state == start


def test_a_withdrawn_activity_cannot_be_recorded_or_withdrawn_again(recorded, court):
    services.activity_withdraw(activity=recorded, reason="重复录入", by=court.secretary_a.user)
    with pytest.raises(ActivityError):
        services.activity_record(by=court.secretary_a.user, activity=recorded, topic="改")
    with pytest.raises(ActivityError):
        services.activity_withdraw(activity=recorded, reason="再次", by=court.secretary_a.user)


def test_a_held_activity_cannot_be_changed_as_a_plan(recorded, court):
    with pytest.raises(ActivityError):
        services.activity_plan(by=court.secretary_a.user, activity=recorded, topic="改")


def test_signals_are_sent_once_per_call_with_the_right_arguments(court, types, planned, heard):
    held = record(court, types, attendance=[AttendanceEntry(court.member_a)])
    assert heard == [("recorded", Activity, held.pk, True, "held", 1)]

    services.activity_record(by=court.secretary_a.user, activity=held, minutes="补记")
    assert heard[1:] == [("recorded", Activity, held.pk, False, "held", 1)]

    services.activity_record(by=court.secretary_a.user, activity=planned, attendance=[])
    assert heard[2:] == [("recorded", Activity, planned.pk, True, "held", 0)]

    services.activity_withdraw(activity=held, reason="重复", by=court.secretary_a.user)
    assert heard[3:] == [("withdrawn", Activity, held.pk, "held", "withdrawn")]


def test_no_signal_when_the_record_is_refused(court, types, heard):
    with pytest.raises(ActivityError):
        record(court, types, attendance=[AttendanceEntry(court.member_a)], guests=["nobody"])
    assert heard == []


def test_a_failing_receiver_rolls_the_record_back(court, types):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver failed")

    activity_recorded.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            record(court, types, attendance=[AttendanceEntry(court.member_a)])
    finally:
        activity_recorded.disconnect(broken)
    assert not Activity.objects.exists()


def test_attachments_are_stored_with_their_checked_type(court, types, photo, pdf, media):
    activity = record(court, types, attendance=[], attachments=[photo, pdf])
    stored = {a.original_name: a for a in Attachment.objects.filter(activity=activity)}
    assert stored["合影.png"].content_type == "image/png"
    assert stored["学习材料.pdf"].content_type == "application/pdf"
    assert stored["合影.png"].file.name.startswith("activities/2026/03/")
    assert (media / stored["合影.png"].file.name).exists()


def test_a_transferred_member_keeps_the_past_row(recorded, court, branch_a_members):
    from branches.services import member_transfer

    member_transfer(member=court.member_a, branch=court.branch_b, on=at("2026-03-10").date())
    services.activity_record(by=court.secretary_a.user, activity=recorded, minutes="补记")
    assert recorded.attendances.filter(member=court.member_a).exists()


def test_members_of_other_branches_listed_by_the_caller_are_guests(court, types):
    outsider = make_member(court.branch_b, name="外支部", login=False)
    activity = record(
        court, types, attendance=[AttendanceEntry(court.member_a), AttendanceEntry(outsider)]
    )
    assert activity.attendances.get(member=outsider).is_guest
    assert not activity.attendances.get(member=court.member_a).is_guest
