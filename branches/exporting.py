"""Excel workbooks of members: the import template and the export of the member directory.

Both use the import's columns (branches.importing.COLUMNS), so an export can be edited
and imported again. Phone numbers are masked for those who may not see them.
"""

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from branches.importing import COLUMNS, Column
from branches.models import Organisation
from branches.xlsx import (
    MAX_UPLOAD_BYTES,
    append_row,
    make_cell,
    new_workbook,
    workbook_bytes,
)

DATA_SHEET = "党员信息"
NOTES_SHEET = "填写说明"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
TEMPLATE_ROWS = 2000  # rows the template's drop-down lists cover
WIDTHS = {"text": 14, "date": 12, "choice": 12, "phone": 14, "branch": 24, "group": 24}
HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")


def _data_sheet(workbook):
    """The first sheet with the header row, column widths and cell formats.

    Works on a normal workbook (the template) and a write-only one (the export, which
    streams rows so that a whole court's members need little memory).
    """
    if workbook.write_only:
        sheet = workbook.create_sheet(DATA_SHEET)
    else:
        sheet = workbook.active
        sheet.title = DATA_SHEET
    header = []
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = WIDTHS[column.kind]
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        elif column.kind in ("text", "phone"):
            dimension.number_format = TEXT_FORMAT  # keep leading zeros of numbers and phones
        header.append(
            make_cell(
                sheet,
                column.header,
                font=Font(bold=True, color="C00000" if column.required else None),
                fill=HEADER_FILL,
                alignment=Alignment(horizontal="center"),
            )
        )
    sheet.freeze_panes = "A2"
    append_row(sheet, header)
    return sheet


def _column_letter(field: str) -> str:
    index = next(i for i, column in enumerate(COLUMNS, start=1) if column.field == field)
    return get_column_letter(index)


def _allowed(column: Column) -> str:
    return " / ".join(column.labels.values())


def member_import_template(*, user) -> bytes:
    """An empty workbook to fill in, with the rules and the user's branches on a second sheet."""
    workbook = new_workbook()
    sheet = _data_sheet(workbook)
    for column in COLUMNS:
        if column.kind == "choice":
            validation = DataValidation(
                type="list", formula1=f'"{",".join(column.labels.values())}"', allow_blank=True
            )
            sheet.add_data_validation(validation)
            letter = _column_letter(column.field)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")

    notes = workbook.create_sheet(NOTES_SHEET)
    date_rule = _("A date: YYYY-MM-DD, an Excel date, 2020/1/2 or 2020.1.2.")
    rules = {
        "name": _("The member's name."),
        "gender": _allowed,
        "ethnicity": _("For example 汉族; a new member without one is recorded as 汉族."),
        "birth_date": date_rule,
        "education": _allowed,
        "joined_on": date_rule,
        "full_member_on": date_rule,
        "status": lambda column: (
            _allowed(column) + _("; a new member without one is a full member.")
        ),
        "employee_number": _(
            "The key of the import: a number already in the portal updates that member, a new number adds a member with a login (the administrator sets the password)."
        ),
        "department": _("The court department the member works in."),
        "job_category": _allowed,
        "post_title": _("The member's job title, for example 审判员."),
        "phone": _("11 digits starting with 1."),
        "branch": _(
            "The full or short name of one of the branches listed below. Another branch than the member's current one transfers the member from the day of the import."
        ),
        "group": _(
            "The name of a party group of that branch; empty keeps the member's current group."
        ),
    }
    append_row(notes, [_("Column"), _("Required"), _("How to fill it in")])
    for column in COLUMNS:
        rule = rules[column.field]
        append_row(
            notes,
            [
                column.header,
                _("Required") if column.required else "",
                rule(column) if callable(rule) else rule,
            ],
        )
    append_row(notes, [])
    for text in (
        _("The first row of the first sheet is the header row; keep the column names as they are."),
        _("An empty cell leaves an existing member's value as it is."),
        _(
            "The whole file is imported or nothing: every error is listed by row and column before anything changes."
        ),
        _("At most %(size)s MB per file.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    ):
        append_row(notes, [text])
    append_row(notes, [])
    append_row(notes, [_("Branch"), _("Short name"), _("Party groups")])
    heading_row = notes.max_row
    branches = Organisation.objects.visible_to(user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )
    groups = {}
    for group in Organisation.objects.visible_to(user).filter(
        kind=Organisation.Kind.GROUP, is_active=True
    ):
        groups.setdefault(group.path[: -Organisation.steplen], []).append(group.name)
    for branch in branches:
        append_row(notes, [branch.name, branch.short_name, "、".join(groups.get(branch.path, []))])
    for row_number in (1, heading_row):
        for cell in notes[row_number]:
            cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 90
    return workbook_bytes(workbook)


def _cell_value(column: Column, member, user):
    if column.kind == "branch":
        return member.branch.name if member.branch_id else ""
    if column.kind == "group":
        return member.group.name if member.group_id else ""
    value = getattr(member, column.field)
    if column.kind == "choice":
        return column.labels.get(value, "")
    if column.kind == "phone" and value and not user.has_perm("branches.view_member_phone", member):
        return member.masked_phone
    if column.kind == "date":
        return value  # a date or None
    return value or ""


def members_export(*, user, members) -> bytes:
    """The members (a queryset already scoped and filtered) as a workbook the import reads back."""
    workbook = new_workbook(write_only=True)
    sheet = _data_sheet(workbook)
    ordered = members.select_related("branch", "group").order_by(
        "branch__path", "name", "employee_number"
    )
    for member in ordered.iterator(chunk_size=2000):
        row = []
        for column in COLUMNS:
            value = _cell_value(column, member, user)
            if column.kind == "date" and value is not None:
                value = make_cell(sheet, value, number_format=DATE_FORMAT)
            row.append(value)
        append_row(sheet, row)
    return workbook_bytes(workbook)
