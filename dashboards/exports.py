"""Exports for the upper level: dashboard tables and annual statistics as .xlsx, annual
statistics and a branch's yearly record as .docx (python-docx).

Every export is built from figures already read (dashboards/figures.py, annual.py,
record.py), so it costs the same fixed number of queries as the page it comes from.
User text (names, topics, reasons) is written as text, never as a formula.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from branches.xlsx import workbook_bytes


def text_cell(sheet, value) -> WriteOnlyCell:
    """A cell holding `value` as text: "=1+1" stays the characters =1+1."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def _cell(sheet, value):
    if value is None:
        return text_cell(sheet, "—")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    return text_cell(sheet, value)


def _header(sheet, texts) -> list:
    cells = []
    for text in texts:
        cell = text_cell(sheet, text)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """A workbook of (title, header, rows) sheets."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(_header(sheet, header))
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
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
