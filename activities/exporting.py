"""Excel workbooks of activities: the import template and the export of a filtered list.

Both use the import's columns (activities.importing.HEADERS), so an export can be edited
and imported again: people are written as the import reads them (names separated by 、,
with the employee number in parentheses where a name is shared or the person is a guest,
and the reason of a leave after a colon: 李四：出差).
"""

import datetime
import re

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from activities import importing
from activities.importing import HEADERS, REQUIRED
from activities.models import Activity, ActivityType, Attendance, PartnerOrganisation
from branches.access import scope_for
from branches.models import Member, Organisation
from branches.xlsx import (
    MAX_UPLOAD_BYTES,
    append_row,
    make_cell,
    new_workbook,
    workbook_bytes,
)

DATA_SHEET = "活动记录"
NOTES_SHEET = "填写说明"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "hh:mm"
TEXT_FORMAT = "@"
TEMPLATE_ROWS = 2000  # rows the template's drop-down list covers
WIDTHS = {
    importing.ORGANISATION: 22,
    importing.TYPE: 14,
    importing.TOPIC: 36,
    importing.DATE: 12,
    importing.START: 9,
    importing.END: 9,
    importing.PLACE: 20,
    importing.LEAD: 14,
    importing.PRESENT: 48,
    importing.ON_LEAVE: 24,
    importing.ABSENT: 16,
    importing.MINUTES: 60,
    importing.PEOPLE_SERVED: 12,
    importing.DISPUTES_RESOLVED: 12,
    importing.SUGGESTIONS: 12,
    importing.SERVICE_HOURS: 13,
    importing.PARTNERS: 36,
}
COUNT_FORMAT = "0"
HOURS_FORMAT = "0.0"
FORMATS = {
    importing.DATE: DATE_FORMAT,
    importing.START: TIME_FORMAT,
    importing.END: TIME_FORMAT,
    importing.PEOPLE_SERVED: COUNT_FORMAT,
    importing.DISPUTES_RESOLVED: COUNT_FORMAT,
    importing.SUGGESTIONS: COUNT_FORMAT,
    importing.SERVICE_HOURS: HOURS_FORMAT,
}
HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")


def _data_sheet(workbook):
    """The first sheet with the header row, column widths and cell formats (normal or write-only)."""
    if workbook.write_only:
        sheet = workbook.create_sheet(DATA_SHEET)
    else:
        sheet = workbook.active
        sheet.title = DATA_SHEET
    header = []
    for index, title in enumerate(HEADERS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = WIDTHS[title]
        dimension.number_format = FORMATS.get(title, TEXT_FORMAT)
        header.append(
            make_cell(
                sheet,
                title,
                font=Font(bold=True, color="C00000" if title in REQUIRED else None),
                fill=HEADER_FILL,
                alignment=Alignment(horizontal="center"),
            )
        )
    sheet.freeze_panes = "A2"
    append_row(sheet, header)
    return sheet


# --- The template ---------------------------------------------------------------------
def activity_import_template(*, user) -> bytes:
    """An empty workbook to fill in, with the rules, the types and the user's organisations."""
    workbook = new_workbook()
    sheet = _data_sheet(workbook)
    types = list(ActivityType.objects.filter(is_active=True))
    names = ",".join(t.name for t in types)
    if len(names) <= 250 and '"' not in names:  # Excel's limit for a list written in the rule
        validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
        sheet.add_data_validation(validation)
        letter = get_column_letter(HEADERS.index(importing.TYPE) + 1)
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")

    notes = workbook.create_sheet(NOTES_SHEET)
    people = _("Names separated by 、 or commas, members of the branch.")
    rules = {
        importing.ORGANISATION: _(
            "The full or short name of a branch (or party group) you manage, listed below."
        ),
        importing.TYPE: _("One of the activity types listed below, held by that organisation."),
        importing.TOPIC: _("The topic, for example 学习贯彻党的二十届四中全会精神."),
        importing.DATE: _(
            "The day it was held, not in the future: YYYY-MM-DD, an Excel date, 2026/3/6 or 2026年3月6日."
        ),
        importing.START: _("The time it began: 14:30, 14：30 or an Excel time."),
        importing.END: _("The time it ended; may be empty."),
        importing.PLACE: _("The name of the activity room, or any other place (kept as written)."),
        importing.LEAD: _("The one who chaired or led it, or the speaker; may be empty."),
        importing.PRESENT: people,
        importing.ON_LEAVE: _(
            "%(people)s The reason after a colon: 姓名:事由, for example 李四:出差 or 张伟(my012):开庭 (the reason may not contain 、 or commas); without one it is recorded as not stated."
        )
        % {"people": people},
        importing.ABSENT: people,
        importing.MINUTES: _("The minutes of the meeting; may be empty."),
        importing.PEOPLE_SERVED: _(
            "Volunteer service and co-building only: people served, a whole number of 0 or more; may be empty."
        ),
        importing.DISPUTES_RESOLVED: _(
            "Volunteer service and co-building only: disputes resolved, a whole number of 0 or more; may be empty."
        ),
        importing.SUGGESTIONS: _(
            "Volunteer service and co-building only: suggestions collected, a whole number of 0 or more; may be empty."
        ),
        importing.SERVICE_HOURS: _(
            "Volunteer service and co-building only: the volunteers' hours together, 0 or more with at most one decimal (2.5); may be empty."
        ),
        importing.PARTNERS: _(
            "Volunteer service and co-building only: partner organisations as named in the partner register (listed below), separated by 、; may be empty."
        ),
    }
    append_row(notes, [_("Column"), _("Required"), _("How to fill it in")])
    for title in HEADERS:
        append_row(notes, [title, _("Required") if title in REQUIRED else "", rules[title]])
    append_row(notes, [])
    for text in (
        _("The first row of the first sheet is the header row; keep the column names as they are."),
        _(
            "Two members of a branch with the same name are told apart by the employee number in parentheses: 张伟(my012). Parentheses hold an employee number only, in every column of people."
        ),
        _(
            "Everyone listed must have been a member of the branch, and of the Party, on the activity's date; add guests from other branches in the record form."
        ),
        _(
            "Only the people listed get attendance; members in no list are not recorded as present or absent."
        ),
        _(
            "A row already in the portal (same organisation, type, start and topic) is skipped, so a file can be imported again."
        ),
        _(
            "The whole file is imported or nothing: every error is listed by row and column before anything changes."
        ),
        _("At most %(size)s MB and %(rows)s rows per file.")
        % {"size": MAX_UPLOAD_BYTES // (1024 * 1024), "rows": importing.MAX_ROWS},
    ):
        append_row(notes, [text])
    append_row(notes, [])
    append_row(notes, [_("Activity type"), _("Held by"), _("Takes attendance")])
    type_heading = notes.max_row
    for activity_type in types:
        append_row(
            notes,
            [
                activity_type.name,
                activity_type.get_level_display(),
                _("yes") if activity_type.takes_attendance else _("no"),
            ],
        )
    append_row(notes, [])
    append_row(notes, [_("Organisation"), _("Short name"), _("Kind")])
    organisation_heading = notes.max_row
    scope = scope_for(user)
    for organisation in Organisation.objects.visible_to(user).active():
        if scope.manages(organisation):
            append_row(
                notes, [organisation.name, organisation.short_name, organisation.get_kind_display()]
            )
    append_row(notes, [])
    append_row(notes, [_("Partner organisation"), _("Kind of partner")])
    partner_heading = notes.max_row
    for partner in PartnerOrganisation.objects.current().order_by("name"):
        append_row(notes, [partner.name, partner.get_kind_display()])
    for row_number in (1, type_heading, organisation_heading, partner_heading):
        for cell in notes[row_number]:
            cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 90
    return workbook_bytes(workbook)


# --- The export -----------------------------------------------------------------------
def _person(name: str, number: str, with_number: bool, reason: str = "") -> str:
    text = f"{name}({number})" if with_number else name
    if not reason:
        return text
    # The import reads a reason up to the next 、 or comma: keep those out of it.
    reason = re.sub(f"[{re.escape(importing.REASON_SEPARATORS)}]+", " ", reason).strip()
    return f"{text}：{reason}"


def _cell(sheet, value, number_format):
    return make_cell(sheet, value, number_format=number_format)


def activities_export(*, activities, user=None) -> bytes:
    """The activities (a queryset already scoped and filtered) as a workbook the import reads back.

    With `user`, a reason for leave is written only where that user may read it (their
    own, or any of an organisation they manage: `activities.view_leave_reasons`).

    Four queries whatever the number of activities: the activities, their attendance,
    their registered partners, and the names more than one member bears (written with the
    employee number).
    """
    rows = (
        Attendance.objects.filter(activity__in=activities.order_by().values("pk"))
        .order_by("activity_id", "member__name", "member__employee_number")
        .values_list(
            "activity_id",
            "member_id",
            "member__name",
            "member__employee_number",
            "status",
            "reason",
            "is_guest",
        )
    )
    partner_names: dict[int, list[str]] = {}
    links = (
        Activity.partner_organisations.through.objects.filter(
            activity_id__in=activities.order_by().values("pk")
        )
        .order_by("activity_id", "partnerorganisation__name")
        .values_list("activity_id", "partnerorganisation__name")
    )
    for activity_pk, name in links.iterator(chunk_size=5000):
        partner_names.setdefault(activity_pk, []).append(name)
    activities = activities.select_related("organisation", "activity_type", "room", "lead")
    by_activity: dict[int, list[tuple]] = {}
    for row in rows.iterator(chunk_size=5000):
        by_activity.setdefault(row[0], []).append(row)
    shared = set(
        Member.objects.order_by()
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )

    scope = scope_for(user) if user is not None else None
    own = scope.member.pk if scope is not None and scope.member is not None else None
    workbook = new_workbook(write_only=True)
    sheet = _data_sheet(workbook)
    for activity in activities.order_by("-start", "-pk").iterator(chunk_size=2000):
        all_reasons = scope is None or scope.manages(activity.organisation)
        lists = {status: [] for status in Attendance.Status.values}
        guests = set()
        for _pk, member_id, name, number, status, reason, is_guest in by_activity.get(
            activity.pk, []
        ):
            if is_guest:
                guests.add(member_id)
            with_number = is_guest or name in shared
            kept = reason if status == Attendance.Status.ON_LEAVE else ""
            if not (all_reasons or member_id == own):
                kept = ""
            lists[status].append(_person(name, number, with_number, kept))
        lead = ""
        if activity.lead_id:
            lead = _person(
                activity.lead.name,
                activity.lead.employee_number,
                activity.lead_id in guests or activity.lead.name in shared,
            )
        start = timezone.localtime(activity.start)
        end = timezone.localtime(activity.end) if activity.end else None
        append_row(
            sheet,
            [
                activity.organisation.name,
                activity.activity_type.name,
                activity.topic,
                _cell(sheet, start.date(), DATE_FORMAT),
                _cell(sheet, _minutes(start), TIME_FORMAT),
                _cell(sheet, _minutes(end), TIME_FORMAT) if end else None,
                activity.place,
                lead,
                "、".join(lists[Attendance.Status.PRESENT]),
                "、".join(lists[Attendance.Status.ON_LEAVE]),
                "、".join(lists[Attendance.Status.ABSENT]),
                activity.minutes,
                _number(sheet, activity.people_served, COUNT_FORMAT),
                _number(sheet, activity.disputes_resolved, COUNT_FORMAT),
                _number(sheet, activity.suggestions_collected, COUNT_FORMAT),
                _number(sheet, activity.service_hours, HOURS_FORMAT),
                "、".join(partner_names.get(activity.pk, [])),
            ],
        )
    return workbook_bytes(workbook)


def _number(sheet, value, number_format):
    """A count or hours as a number cell; nothing when not recorded."""
    if value is None:
        return None
    return _cell(sheet, float(value) if number_format == HOURS_FORMAT else value, number_format)


def _minutes(moment: datetime.datetime) -> datetime.time:
    return moment.time().replace(second=0, microsecond=0, tzinfo=None)
