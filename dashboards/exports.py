"""Exports for the upper level: dashboard tables and annual statistics as .xlsx, annual
statistics and a branch's yearly record as .docx (python-docx).

Every export is built from figures already read (dashboards/figures.py, annual.py,
record.py), so it costs the same fixed number of queries as the page it comes from.
User text (names, topics, reasons) is written as text, never as a formula.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl.styles import Font

from branches.xlsx import append_row, make_cell, new_workbook, workbook_bytes


def _value(value):
    """Numbers stay numbers; anything else is written as text (append_row: never a formula)."""
    if value is None:
        return "—"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return str(value)


def workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """A workbook of (title, header, rows) sheets."""
    book = new_workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        append_row(sheet, [make_cell(sheet, str(text), font=Font(bold=True)) for text in header])
        for row in rows:
            append_row(sheet, [_value(value) for value in row])
    return workbook_bytes(book)


def document(title: str, blocks: list[tuple]) -> bytes:
    """A Word document: ("h", text), ("p", text) and ("table", header, rows) blocks."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    heading = doc.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in blocks:
        kind = block[0]
        if kind == "h":
            doc.add_heading(block[1], level=2)
        elif kind == "p":
            doc.add_paragraph(block[1])
        elif kind == "table":
            header, rows = block[1], block[2]
            table = doc.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = str(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = "—" if value is None else str(value)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
