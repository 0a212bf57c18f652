"""The one record form: activity fields, attendance table, guests and files in one post."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Attachment, Attendance
from activities.signals import activity_recorded
from tests.activities.conftest import png_bytes
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def new_url(court, code="study_day"):
    return reverse("activities:new") + f"?organisation={court.branch_a.pk}&type={code}"


@pytest.fixture
def secretary(as_persona):
    return as_persona("secretary_a")


@pytest.fixture
def post_data(types, branch_a_members):
    """A valid record of Friday's study: everyone present."""

    def build(**overrides):
        data = {
            "activity_type": types["study_day"].pk,
            "topic": "学习习近平法治思想",
            "date": "2026-03-13",
            "start_time": "14:30",
            "end_time": "16:30",
            "location": "第三会议室",
            "minutes": "逐段学习，交流体会。",
            "action": "record",
        }
        for member in branch_a_members:
            data[f"attendance-{member.pk}"] = "present"
            data[f"reason-{member.pk}"] = ""
        data.update(overrides)
        return data

    return build


def test_the_form_lists_every_member_defaulting_to_present(secretary, court, branch_a_members):
    response = secretary.get(new_url(court))
    assert response.status_code == 200
    page = response.content.decode()
    for member in branch_a_members:
        assert (
            f'name="attendance-{member.pk}" id="attendance-{member.pk}-present" value="present" autocomplete="off" checked'
            in page
        )
    assert "赵党员" not in page  # branch B's member is not listed
    assert "全部出席" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_study_session_is_recorded_in_one_post(
    secretary, court, branch_a_members, post_data, photo
):
    member_a, absent = court.member_a, branch_a_members[2]
    data = post_data(
        **{
            f"attendance-{member_a.pk}": "on_leave",
            f"reason-{member_a.pk}": "外出开庭",
            f"attendance-{absent.pk}": "absent",
            "lead": court.secretary_a.pk,
            "guests": "92001",
            "attachments": [photo],
        }
    )
    response = secretary.post(new_url(court), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    assert activity.state == Activity.State.HELD
    assert activity.topic == "学习习近平法治思想"
    rows = {row.member_id: row for row in activity.attendances.all()}
    assert len(rows) == 7
    assert rows[member_a.pk].status == Attendance.Status.ON_LEAVE
    assert rows[member_a.pk].reason == "外出开庭"
    assert rows[absent.pk].status == Attendance.Status.ABSENT
    assert rows[court.member_b.pk].is_guest
    assert rows[court.secretary_a.pk].role == Attendance.Role.LEAD
    assert activity.attachments.get().original_name == "合影.png"

    detail = secretary.get(response.url).content.decode()
    assert "出席率 67%" in detail  # 4 of the 6 members; the guest is not counted
    assert "外出开庭" in detail


def test_several_files_in_one_input(secretary, court, post_data, photo, pdf):
    secretary.post(new_url(court), post_data(attachments=[photo, pdf]))
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
        "合影.png",
        "学习材料.pdf",
    ]


def test_leave_without_a_reason_is_refused_in_chinese_and_nothing_is_saved(
    secretary, court, post_data
):
    response = secretary.post(
        new_url(court), post_data(**{f"attendance-{court.member_a.pk}": "on_leave"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写请假事由" in page
    assert "王党员" in page
    assert not Activity.objects.exists()


def test_end_before_start_is_refused_in_chinese(secretary, court, post_data):
    response = secretary.post(new_url(court), post_data(start_time="14:30", end_time="14:00"))
    assert "结束时间必须晚于开始时间" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_future_activity_cannot_be_recorded_as_held_but_can_be_planned(
    secretary, court, post_data
):
    response = secretary.post(new_url(court), post_data(date="2026-03-20"))
    assert "尚未开始的活动不能记录为已开展" in response.content.decode()
    assert not Activity.objects.exists()

    response = secretary.post(new_url(court), post_data(date="2026-03-20", action="plan"))
    activity = Activity.objects.get()
    assert activity.state == Activity.State.PLANNED
    assert not activity.attendances.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "只能上传以下类型的文件：JPG、PNG、GIF、WebP、PDF、Word"),
        ("照片.jpg", b"%PDF-1.4 not a photo", "并不是真正的 JPG 文件"),
        ("材料.docx", b"\xd0\xcf\x11\xe0 an old doc", "并不是真正的 DOCX 文件"),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_saved(
    secretary, court, post_data, photo, media, name, content, message
):
    bad = SimpleUploadedFile(name, content)
    response = secretary.post(new_url(court), post_data(attachments=[photo, bad]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(media.rglob("*.*")) if media.exists() else True


def test_an_oversized_attachment_is_refused(secretary, court, post_data, settings, media):
    settings.ACTIVITY_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("大照片.png", png_bytes() + b"\x00" * (1024 * 1024))
    response = secretary.post(new_url(court), post_data(attachments=[big]))
    assert "大照片.png 超过 1 MB" in response.content.decode()
    assert not Activity.objects.exists()


def test_unknown_guest_numbers_are_named_in_the_error(secretary, court, post_data):
    response = secretary.post(new_url(court), post_data(guests="92001、99999"))
    assert "没有工号为 99999 的党员" in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_uses_the_same_form_and_keeps_guests_removable(secretary, court, recorded):
    from activities.services import activity_record

    activity_record(by=court.secretary_a.user, activity=recorded, guests=["92001"])
    url = reverse("activities:edit", args=[recorded.pk])
    page = secretary.get(url).content.decode()
    assert "学习党的二十届三中全会精神" in page
    assert f'name="reason-{court.member_a.pk}" value="外出开庭"' in page
    assert f'name="remove-{court.member_b.pk}"' in page

    data = {
        "activity_type": recorded.activity_type_id,
        "topic": "学习党的二十届三中全会精神（补记）",
        "date": "2026-03-06",
        "start_time": "14:30",
        "end_time": "16:30",
        "action": "record",
        f"remove-{court.member_b.pk}": "on",
    }
    for row in recorded.attendances.all():
        data[f"attendance-{row.member_id}"] = row.status
        data[f"reason-{row.member_id}"] = row.reason
    response = secretary.post(url, data)
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.topic.endswith("（补记）")
    assert not recorded.attendances.filter(member=court.member_b).exists()
    assert recorded.attendances.count() == 6


def test_a_planned_activity_is_recorded_through_its_edit_page(
    secretary, court, planned, post_data, types
):
    url = reverse("activities:edit", args=[planned.pk])
    assert "记录计划中的活动" in secretary.get(url).content.decode()
    response = secretary.post(
        url,
        post_data(
            activity_type=types["theme_party_day"].pk,
            date="2026-03-13",
            start_time="09:00",
            end_time="11:00",
        ),
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == Activity.State.HELD
    assert planned.attendances.count() == 6


def test_one_signal_per_saved_form(secretary, court, post_data):
    heard = []

    def receiver(sender, activity, created, **kwargs):
        heard.append((activity.topic, created))

    activity_recorded.connect(receiver)
    try:
        secretary.post(new_url(court), post_data())
    finally:
        activity_recorded.disconnect(receiver)
    assert heard == [("学习习近平法治思想", True)]


def test_withdraw_asks_for_confirmation_then_keeps_the_record(secretary, recorded):
    url = reverse("activities:withdraw", args=[recorded.pk])
    page = secretary.get(url).content.decode()
    assert "撤销" in page
    recorded.refresh_from_db()
    assert recorded.state == Activity.State.HELD
    response = secretary.post(url, {"reason": "重复录入"})
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.state == Activity.State.WITHDRAWN
    detail = secretary.get(recorded.get_absolute_url()).content.decode()
    assert "重复录入" in detail
    assert secretary.get(reverse("activities:edit", args=[recorded.pk])).status_code == 403


def test_without_an_organisation_the_form_asks_which_one(secretary, court, as_persona):
    response = secretary.get(reverse("activities:new") + "?type=study_day")
    page = response.content.decode()
    assert response.status_code == 200
    assert "民一庭党支部" in page
    assert "民一庭第一党小组" in page
    assert "刑庭党支部" not in page
    assert as_persona("member_a").get(reverse("activities:new")).status_code == 403


def test_editing_an_old_record_does_not_add_members_who_joined_later(secretary, court, recorded):
    newcomer = make_member(court.branch_a, name="新党员", login=False)
    url = reverse("activities:edit", args=[recorded.pk])
    assert f'name="attendance-{newcomer.pk}"' not in secretary.get(url).content.decode()
    data = {
        "activity_type": recorded.activity_type_id,
        "topic": recorded.topic,
        "date": "2026-03-06",
        "start_time": "14:30",
        "action": "record",
    }
    for row in recorded.attendances.all():
        data[f"attendance-{row.member_id}"] = row.status
        data[f"reason-{row.member_id}"] = row.reason
    data[f"attendance-{newcomer.pk}"] = "present"  # not listed, so not read
    assert secretary.post(url, data).status_code == 302
    assert not recorded.attendances.filter(member=newcomer).exists()
    assert recorded.attendances.count() == 6
