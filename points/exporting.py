"""The committee's points table as an Excel workbook (streamed, so a whole court needs little memory)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from points.models import CATEGORIES, Category

HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")


def points_table_export(*, rows, year: int) -> bytes:
    """`rows`: members from points.selectors.points_table (already scoped, filtered, sorted)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Points %(year)s") % {"year": year})
    headers = [
        _("Member"),
        _("Employee number"),
        _("Branch"),
        _("Job category"),
        *[str(Category(category).label) for category in CATEGORIES],
        _("Total"),
    ]
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        header_cells.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header_cells)
    for member in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                member.name,
                member.employee_number,
                member.branch.name if member.branch_id else "",
                member.get_job_category_display(),
                *[float(getattr(member, f"points_{category}")) for category in CATEGORIES],
                float(member.points_total),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
