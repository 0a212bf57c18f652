"""Changes to activities: plan, record (with attendance and attachments), withdraw.

Every function is one transaction and raises ActivityError with a message for the
user when the change is refused; nothing is saved then. Recording and withdrawing send
the signals documented in activities/signals.py from inside the transaction.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from activities import notifications
from activities.attachments import check_upload
from activities.models import (
    Activity,
    ActivityError,
    ActivityType,
    Attachment,
    Attendance,
    PartnerOrganisation,
    normalise_partner_name,
)
from activities.selectors import activity_attendees, ancestor_paths, organisation_members
from activities.signals import activity_recorded, activity_withdrawn
from branches.models import Member, Organisation, User
from notices.outbox import notify_many

# The activity's own fields a service sets from keyword arguments.
ACTIVITY_FIELDS = (
    "series",
    "topic",
    "start",
    "end",
    "room",
    "location",
    "lead",
    "content",
    "minutes",
    "decisions",
    "partner_names",
    "people_served",
    "disputes_resolved",
    "suggestions_collected",
    "service_hours",
)
RESULT_FIELDS = ("people_served", "disputes_resolved", "suggestions_collected", "service_hours")
# Attendees are told an activity was recorded only when it started this recently: entering
# or importing older records (a backfill) notifies nobody.
RECORDED_NOTICE_WINDOW = datetime.timedelta(days=30)


@dataclass(frozen=True)
class AttendanceEntry:
    """One member's attendance as entered: status and, when on leave, the reason."""

    member: Member
    status: str = Attendance.Status.PRESENT
    reason: str = ""


def split_employee_numbers(text: str) -> list[str]:
    """'91001、91002, 91003' → ['91001', '91002', '91003'] (order kept, duplicates dropped)."""
    numbers = [part for part in re.split(r"[、,，;；\s]+", text or "") if part]
    return list(dict.fromkeys(numbers))


# --- checks ---------------------------------------------------------------------------------
def _check_activity(activity: Activity) -> None:
    organisation, activity_type = activity.organisation, activity.activity_type
    if not activity.topic.strip():
        raise ActivityError(_("Give the activity a topic."), field="topic")
    if activity.start is None:
        raise ActivityError(_("Give the date and time the activity starts."), field="start")
    if activity.end is not None and activity.end <= activity.start:
        raise ActivityError(_("The end must be after the start."), field="end")
    if not activity_type.held_by(organisation):
        raise ActivityError(
            _("A %(type)s is not held by a %(kind)s.")
            % {"type": activity_type.name, "kind": organisation.get_kind_display()},
            field="activity_type",
        )
    paths = ancestor_paths(organisation)
    if activity.series_id and activity.series.branch.path not in paths:
        raise ActivityError(_("That series belongs to another branch."), field="series")
    if activity.room_id and activity.room.organisation.path not in paths:
        raise ActivityError(_("That room belongs to another organisation."), field="room")
    if not activity_type.has_results:
        for name in RESULT_FIELDS:
            setattr(activity, name, None)


def _set_fields(activity: Activity, fields: dict) -> None:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(activity, name, value)


def _set_partners(activity: Activity, partners: Iterable[Organisation] | None) -> None:
    if partners is None:
        return
    partners = list(partners)
    if any(p.pk == activity.organisation_id for p in partners):
        raise ActivityError(_("An organisation cannot be its own partner."), field="partners")
    activity.partners.set(partners)


def _set_partner_organisations(
    activity: Activity, partners: Iterable[PartnerOrganisation] | None
) -> None:
    """Link the activity to partners of the register; an archived one only if already linked."""
    if partners is None:
        return
    partners = list(partners)
    linked = set(activity.partner_organisations.values_list("pk", flat=True))
    archived = [p.name for p in partners if p.is_archived and p.pk not in linked]
    if archived:
        raise ActivityError(
            _("%(names)s is archived in the partner register.") % {"names": "、".join(archived)},
            field="partner_organisations",
        )
    activity.partner_organisations.set(partners)


def _resolve_guests(numbers: Sequence[str]) -> list[Member]:
    if not numbers:
        return []
    keys = {number.strip().lower() for number in numbers}
    found = {
        m.number_key: m
        for m in Member.objects.annotate(number_key=Lower("employee_number")).filter(
            number_key__in=keys
        )
    }  # employee numbers are unique ignoring case
    unknown = [number for number in numbers if number.strip().lower() not in found]
    if unknown:
        raise ActivityError(
            _("No member has the employee number %(numbers)s.") % {"numbers": "、".join(unknown)},
            field="guests",
        )
    return [found[number.strip().lower()] for number in numbers]


def _sync_attendance(
    activity: Activity, entries: Iterable[AttendanceEntry], guests: list[Member], by: User | None
) -> None:
    """Make the activity's attendance rows exactly the entries, plus guests and the lead."""
    wanted: dict[int, AttendanceEntry] = {}
    for entry in entries:
        if entry.status not in Attendance.Status.values:
            raise ActivityError(
                _("Choose present, on leave or absent for %(name)s.") % {"name": entry.member.name}
            )
        reason = entry.reason.strip() if entry.status == Attendance.Status.ON_LEAVE else ""
        if entry.status == Attendance.Status.ON_LEAVE and not reason:
            raise ActivityError(
                _("Give the reason why %(name)s is on leave.") % {"name": entry.member.name}
            )
        wanted[entry.member.pk] = AttendanceEntry(entry.member, entry.status, reason)
    for member in guests:
        wanted.setdefault(member.pk, AttendanceEntry(member))
    if activity.lead_id and activity.lead_id not in wanted:
        wanted[activity.lead_id] = AttendanceEntry(activity.lead)

    existing = {row.member_id: row for row in activity.attendances.all()}
    insiders = set(organisation_members(activity.organisation).values_list("pk", flat=True))
    insiders |= set(
        activity_attendees(activity.organisation, activity.activity_type).values_list(
            "pk", flat=True
        )
    )

    for member_pk in set(existing) - set(wanted):
        existing[member_pk]._history_user = by
        existing[member_pk].delete()
    created, updated = [], []
    for member_pk, entry in wanted.items():
        row = existing.get(member_pk)
        is_guest = row.is_guest if row is not None else member_pk not in insiders
        if member_pk == activity.lead_id:
            role = Attendance.Role.LEAD
        elif is_guest:
            role = Attendance.Role.GUEST
        else:
            role = Attendance.Role.PARTICIPANT
        values = {
            "status": entry.status,
            "reason": entry.reason,
            "role": role,
            "is_guest": is_guest,
        }
        if row is None:
            created.append(Attendance(activity=activity, member=entry.member, **values))
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated.append(row)
    if created:
        bulk_create_with_history(created, Attendance, default_user=by)
    if updated:
        bulk_update_with_history(
            updated, Attendance, ["status", "reason", "role", "is_guest"], default_user=by
        )


def _attach(activity: Activity, uploads: Sequence, by: User | None) -> None:
    for upload in uploads:
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise ActivityError(error.messages[0], field="attachments") from None
        Attachment.objects.create(
            activity=activity,
            file=upload,
            original_name=checked.name,
            size=upload.size,
            content_type=checked.content_type,
            uploaded_by=by,
        )


def _check_uploads(uploads: Sequence) -> None:
    """Check every upload before anything is written, so a bad file stores no other file."""
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as error:
            raise ActivityError(error.messages[0], field="attachments") from None


def _save(activity: Activity, by: User | None) -> None:
    activity._history_user = by
    activity.full_clean(
        exclude=["organisation", "activity_type", "created_by"], validate_unique=False
    )
    activity.save()


# --- services ----------------------------------------------------------------------------
@transaction.atomic
def activity_plan(
    *,
    by: User | None,
    activity: Activity | None = None,
    organisation: Organisation | None = None,
    activity_type: ActivityType | None = None,
    partners: Iterable[Organisation] | None = None,
    partner_organisations: Iterable[PartnerOrganisation] | None = None,
    **fields,
) -> Activity:
    """Plan an activity (state planned), or change a planned one. Attendance comes when it is held."""
    if activity is None:
        if organisation is None or activity_type is None:
            raise TypeError("A new activity needs an organisation and an activity type.")
        activity = Activity(organisation=organisation, activity_type=activity_type, created_by=by)
    else:
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.state != Activity.State.PLANNED:
            raise ActivityError(_("Only a planned activity can be changed as a plan."))
        if activity_type is not None:
            activity.activity_type = activity_type
    _set_fields(activity, fields)
    _check_activity(activity)
    try:
        _save(activity, by)
    except ValidationError as error:
        raise ActivityError(" ".join(error.messages)) from None
    _set_partners(activity, partners)
    _set_partner_organisations(activity, partner_organisations)
    return activity


@transaction.atomic
def activity_record(
    *,
    by: User | None,
    activity: Activity | None = None,
    organisation: Organisation | None = None,
    activity_type: ActivityType | None = None,
    attendance: Iterable[AttendanceEntry] | None = None,
    guests: Sequence[str] = (),
    partners: Iterable[Organisation] | None = None,
    partner_organisations: Iterable[PartnerOrganisation] | None = None,
    attachments: Sequence = (),
    **fields,
) -> Activity:
    """Record a held activity with its attendance and attachments, in one transaction.

    Without `activity`, a new held activity of `organisation` and `activity_type` is
    created. With a planned `activity`, it becomes held; with a held one, it is changed.
    `attendance` replaces the attendance rows (members left out lose theirs; None keeps
    them as they are); `guests` are employee numbers of members from elsewhere, added as
    present; the lead is added as present when not listed. Sends `activity_recorded`.

    The first time it is recorded as held, each attendee with a login (but the recorder)
    is notified of their attendance (key ``activity-recorded:<activity>:<user>``),
    unless the activity started more than RECORDED_NOTICE_WINDOW ago.
    """
    if activity is None:
        if organisation is None or activity_type is None:
            raise TypeError("A new activity needs an organisation and an activity type.")
        activity = Activity(organisation=organisation, activity_type=activity_type, created_by=by)
        became_held = True
        activity.state = Activity.State.HELD
    else:
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        became_held = activity.state != Activity.State.HELD
        if became_held:
            activity.transition_to(Activity.State.HELD)
        if activity_type is not None:
            activity.activity_type = activity_type
    _set_fields(activity, fields)
    _check_activity(activity)
    if activity.start > timezone.now():
        raise ActivityError(
            _(
                "An activity that has not started yet cannot be recorded as held; save it as planned."
            ),
            field="start",
        )
    guest_members = _resolve_guests(list(guests))
    _check_uploads(attachments)
    if became_held:
        activity.recorded_at = timezone.now()
    try:
        _save(activity, by)
    except ValidationError as error:
        raise ActivityError(" ".join(error.messages)) from None
    _set_partners(activity, partners)
    _set_partner_organisations(activity, partner_organisations)
    if activity.activity_type.takes_attendance:
        if attendance is not None or guest_members or activity.lead_id:
            if attendance is None:
                attendance = [
                    AttendanceEntry(row.member, row.status, row.reason)
                    for row in activity.attendances.select_related("member")
                ]
            _sync_attendance(activity, attendance, guest_members, by)
    elif activity.attendances.exists():
        _sync_attendance(activity, [], [], by)
    _attach(activity, attachments, by)
    if became_held and activity.start >= timezone.now() - RECORDED_NOTICE_WINDOW:
        attendees: dict[str, list[User]] = {}
        for row in activity.attendances.filter(
            member__user__is_active=True, member__state=Member.State.ACTIVE
        ).select_related("member__user"):
            if by is None or row.member.user_id != by.pk:
                attendees.setdefault(row.status, []).append(row.member.user)
        with translation.override(settings.LANGUAGE_CODE):
            for status, users in attendees.items():
                notify_many(
                    recipients=users,
                    kind=notifications.ACTIVITY_RECORDED,
                    title=_("Recorded: %(topic)s. Your attendance: %(status)s")
                    % {"topic": activity.topic, "status": Attendance.Status(status).label},
                    body=f"{activity.organisation.name} · "
                    f"{timezone.localtime(activity.start):%Y-%m-%d %H:%M}",
                    link=activity.get_absolute_url(),
                    dedupe_key_for=lambda user: f"activity-recorded:{activity.pk}:{user.pk}",
                )
    activity_recorded.send(sender=Activity, activity=activity, created=became_held)
    return activity


@transaction.atomic
def activity_withdraw(*, activity: Activity, reason: str, by: User | None) -> Activity:
    """Withdraw a planned or held activity (it stays, marked withdrawn). Sends `activity_withdrawn`."""
    reason = (reason or "").strip()
    if not reason:
        raise ActivityError(_("Give the reason for withdrawing the activity."), field="reason")
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    previous_state = activity.state
    activity.transition_to(Activity.State.WITHDRAWN)
    activity.withdrawn_reason = reason
    activity.withdrawn_at = timezone.now()
    activity._history_user = by
    activity.save()
    activity_withdrawn.send(sender=Activity, activity=activity, previous_state=previous_state)
    return activity


# --- the partner register ------------------------------------------------------------------
PARTNER_FIELDS = ("name", "kind", "contact_person", "contact_phone", "address", "note")


@transaction.atomic
def partner_save(
    *,
    by: User | None,
    partner: PartnerOrganisation | None = None,
    court: Organisation | None = None,
    **fields,
) -> PartnerOrganisation:
    """Add a partner to `court`'s register (None: shared by every court), or change one.

    The name is unique in the court's register (its own and the shared partners), ignoring
    case and spaces."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown partner fields: {sorted(unknown)}")
    if partner is None:
        partner = PartnerOrganisation(created_by=by, court=court)
    else:
        partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    for name, value in fields.items():
        setattr(partner, name, (value or "").strip() if name != "kind" else value)
    partner.name = normalise_partner_name(partner.name)
    partner.contact_phone = partner.contact_phone.replace(" ", "").replace("-", "")
    if not partner.name:
        raise ActivityError(_("Give the partner's name."), field="name")
    same = PartnerOrganisation.objects.named(partner.name).exclude(pk=partner.pk)
    if partner.court_id is not None:
        same = same.filter(Q(court_id=partner.court_id) | Q(court__isnull=True))
    same = same.first()
    if same is not None:
        raise ActivityError(
            _("The register already has %(name)s.") % {"name": same.name}, field="name"
        )
    partner._history_user = by
    try:
        partner.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as error:
        raise ActivityError(" ".join(error.messages)) from None
    partner.save()
    return partner


@transaction.atomic
def partner_archive(
    *, partner: PartnerOrganisation, by: User | None, archived: bool = True
) -> PartnerOrganisation:
    """Archive a partner (no longer offered; its history stays), or bring it back."""
    partner = PartnerOrganisation.objects.select_for_update().get(pk=partner.pk)
    if partner.is_archived == archived:
        return partner
    partner.is_archived = archived
    partner._history_user = by
    partner.save(update_fields=["is_archived", "updated"])
    return partner
