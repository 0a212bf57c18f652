"""Import of past activities from an Excel workbook: check every row, then record all or nothing.

Branches keep years of records in Excel. The workbook's first sheet has a header row of
fixed Chinese column names (HEADERS: 支部, 活动类型, 主题, 日期, 开始时间, 结束时间, 地点,
主持人/领学人, 参加人员, 请假人员, 缺席人员, 纪要, and the results of volunteer service and
co-building: 服务群众人数, 化解纠纷件数, 收集意见建议条数, 服务时长（小时）, 共建单位) and one
held activity per row; the
template and the export of the activity list (activities/exporting.py) use the same
columns, so an export can be edited and imported again. `activity_import_preview` reads
and checks every row and writes nothing; `activity_import_commit` checks the file again
and records every new row through `activities.services.activity_record` in one
transaction, so one bad row records nothing and the activity_recorded signal reaches the
apps above (points) for every activity, as if it had been entered in the form.

Who may import (the rule activities.import_activities): branch leaders, into the
organisations they manage, and committee staff, into any organisation of their
committee's tree (branches.access.Scope.manages).

Cell rules, also written on the template's instructions sheet:
* 支部: the full or short name of a branch, party group, general branch or organ committee
  the user manages (an export writes the organisation's full name).
* 活动类型: the type's name as configured (支部党员大会, 主题党日 …), held by that kind of
  organisation.
* 日期 and 开始时间: when it began, in the past (only held activities are imported; plan
  future ones in the portal). Dates as in every import (2026-03-06, 2026/3/6, 2026年3月6日
  or an Excel date); times as 14:30, 14：30, 14时30分 or an Excel time. 结束时间 is optional.
* 地点: the name of an activity room of the organisation (or of one above it) sets the
  room; any other text is kept as the location.
* People (主持人/领学人 and the three attendance lists) are names separated by 、 , ， ;
  or line breaks, looked up among the members of the branch: its current members and
  those who have left it (membership history), since a past activity may name them. For
  a party group the branch above it is searched, for a general branch or the committee
  everything under it. A name two of those members share needs the employee number in
  parentheses, 张伟(my012). Parentheses hold an employee number and nothing else, in
  every people column: a number no member has is an error naming the row and column.
* Everyone listed (the lead too) must have been a member of that branch (or of the
  organisation's tree), by membership history, and of the Party on the activity's date;
  anyone else is an error. Guests are added in the record form, not imported.
* 请假人员: the reason after a colon, 李四:出差 or 张伟(my012)：开庭 (up to the next 、 or
  comma). Without a reason the leave is recorded as "not stated" (未注明): old records
  often lack one, and the attendance table needs a reason for every leave.
* Only the people listed get attendance rows. Members of the branch in no list are not
  recorded at all (neither present nor absent): the file does not say what they did.
  The lead is recorded as present when no list names them (as in the record form).
* The results (服务群众人数, 化解纠纷件数, 收集意见建议条数: whole numbers of 0 or more;
  服务时长（小时）: a number of 0 or more with at most one decimal) and 共建单位 (names of the
  partner register separated by 、, compared ignoring case and spaces; an unknown or archived
  name is an error naming it) belong to types with results (volunteer service, co-building);
  on any other type they are an error. All of them may be empty.
* A row whose organisation, type, start (date and time) and topic are those of an
  activity already in the portal (planned or held) is skipped and reported as
  unchanged, so importing the same file twice records nothing the second time.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services
from activities.models import (
    Activity,
    ActivityError,
    ActivityType,
    Attendance,
    PartnerOrganisation,
    court_path,
    normalise_partner_name,
)
from activities.selectors import ancestor_paths
from activities.services import AttendanceEntry
from branches import xlsx
from branches.access import scope_for
from branches.models import ActivityRoom, Member, Membership, Organisation
from branches.xlsx import RowError, cell_date, cell_text, read_sheet, text_key

MAX_ROWS = xlsx.MAX_ROWS  # the default bound of every import (settings.IMPORT_MAX_ROWS)

ORGANISATION = "支部"
TYPE = "活动类型"
TOPIC = "主题"
DATE = "日期"
START = "开始时间"
END = "结束时间"
PLACE = "地点"
LEAD = "主持人/领学人"
PRESENT = "参加人员"
ON_LEAVE = "请假人员"
ABSENT = "缺席人员"
MINUTES = "纪要"
PEOPLE_SERVED = "服务群众人数"
DISPUTES_RESOLVED = "化解纠纷件数"
SUGGESTIONS = "收集意见建议条数"
SERVICE_HOURS = "服务时长（小时）"
PARTNERS = "共建单位"

HEADERS = (
    ORGANISATION,
    TYPE,
    TOPIC,
    DATE,
    START,
    END,
    PLACE,
    LEAD,
    PRESENT,
    ON_LEAVE,
    ABSENT,
    MINUTES,
    PEOPLE_SERVED,
    DISPUTES_RESOLVED,
    SUGGESTIONS,
    SERVICE_HOURS,
    PARTNERS,
)
# The counted results of volunteer service and co-building: column → Activity field.
RESULT_COLUMNS = {
    PEOPLE_SERVED: "people_served",
    DISPUTES_RESOLVED: "disputes_resolved",
    SUGGESTIONS: "suggestions_collected",
    SERVICE_HOURS: "service_hours",
}
REQUIRED = (ORGANISATION, TYPE, TOPIC, DATE, START)
LISTS = {
    PRESENT: Attendance.Status.PRESENT,
    ON_LEAVE: Attendance.Status.ON_LEAVE,
    ABSENT: Attendance.Status.ABSENT,
}
# The service's field names → the column a refused value came from.
FIELD_COLUMNS = {
    "activity_type": TYPE,
    "topic": TOPIC,
    "start": DATE,
    "end": END,
    "room": PLACE,
    "lead": LEAD,
    "partner_organisations": PARTNERS,
    **{name: column for column, name in RESULT_COLUMNS.items()},
}
TEXT_LIMITS = {TOPIC: Activity._meta.get_field("topic").max_length, PLACE: 200}

PARTNER_SEPARATORS = re.compile(r"[、,，;；/\n\r]+")
HOURS_LIMIT = Decimal("999999.9")  # Activity.service_hours: 7 digits, one after the point
TIME_TEXT = re.compile(r"^(\d{1,2})\s*[:：时点]\s*(?:(\d{1,2})\s*分?)?$")
SEPARATORS = "、,，;；\n\r\t "
REASON_SEPARATORS = "、,，;；\n\r"
PERSON = re.compile(r"^([^()]+)((?:\([^()]*\))*)$")


# --- Results ------------------------------------------------------------------------
@dataclass
class RowPlan:
    """What importing one row will do: record a new activity, or nothing (unchanged)."""

    NEW, UNCHANGED = "new", "unchanged"

    row: int
    action: str
    organisation: Organisation
    activity_type: ActivityType
    topic: str
    start: datetime.datetime
    end: datetime.datetime | None = None
    room: ActivityRoom | None = None
    location: str = ""
    lead: Member | None = None
    minutes: str = ""
    attendance: list[AttendanceEntry] = field(default_factory=list)
    results: dict = field(default_factory=dict)  # Activity field → value (people served …)
    partners: list[PartnerOrganisation] = field(default_factory=list)

    def _count(self, status) -> int:
        return sum(1 for entry in self.attendance if entry.status == status)

    @property
    def present_count(self) -> int:
        return self._count(Attendance.Status.PRESENT)

    @property
    def on_leave_count(self) -> int:
        return self._count(Attendance.Status.ON_LEAVE)

    @property
    def absent_count(self) -> int:
        return self._count(Attendance.Status.ABSENT)


@dataclass
class ImportPreview:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for plan in self.rows if plan.action == RowPlan.NEW)

    @property
    def unchanged_count(self) -> int:
        return sum(1 for plan in self.rows if plan.action == RowPlan.UNCHANGED)

    @property
    def changes(self) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action == RowPlan.NEW]


class ActivityImportError(ActivityError):
    """The file cannot be imported; `preview.errors` says why, row by row."""

    def __init__(self, preview: ImportPreview):
        super().__init__(_("The file has errors; nothing was imported."))
        self.preview = preview


# --- Reading cells ------------------------------------------------------------------
def cell_time(value) -> datetime.time | None:
    """An Excel time (or date and time), a fraction of a day, or 14:30 / 14：30 / 14时30分."""
    if isinstance(value, datetime.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return datetime.time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
    match = TIME_TEXT.match(cell_text(value))
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return datetime.time(hour, minute)
    return None


@dataclass(frozen=True)
class PersonRef:
    """One person as written: the name, the texts in parentheses after it, a leave reason."""

    text: str
    name: str
    notes: tuple[str, ...] = ()  # what the parentheses hold: employee numbers
    reason: str = ""  # after a colon: 李四:出差


def _split_reason(part: str) -> tuple[str, str | None]:
    """'张伟(my012):开庭' → ('张伟(my012)', '开庭'); no colon outside parentheses → (part, None)."""
    depth = 0
    for index, char in enumerate(part):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ":" and depth == 0:
            return part[:index], part[index + 1 :]
    return part, None


def split_people(text: str) -> list[PersonRef]:
    """'张三、李四:出差, 张伟(my012)' → the three people; ValueError for what cannot be read.

    Separators inside parentheses do not split; after a colon (a leave reason) only 、 , ，
    ; ； and line breaks do, so a reason may contain spaces.
    """
    text = text.replace("（", "(").replace("）", ")").replace("：", ":")
    text = re.sub(r"\s+(?=\()", "", text)  # 张伟 (my012) → 张伟(my012)
    text = re.sub(r"[ \t\u3000]*:[ \t\u3000]*", ":", text)  # 李四 : 出差 → 李四:出差
    parts, current, depth, in_reason = [], [], 0, False
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(_("A closing parenthesis has no opening one."))
        elif char == ":" and depth == 0:
            in_reason = True
        separators = REASON_SEPARATORS if in_reason else SEPARATORS
        if char in separators and depth == 0:
            parts.append("".join(current))
            current, in_reason = [], False
        else:
            current.append(char)
    if depth:
        raise ValueError(_("A parenthesis is not closed."))
    parts.append("".join(current))
    people = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        head, reason = _split_reason(part)
        match = PERSON.match(head.strip())
        if match is None:
            raise ValueError(
                _(
                    "%(value)s cannot be read; write a name, or a name with the employee number: 张伟(my012)."
                )
                % {"value": part}
            )
        notes = tuple(note.strip() for note in re.findall(r"\(([^()]*)\)", match[2]))
        people.append(
            PersonRef(
                part,
                match[1].strip(),
                tuple(note for note in notes if note),
                (reason or "").strip(),
            )
        )
    return people


# --- What the database says: fetched once per file, whatever its size ----------------
class _Organisations:
    """The organisations the user may import into, by full and short name."""

    def __init__(self, user):
        scope = scope_for(user)
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in Organisation.objects.visible_to(user):
            if not scope.manages(organisation):
                continue
            for name in {organisation.name, organisation.short_name} - {""}:
                self.by_name.setdefault(text_key(name), []).append(organisation)

    def get(self, name: str) -> Organisation:
        found = self.by_name.get(text_key(name), [])
        if not found:
            raise ValueError(
                _("There is no branch named %(value)s among those you manage.") % {"value": name}
            )
        if len(found) > 1:
            raise ValueError(
                _("More than one branch is called %(value)s; write its full name.")
                % {"value": name}
            )
        if not found[0].is_active:
            raise ValueError(_("The branch %(value)s is no longer active.") % {"value": name})
        return found[0]


class _Types:
    def __init__(self):
        self.types = list(ActivityType.objects.filter(is_active=True))
        self.by_name = {}
        for activity_type in self.types:
            self.by_name[text_key(activity_type.code)] = activity_type
        for activity_type in self.types:  # a name wins over a code
            self.by_name[text_key(activity_type.name)] = activity_type

    def get(self, name: str) -> ActivityType:
        found = self.by_name.get(text_key(name))
        if found is None:
            raise ValueError(
                _("Unknown activity type %(value)s; use one of: %(allowed)s.")
                % {"value": name, "allowed": "、".join(t.name for t in self.types)}
            )
        return found


def pool_path(organisation: Organisation) -> str:
    """Whose members a row's names are looked up among: a party group's branch, else itself."""
    if organisation.kind == Organisation.Kind.GROUP:
        return organisation.path[: -Organisation.steplen]
    return organisation.path


class _People:
    """Members by name within each pool (branch), by employee number anywhere, and when
    each of them belonged to which branch (membership history)."""

    def __init__(self, paths: set[str], numbers: set[str]):
        self.pools: dict[str, dict[str, list[Member]]] = {path: {} for path in paths}
        self.by_number: dict[str, Member] = {}  # by employee number in lower case
        self.periods: dict[int, list[tuple[str, datetime.date, datetime.date | None]]] = {}
        if not paths:
            return
        under = Organisation.subtrees_q(paths, "branch__")
        # Everyone who is or was a member of one of the branches (membership history).
        memberships = Membership.objects.filter(under)
        for member_id, path, start, end in memberships.values_list(
            "member_id", "branch__path", "start", "end"
        ):
            self.periods.setdefault(member_id, []).append((path, start, end))
        keys = {number.lower() for number in numbers}
        members = (
            Member.objects.annotate(number_key=Lower("employee_number"))
            .filter(under | Q(pk__in=memberships.values("member_id")) | Q(number_key__in=keys))
            .select_related("branch")
        )
        for member in members:
            if member.number_key in keys:
                self.by_number[member.number_key] = member
            own = {path for path, _start, _end in self.periods.get(member.pk, [])}
            if member.branch_id:
                own = own | {member.branch.path}
            for path, names in self.pools.items():
                if any(place.startswith(path) for place in own):
                    names.setdefault(text_key(member.name), []).append(member)

    def belonged(self, member: Member, organisation: Organisation, day: datetime.date) -> bool:
        """Was the member in the organisation's pool, and in the Party, on the day?"""
        if member.joined_on and member.joined_on > day:
            return False
        pool = pool_path(organisation)
        return any(
            path.startswith(pool) and start <= day and (end is None or end >= day)
            for path, start, end in self.periods.get(member.pk, [])
        )

    def resolve(self, person: PersonRef, organisation: Organisation, *, with_reason: bool):
        """(member, reason) of a person written in a row, or raise ValueError with the message."""
        unknown = [note for note in person.notes if note.lower() not in self.by_number]
        if unknown:
            raise ValueError(
                _(
                    "%(value)s: no member has the employee number %(number)s; parentheses hold an employee number only."
                )
                % {"value": person.text, "number": unknown[0]}
            )
        if len(person.notes) > 1:
            raise ValueError(
                _("%(value)s has more than one employee number.") % {"value": person.text}
            )
        if person.reason and not with_reason:
            raise ValueError(
                _("%(value)s: only people on leave have a reason after a colon.")
                % {"value": person.text}
            )
        if person.notes:
            member = self.by_number[person.notes[0].lower()]
            if text_key(member.name) != text_key(person.name):
                # Never say whose number it is: it may be anyone's in the court.
                raise ValueError(
                    _("Employee number %(number)s does not belong to %(name)s.")
                    % {"number": person.notes[0], "name": person.name}
                )
            return member, person.reason
        found = self.pools[pool_path(organisation)].get(text_key(person.name), [])
        if not found:
            raise ValueError(
                _("%(name)s is not a member of %(organisation)s.")
                % {"name": person.name, "organisation": organisation.name}
            )
        if len(found) > 1:
            numbers = "、".join(f"{m.name}({m.employee_number})" for m in found)
            raise ValueError(
                _(
                    "%(organisation)s has more than one member called %(name)s; add the employee number in parentheses: %(choices)s."
                )
                % {"organisation": organisation.name, "name": person.name, "choices": numbers}
            )
        return found[0], person.reason


class _Rooms:
    def __init__(self, organisations: list[Organisation]):
        paths = {path for o in organisations for path in ancestor_paths(o)}
        self.rooms: dict[tuple[str, str], ActivityRoom] = {}
        for room in ActivityRoom.objects.filter(
            organisation__path__in=paths, is_active=True
        ).select_related("organisation"):
            self.rooms.setdefault((room.organisation.path, text_key(room.name)), room)

    def get(self, organisation: Organisation, text: str) -> ActivityRoom | None:
        for path in reversed(ancestor_paths(organisation)):  # the nearest room first
            room = self.rooms.get((path, text_key(text)))
            if room is not None:
                return room
        return None


# --- Checking rows ------------------------------------------------------------------
@dataclass
class _Row:
    """One row's cells, read without the database, and its errors so far."""

    number: int
    cells: dict
    errors: list[RowError] = field(default_factory=list)
    organisation_name: str = ""
    type_name: str = ""
    topic: str = ""
    day: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str = ""
    minutes: str = ""
    people: dict[str, list[PersonRef]] = field(default_factory=dict)  # column → people
    results: dict = field(default_factory=dict)  # Activity field → value
    partner_names: list[str] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))


def _read_row(number: int, cells: dict) -> _Row:
    row = _Row(number, cells)
    for column in REQUIRED:
        if row.text(column) == "":
            row.error(column, _("This cell is required."))
    row.organisation_name = row.text(ORGANISATION)
    row.type_name = row.text(TYPE)
    row.topic = row.text(TOPIC)
    row.place = row.text(PLACE)
    row.minutes = cell_text(cells.get(MINUTES))
    for column, limit in TEXT_LIMITS.items():
        if len(row.text(column)) > limit:
            row.error(column, _("Too long: at most %(max)s characters.") % {"max": limit})
    if row.text(DATE):
        row.day = cell_date(cells[DATE])
        if row.day is None:
            row.error(
                DATE,
                _("%(value)s is not a date; write it as YYYY-MM-DD.") % {"value": row.text(DATE)},
            )
    for column in (START, END):
        raw = cells.get(column)
        if isinstance(raw, datetime.datetime | datetime.time) or cell_text(raw):
            value = cell_time(raw)
            if value is None:
                row.error(
                    column,
                    _("%(value)s is not a time; write it as 14:30.")
                    % {"value": cell_text(raw) or str(raw)},
                )
            elif column == START:
                row.start_time = value
            else:
                row.end_time = value
    for column in (LEAD, *LISTS):
        try:
            row.people[column] = split_people(row.text(column))
        except ValueError as exc:
            row.error(column, str(exc))
            row.people[column] = []
    if len(row.people[LEAD]) > 1:
        row.error(LEAD, _("Write one lead or speaker."))
    for column, name in RESULT_COLUMNS.items():
        value = _cell_result(row, column, decimal=column == SERVICE_HOURS)
        if value is not None:
            row.results[name] = value
    names = (normalise_partner_name(part) for part in PARTNER_SEPARATORS.split(row.text(PARTNERS)))
    row.partner_names = list(dict.fromkeys(name for name in names if name))
    return row


def _cell_result(row: "_Row", column: str, *, decimal: bool):
    """A count (a whole number ≥ 0) or hours (a number ≥ 0, one decimal); None when empty."""
    raw = row.cells.get(column)
    text = cell_text(raw)
    if text == "":
        return None
    try:
        value = Decimal(str(raw) if isinstance(raw, int | float) else text)
    except InvalidOperation:
        value = None
    if decimal:
        if value is None or not value.is_finite() or value < 0 or value > HOURS_LIMIT:
            row.error(
                column,
                _("%(value)s is not a number of hours; write a number of 0 or more, e.g. 2.5.")
                % {"value": text},
            )
            return None
        if value != value.quantize(Decimal("0.1")):
            row.error(column, _("Write the hours with at most one decimal, e.g. 2.5."))
            return None
        return value.quantize(Decimal("0.1"))
    if value is None or not value.is_finite() or value < 0 or value != value.to_integral_value():
        row.error(column, _("%(value)s is not a whole number of 0 or more.") % {"value": text})
        return None
    if value > 2147483647:
        row.error(column, _("%(value)s is too large.") % {"value": text})
        return None
    return int(value)


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


@dataclass
class _Known:
    organisations: _Organisations
    types: _Types
    people: _People | None = None
    rooms: _Rooms | None = None
    existing: set = field(default_factory=set)  # (organisation pk, type pk, start, topic)
    # (court path or None for a shared partner, lower-cased name) → PartnerOrganisation
    partners: dict = field(default_factory=dict)


def _plan_row(row: _Row, known: _Known, first_row_of: dict, now) -> RowPlan | None:
    """What importing the row will do, or None when it has errors (added to row.errors)."""
    organisation = activity_type = None
    if row.organisation_name:
        try:
            organisation = known.organisations.get(row.organisation_name)
        except ValueError as exc:
            row.error(ORGANISATION, str(exc))
    if row.type_name:
        try:
            activity_type = known.types.get(row.type_name)
        except ValueError as exc:
            row.error(TYPE, str(exc))
    if organisation and activity_type and not activity_type.held_by(organisation):
        row.error(
            TYPE,
            _("A %(type)s is not held by a %(kind)s.")
            % {"type": activity_type.name, "kind": organisation.get_kind_display()},
        )
    start = end = None
    if row.day is not None and row.start_time is not None:
        start = _local(row.day, row.start_time)
        if start > now:
            if row.day > timezone.localdate(now):
                row.error(DATE, _("This date is in the future; only held activities are imported."))
            else:
                row.error(
                    START, _("This time has not come yet; only held activities are imported.")
                )
        if row.end_time is not None:
            end = _local(row.day, row.end_time)
            if end <= start:
                row.error(END, _("The end must be after the start."))

    lead, attendance = None, []
    if organisation is not None and known.people is not None:
        lead, attendance = _resolve_people(row, organisation, known.people)
        takes = activity_type is None or activity_type.takes_attendance
        if attendance and not takes:
            column = next(c for c in LISTS if row.people[c])
            row.error(
                column,
                _("A %(type)s takes no attendance; leave the lists of people empty.")
                % {"type": activity_type.name},
            )
    court = court_path(organisation.path) if organisation is not None else None
    partners = _resolve_partners(row, known.partners, court)
    if activity_type is not None and not activity_type.has_results and (row.results or partners):
        column = next((c for c in RESULT_COLUMNS if RESULT_COLUMNS[c] in row.results), PARTNERS)
        row.error(
            column,
            _(
                "A %(type)s has no service results or partners; leave the result and partner columns empty."
            )
            % {"type": activity_type.name},
        )
    if row.errors:
        return None

    key = (organisation.pk, activity_type.pk, start, row.topic)
    if key in first_row_of:
        row.error(
            TOPIC,
            _("Row %(row)s has the same branch, type, start and topic.")
            % {"row": first_row_of[key]},
        )
        return None
    first_row_of[key] = row.number
    room = known.rooms.get(organisation, row.place) if row.place else None
    return RowPlan(
        row=row.number,
        action=RowPlan.UNCHANGED if key in known.existing else RowPlan.NEW,
        organisation=organisation,
        activity_type=activity_type,
        topic=row.topic,
        start=start,
        end=end,
        room=room,
        location="" if room is not None else row.place,
        lead=lead,
        minutes=row.minutes,
        attendance=attendance,
        results=row.results,
        partners=partners,
    )


def _resolve_partners(row: _Row, register: dict, court: str | None) -> list[PartnerOrganisation]:
    """The row's partners from its court's register (its own partners, then the shared ones;
    case and spaces ignored); an error names the others."""
    found, unknown, archived = [], [], []
    for name in row.partner_names:
        partner = register.get((court, name.lower())) or register.get((None, name.lower()))
        if partner is None:
            unknown.append(name)
        elif partner.is_archived:
            archived.append(partner.name)
        else:
            found.append(partner)
    if unknown:
        row.error(
            PARTNERS,
            _(
                "%(names)s is not in the partner register; add it there first or correct the name (names separated by 、)."
            )
            % {"names": "、".join(unknown)},
        )
    if archived:
        row.error(
            PARTNERS,
            _("%(names)s is archived in the partner register.") % {"names": "、".join(archived)},
        )
    return found


def _resolve_people(row: _Row, organisation: Organisation, people: _People):
    lead = None
    for person in row.people[LEAD][:1]:
        try:
            lead, _reason = people.resolve(person, organisation, with_reason=False)
            _check_belonged(people, lead, person, organisation, row.day)
        except ValueError as exc:
            row.error(LEAD, str(exc))
            lead = None
    entries: dict[int, AttendanceEntry] = {}
    listed_in: dict[int, str] = {}
    for column, status in LISTS.items():
        for person in row.people[column]:
            try:
                member, reason = people.resolve(
                    person, organisation, with_reason=status == Attendance.Status.ON_LEAVE
                )
                _check_belonged(people, member, person, organisation, row.day)
            except ValueError as exc:
                row.error(column, str(exc))
                continue
            if member.pk in listed_in:
                if listed_in[member.pk] != column:
                    row.error(
                        column,
                        _("%(name)s is also listed in %(column)s.")
                        % {"name": member.name, "column": listed_in[member.pk]},
                    )
                continue  # the same person twice in one list counts once
            listed_in[member.pk] = column
            if status == Attendance.Status.ON_LEAVE and not reason:
                reason = _("not stated")
            entries[member.pk] = AttendanceEntry(member, status, reason[:200])
    return lead, list(entries.values())


def _check_belonged(people: _People, member, person, organisation, day) -> None:
    """Refuse a person who was not a member of the organisation (or of the Party) on the day."""
    if day is not None and not people.belonged(member, organisation, day):
        raise ValueError(
            _(
                "%(name)s was not a member of %(organisation)s on %(date)s; only members of the organisation on the activity's date can be listed (add guests in the record form)."
            )
            % {"name": person.name, "organisation": organisation.name, "date": day.isoformat()}
        )


def activity_import_preview(*, user, file) -> ImportPreview:
    """Check every row of the workbook and say what importing it would do; writes nothing."""
    sheet = read_sheet(
        file,
        headers=HEADERS,
        required=REQUIRED,
        empty_message=_("The file has no activity rows."),
    )
    if sheet.errors:
        return ImportPreview(errors=sheet.errors)
    now = timezone.now()
    rows = [_read_row(number, cells) for number, cells in sheet.rows]
    known = _Known(_Organisations(user), _Types())

    # Which organisations the rows name, then everything about them in a few queries.
    organisations = []
    for row in rows:
        try:
            organisations.append(known.organisations.get(row.organisation_name))
        except ValueError:
            continue
    numbers = {
        note
        for row in rows
        for column in (LEAD, *LISTS)
        for person in row.people[column]
        for note in person.notes
    }
    known.people = _People({pool_path(o) for o in organisations}, numbers)
    known.rooms = _Rooms(organisations)
    if any(row.partner_names for row in rows):
        known.partners = {
            (partner.court.path if partner.court_id else None, partner.name.lower()): partner
            for partner in PartnerOrganisation.objects.select_related("court").filter(
                Q(court__isnull=True)
                | Q(court__path__in={court_path(o.path) for o in organisations})
            )
        }
    starts = {_local(row.day, row.start_time) for row in rows if row.day and row.start_time}
    if organisations and starts:
        known.existing = set(
            Activity.objects.exclude(state=Activity.State.WITHDRAWN)
            .filter(organisation__in={o.pk for o in organisations}, start__in=starts)
            .values_list("organisation_id", "activity_type_id", "start", "topic")
        )

    preview, first_row_of = ImportPreview(), {}
    for row in rows:
        plan = _plan_row(row, known, first_row_of, now)
        if plan is None:
            preview.errors.extend(row.errors)
        else:
            preview.rows.append(plan)
    return preview


@transaction.atomic
def activity_import_commit(*, user, file, progress=None) -> ImportPreview:
    """Check the file again and record every new row as a held activity, or none (ActivityImportError).

    `progress(done, total)`, when given, is called before the first row and after each
    (branches/import_jobs.py shows it while the import runs in the background).
    """
    preview = activity_import_preview(user=user, file=file)
    if not preview.ok:
        raise ActivityImportError(preview)
    total = len(preview.rows)
    if progress:
        progress(0, total)
    for done, plan in enumerate(preview.rows, start=1):
        if plan.action == RowPlan.UNCHANGED:
            if progress:
                progress(done, total)
            continue
        try:
            services.activity_record(
                by=user,
                organisation=plan.organisation,
                activity_type=plan.activity_type,
                attendance=plan.attendance,
                topic=plan.topic,
                start=plan.start,
                end=plan.end,
                room=plan.room,
                location=plan.location,
                lead=plan.lead,
                minutes=plan.minutes,
                partner_organisations=plan.partners,
                **plan.results,
            )
        except ActivityError as exc:
            error = RowError(plan.row, FIELD_COLUMNS.get(exc.field, ""), exc.message)
            raise ActivityImportError(ImportPreview(errors=[error])) from exc
        if progress:
            progress(done, total)
    return preview
