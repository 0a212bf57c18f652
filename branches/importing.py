"""Import of members from an Excel workbook: read, check every row, then commit all or nothing.

The workbook's layout is the court's roster form: a header row of fixed Chinese column
names (COLUMNS) and one member per row, keyed by employee number. Reading and checking
(`member_import_preview`) never writes; `member_import_commit` checks the file again and
applies it in one transaction through the member services, so a file with one bad row
changes nothing, and importing the same file twice changes nothing the second time.

Cell rules, also written on the template's instructions sheet:
* an empty cell leaves an existing member's value as it is (a new member gets the default);
* choice columns take the Chinese labels below (the English value or label also works);
* dates are real Excel dates or text like 2020-01-02, 2020/1/2, 2020.1.2, 2020年1月2日;
* a branch (or party group) other than the member's current one transfers the member today;
* a masked phone number (as in an export for committee staff) keeps the current number.

The parts every import shares (the upload, reading cells and the sheet) are in branches/xlsx.py.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from branches import services
from branches.access import scope_for
from branches.masking import mask_phone
from branches.models import BranchesError, Member, Membership, Organisation, User
from branches.xlsx import RowError, cell_date, cell_text, read_sheet, text_key

# --- Choice columns: the Chinese labels written in files, and accepted aliases -----------
GENDER_LABELS = {Member.Gender.MALE: "男", Member.Gender.FEMALE: "女"}
EDUCATION_LABELS = {
    Member.Education.DOCTORATE: "博士研究生",
    Member.Education.MASTER: "硕士研究生",
    Member.Education.BACHELOR: "大学本科",
    Member.Education.COLLEGE: "大专",
    Member.Education.SECONDARY: "中专及以下",
}
STATUS_LABELS = {Member.Status.FULL: "正式党员", Member.Status.PROBATIONARY: "预备党员"}
JOB_CATEGORY_LABELS = {
    Member.JobCategory.JUDGE: "法官",
    Member.JobCategory.ASSISTANT: "法官助理",
    Member.JobCategory.CLERK: "书记员",
    Member.JobCategory.POLICE: "司法警察",
    Member.JobCategory.ADMINISTRATIVE: "行政人员",
    Member.JobCategory.OTHER: "其他",
}
ALIASES = {
    "gender": {"男性": Member.Gender.MALE, "女性": Member.Gender.FEMALE},
    "education": {
        "博士": Member.Education.DOCTORATE,
        "硕士": Member.Education.MASTER,
        "研究生": Member.Education.MASTER,
        "本科": Member.Education.BACHELOR,
        "大学专科": Member.Education.COLLEGE,
        "专科": Member.Education.COLLEGE,
        "中专": Member.Education.SECONDARY,
        "高中": Member.Education.SECONDARY,
        "高中及以下": Member.Education.SECONDARY,
    },
    "status": {"正式": Member.Status.FULL, "预备": Member.Status.PROBATIONARY},
    "job_category": {"行政": Member.JobCategory.ADMINISTRATIVE, "法警": Member.JobCategory.POLICE},
}


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # a Member field, or "branch" / "group"
    kind: str  # text, date, choice, phone, branch, group
    required: bool = False
    labels: dict | None = None

    @property
    def max_length(self) -> int | None:
        if self.kind != "text":
            return None
        return Member._meta.get_field(self.field).max_length


COLUMNS = (
    Column("姓名", "name", "text", required=True),
    Column("性别", "gender", "choice", labels=GENDER_LABELS),
    Column("民族", "ethnicity", "text"),
    Column("出生日期", "birth_date", "date"),
    Column("学历", "education", "choice", labels=EDUCATION_LABELS),
    Column("入党日期", "joined_on", "date"),
    Column("转正日期", "full_member_on", "date"),
    Column("党员状态", "status", "choice", labels=STATUS_LABELS),
    Column("工号", "employee_number", "text", required=True),
    Column("部门", "department", "text"),
    Column("人员类别", "job_category", "choice", labels=JOB_CATEGORY_LABELS),
    Column("职务", "post_title", "text"),
    Column("手机号", "phone", "phone"),
    Column("所在支部", "branch", "branch", required=True),
    Column("所在党小组", "group", "group"),
)
HEADERS = tuple(column.header for column in COLUMNS)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
MEMBER_COLUMNS = tuple(column for column in COLUMNS if column.kind not in ("branch", "group"))

PHONE = re.compile(r"^1\d{10}$")


def choice_lookup(column: Column) -> dict[str, str]:
    """Every accepted spelling of a choice column's values, normalised, → the stored value."""
    choices = Member._meta.get_field(column.field).choices
    lookup = {}
    with translation.override("en"):
        for value, label in choices:
            lookup[text_key(value)] = value
            lookup[text_key(str(label))] = value
    for alias, value in ALIASES.get(column.field, {}).items():
        lookup[text_key(alias)] = value
    for value, label in column.labels.items():
        lookup[text_key(label)] = value
    return lookup


# --- Results ------------------------------------------------------------------------
@dataclass
class RowPlan:
    """What importing one row will do."""

    NEW, UPDATE, UNCHANGED = "new", "update", "unchanged"

    row: int
    employee_number: str
    name: str
    action: str
    values: dict
    branch: Organisation
    group: Organisation | None
    member: Member | None = None
    changed: list[str] = field(default_factory=list)  # Member fields that change
    transfer: bool = False

    @property
    def changed_headers(self) -> list[str]:
        headers = [COLUMN_BY_FIELD[name].header for name in self.changed]
        if self.transfer:
            if self.member.branch_id != self.branch.pk:
                headers.append(COLUMN_BY_FIELD["branch"].header)
            if self.member.group_id != (self.group.pk if self.group else None):
                headers.append(COLUMN_BY_FIELD["group"].header)
        return headers


@dataclass
class ImportPreview:
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def _count(self, action):
        return sum(1 for plan in self.rows if plan.action == action)

    @property
    def new_count(self) -> int:
        return self._count(RowPlan.NEW)

    @property
    def updated_count(self) -> int:
        return self._count(RowPlan.UPDATE)

    @property
    def unchanged_count(self) -> int:
        return self._count(RowPlan.UNCHANGED)

    @property
    def changes(self) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action != RowPlan.UNCHANGED]


class MemberImportError(BranchesError):
    """The file cannot be imported; `preview.errors` says why, row by row."""

    def __init__(self, preview: ImportPreview):
        super().__init__(_("The file has errors; nothing was imported."))
        self.preview = preview


# --- Reading the file --------------------------------------------------------------
def _read_sheet(file):
    return read_sheet(
        file,
        headers=HEADERS,
        required=[column.header for column in COLUMNS if column.required],
        empty_message=_("The file has no member rows."),
    )


# --- Checking rows ------------------------------------------------------------------
@dataclass
class _Row:
    """One row's cells, parsed without the database: the member values given, and errors."""

    number: int
    values: dict = field(default_factory=dict)
    branch_name: str = ""
    group_name: str = ""
    errors: list[RowError] = field(default_factory=list)

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.number, COLUMN_BY_FIELD[field_name].header, message))


def _parse_cell(column: Column, raw, lookups: dict):
    """The stored value of one non-empty cell, or raise ValueError with the message."""
    text = cell_text(raw)
    if column.kind == "date":
        day = cell_date(raw)
        if day is None:
            raise ValueError(
                _("%(value)s is not a date; write it as YYYY-MM-DD.") % {"value": text}
            )
        return day
    if column.kind == "choice":
        value = lookups[column.field].get(text_key(text))
        if value is None:
            allowed = " / ".join(column.labels.values())
            raise ValueError(
                _("Unknown value %(value)s; use one of: %(allowed)s.")
                % {"value": text, "allowed": allowed}
            )
        return value
    if column.kind == "phone":
        phone = re.sub(r"[\s-]", "", text)
        if "*" not in phone and not PHONE.match(phone):  # masked numbers are checked later
            raise ValueError(
                _("%(value)s is not a mobile number: 11 digits starting with 1.") % {"value": text}
            )
        return phone
    if len(text) > column.max_length:
        raise ValueError(_("Too long: at most %(max)s characters.") % {"max": column.max_length})
    return text


def _parse_row(number: int, cells: dict, lookups: dict, today: datetime.date) -> _Row:
    row = _Row(number)
    for column in MEMBER_COLUMNS:
        if column.header not in cells:
            continue
        if cell_text(cells[column.header]) == "":
            if column.required:
                row.error(column.field, _("This cell is required."))
            continue
        try:
            row.values[column.field] = _parse_cell(column, cells[column.header], lookups)
        except ValueError as exc:
            row.error(column.field, str(exc))
    for name in ("birth_date", "joined_on"):
        if row.values.get(name) and row.values[name] > today:
            row.error(name, _("This date is in the future."))
    row.branch_name = cell_text(cells.get(COLUMN_BY_FIELD["branch"].header))
    if not row.branch_name:
        row.error("branch", _("This cell is required."))
    row.group_name = cell_text(cells.get(COLUMN_BY_FIELD["group"].header))
    return row


class _Places:
    """The branches and party groups the importing user may place members in, by name."""

    def __init__(self, user):
        visible = Organisation.objects.visible_to(user)
        self.branches: dict[str, list[Organisation]] = {}
        for branch in visible.filter(kind=Organisation.Kind.BRANCH):
            for name in {branch.name, branch.short_name} - {""}:
                self.branches.setdefault(text_key(name), []).append(branch)
        self.groups: dict[tuple[str, str], list[Organisation]] = {}
        for group in visible.filter(kind=Organisation.Kind.GROUP):
            parent_path = group.path[: -Organisation.steplen]
            for name in {group.name, group.short_name} - {""}:
                self.groups.setdefault((parent_path, text_key(name)), []).append(group)

    def branch(self, name: str) -> Organisation:
        """The branch called `name`, or raise ValueError with the message."""
        found = self.branches.get(text_key(name), [])
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

    def group(self, branch: Organisation, name: str) -> Organisation:
        found = self.groups.get((branch.path, text_key(name)), [])
        if len(found) != 1 or not found[0].is_active:
            raise ValueError(
                _("%(branch)s has no active party group named %(value)s.")
                % {"branch": branch.name, "value": name}
            )
        return found[0]


@dataclass
class _Known:
    """What the database says about a file's rows: fetched once, whatever the file's size."""

    user: object
    members: dict[str, Member]  # by employee number, lower case
    logins: set[str]  # employee numbers (lower case) of logins, whoever they belong to
    membership_starts: dict[int, datetime.date]  # member pk → start of the open membership
    places: _Places
    today: datetime.date

    @classmethod
    def load(cls, user, numbers, today):
        keys = {number.lower() for number in numbers}
        members = (
            Member.objects.annotate(number_key=Lower("employee_number"))
            .filter(number_key__in=keys)
            .select_related("branch", "group", "user")
        )
        members = {member.number_key: member for member in members}
        logins = set(
            User.objects.annotate(number_key=Lower("employee_number"))
            .filter(number_key__in=keys)
            .values_list("number_key", flat=True)
        )
        starts = dict(
            Membership.objects.open()
            .filter(member__in=list(members.values()))
            .values_list("member_id", "start")
        )
        return cls(user, members, logins, starts, _Places(user), today)


def _plan_row(row: _Row, known: _Known, first_row_of: dict) -> RowPlan | None:
    """What importing the row will do, or None when the row has errors (added to row.errors)."""
    number = row.values.get("employee_number")
    key = number.lower() if number else None  # employee numbers are compared ignoring case
    if key in first_row_of:
        message = _("Employee number %(value)s is also in row %(row)s.")
        row.error("employee_number", message % {"value": number, "row": first_row_of[key]})
    elif key:
        first_row_of[key] = row.number
    member = known.members.get(key)
    if member is not None and not scope_for(known.user).sees_member(member):
        message = _("Employee number %(value)s belongs to a member outside your organisations.")
        row.error("employee_number", message % {"value": number})
        member = None
    elif member is None and key in known.logins:
        # A login without this member (the administrator's, another person's): never taken over.
        message = _(
            "Employee number %(value)s is already the login of another account; use the member's own number."
        )
        row.error("employee_number", message % {"value": number})

    branch = group = None
    try:
        branch = known.places.branch(row.branch_name) if row.branch_name else None
        if branch is not None and row.group_name:
            group = known.places.group(branch, row.group_name)
        elif branch is not None and member is not None and member.branch_id == branch.pk:
            group = member.group  # an empty group cell keeps the member's party group
    except ValueError as exc:
        row.error("group" if branch else "branch", str(exc))

    values = dict(row.values)
    if "*" in values.get("phone", ""):
        if member is not None and values["phone"] == mask_phone(member.phone):
            del values["phone"]  # a masked number from an export: keep the current one
        else:
            row.error(
                "phone",
                _("%(value)s is masked; write the full mobile number.")
                % {"value": values["phone"]},
            )
    joined = values.get("joined_on", member.joined_on if member else None)
    full_since = values.get("full_member_on", member.full_member_on if member else None)
    if joined and full_since and full_since < joined:
        row.error("full_member_on", _("Full membership cannot begin before joining the Party."))
    if row.errors:
        return None

    plan = RowPlan(
        row=row.number,
        employee_number=number,
        name=values.get("name") or (member.name if member else ""),
        action=RowPlan.NEW,
        values=values,
        branch=branch,
        group=group,
        member=member,
    )
    if member is None:
        return plan
    del values["employee_number"]
    plan.changed = [name for name, value in values.items() if getattr(member, name) != value]
    plan.transfer = (member.branch_id, member.group_id) != (branch.pk, group.pk if group else None)
    plan.action = RowPlan.UPDATE if plan.changed or plan.transfer else RowPlan.UNCHANGED
    started = known.membership_starts.get(member.pk)
    if plan.transfer and started is not None and started >= known.today:
        message = _(
            "%(name)s joined the current branch on %(date)s; a transfer can only take effect after that day."
        )
        row.error("branch", message % {"name": member.name, "date": started.isoformat()})
        return None
    return plan


def _column_of(exc: BranchesError) -> str:
    column = COLUMN_BY_FIELD.get(exc.field or "")
    return column.header if column else ""


def member_import_preview(*, user, file) -> ImportPreview:
    """Check every row of the workbook and say what importing it would do; writes nothing."""
    sheet = _read_sheet(file)
    if sheet.errors:
        return ImportPreview(errors=sheet.errors)
    today = timezone.localdate()
    lookups = {
        column.field: choice_lookup(column) for column in MEMBER_COLUMNS if column.kind == "choice"
    }
    rows = [_parse_row(number, cells, lookups, today) for number, cells in sheet.rows]
    numbers = {row.values["employee_number"] for row in rows if "employee_number" in row.values}
    known = _Known.load(user, numbers, today)
    preview, first_row_of = ImportPreview(), {}
    for row in rows:
        plan = _plan_row(row, known, first_row_of)
        if plan is None:
            preview.errors.extend(row.errors)
        else:
            preview.rows.append(plan)
    return preview


@transaction.atomic
def member_import_commit(*, user, file, progress=None) -> ImportPreview:
    """Check the file again and apply every row, or none (MemberImportError).

    `progress(done, total)`, when given, is called before the first row and after each
    (branches/import_jobs.py shows it while the import runs in the background).
    """
    preview = member_import_preview(user=user, file=file)
    if not preview.ok:
        raise MemberImportError(preview)
    today = timezone.localdate()
    total = len(preview.rows)
    if progress:
        progress(0, total)
    for done, plan in enumerate(preview.rows, start=1):
        try:
            if plan.action == RowPlan.NEW:
                services.member_create(
                    branch=plan.branch,
                    group=plan.group,
                    since=today,
                    create_login=True,
                    **plan.values,
                )
            elif plan.action == RowPlan.UPDATE:
                if plan.changed:
                    services.member_update(
                        member=plan.member, **{name: plan.values[name] for name in plan.changed}
                    )
                if plan.transfer:
                    services.member_transfer(
                        member=plan.member,
                        branch=plan.branch,
                        group=plan.group,
                        on=today,
                        note=_("Excel import"),
                    )
        except BranchesError as exc:
            raise MemberImportError(
                ImportPreview(errors=[RowError(plan.row, _column_of(exc), str(exc))])
            ) from exc
        if progress:
            progress(done, total)
    return preview
