"""The ledger as an Excel workbook and the quarterly record book as a Word document."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from openpyxl.styles import Font, PatternFill

from branches.xlsx import append_row, make_cell, new_workbook, workbook_bytes

HEADER_FILL = PatternFill("solid", fgColor="F4DCDC")


def _header(sheet, value):
    return make_cell(sheet, str(value), font=Font(bold=True), fill=HEADER_FILL)


def _text(value) -> str:
    """User text for `append_row`, which writes it as text, never as a formula."""
    return "" if value is None else str(value)


def ledger_workbook(*, responsibility_list, sections, today) -> bytes:
    """One sheet per category: task, period, assignee, due date, status, activities."""
    workbook = new_workbook(write_only=True)
    headers = [
        _("Task"),
        _("Period kind"),
        _("Assigned to"),
        _("Responsibility"),
        _("Weight"),
        _("Counted target"),
        _("Period"),
        _("Due date"),
        _("Status"),
        _("Counted"),
        _("Activities"),
        _("Reason for waiving"),
    ]
    for section in sections:
        sheet = workbook.create_sheet(str(section.label)[:31])
        append_row(sheet, [_header(sheet, f"{responsibility_list.title} · {section.label}")])
        append_row(sheet, [_header(sheet, h) for h in headers])
        for row in section.rows:
            task = row.task
            for cell in row.cells:
                period = cell.period
                append_row(
                    sheet,
                    [
                        _text(task.title),
                        _text(task.get_period_kind_display()),
                        _text(task.assignee_name),
                        _text(task.get_role_display()),
                        float(task.weight),
                        _text(task.target_label),
                        _text(period.label),
                        period.due_date,
                        _text(cell.label),
                        period.counted if task.is_counted else None,
                        _text("、".join(a.topic for a in period.activities.all())),
                        _text(period.waived_reason),
                    ],
                )
    return workbook_bytes(workbook)


def _names(rows, *, reasons=False) -> str:
    if reasons:
        return "、".join(
            f"{r.member.name}（{r.reason}）" if r.reason else r.member.name for r in rows
        )
    return "、".join(r.member.name for r in rows)


def record_book_docx(*, organisation, period, entries) -> bytes:
    """三会一课记录本: one volume per quarter, one entry per activity (python-docx)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    document.add_heading(_("Record book of the three meetings and one lecture"), level=0)
    document.add_paragraph(f"{organisation.name} · {period.label}")
    document.add_paragraph(
        _("%(count)s entries · generated from the recorded activities on %(date)s")
        % {"count": len(entries), "date": timezone.localdate().isoformat()}
    )
    if not entries:
        document.add_paragraph(
            _("No meeting of the three meetings and one lecture was recorded in this quarter.")
        )
    for number, entry in enumerate(entries, start=1):
        activity = entry.activity
        document.add_heading(f"{number}. {activity.activity_type.name} · {activity.topic}", level=2)
        start = timezone.localtime(activity.start)
        rows = [
            (_("Date"), start.strftime("%Y-%m-%d %H:%M")),
            (_("Type"), activity.activity_type.name),
            (_("Held by"), activity.organisation.name),
            (_("Topic"), activity.topic),
            (_("Host"), activity.lead.name if activity.lead_id else ""),
            (_("Recorder"), str(activity.created_by) if activity.created_by_id else ""),
            (_("Expected"), str(entry.expected)),
            (_("Present"), f"{len(entry.present)}：{_names(entry.present)}"),
            (_("On leave"), f"{len(entry.on_leave)}：{_names(entry.on_leave, reasons=True)}"),
            (_("Absent"), f"{len(entry.absent)}：{_names(entry.absent)}"),
            (_("Minutes"), activity.minutes or activity.content),
        ]
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for index, (label, value) in enumerate(rows):
            table.cell(index, 0).text = str(label)
            table.cell(index, 1).text = value or ""
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
