"""The committee's points table as an Excel workbook (streamed, so a whole court needs little memory)."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from branches.xlsx import append_row, make_cell, new_workbook, workbook_bytes
from points.models import CATEGORIES, Category

HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")


def points_table_export(*, rows, year: int) -> bytes:
    """`rows`: members from points.selectors.points_table (already scoped, filtered, sorted)."""
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(_("Points %(year)s") % {"year": year})
    headers = [
        _("Member"),
        _("Employee number"),
        _("Branch"),
        _("Job category"),
        *[str(Category(category).label) for category in CATEGORIES],
        _("Total"),
    ]
    header_cells = [
        make_cell(sheet, text, font=Font(bold=True), fill=HEADER_FILL) for text in headers
    ]
    sheet.freeze_panes = "A2"
    append_row(sheet, header_cells)
    for member in rows.iterator(chunk_size=2000):
        append_row(
            sheet,
            [
                member.name,
                member.employee_number,
                member.branch.name if member.branch_id else "",
                member.get_job_category_display(),
                *[float(getattr(member, f"points_{category}")) for category in CATEGORIES],
                float(member.points_total),
            ],
        )
    return workbook_bytes(workbook)
