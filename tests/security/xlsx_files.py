"""Hostile .xlsx files, built by hand: a sheet part written as raw XML inside a real workbook.

Used by tests/security/test_oversize_imports.py and to time the refusals by hand:
    python -m tests.security.xlsx_files   (writes the files to var/hostile-xlsx/)
"""

import zipfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cell(column: int, row: int, text: str) -> bytes:
    ref = f"{get_column_letter(column)}{row}"
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def header_row(headers) -> bytes:
    cells = b"".join(_cell(i, 1, title) for i, title in enumerate(headers, start=1))
    return b'<row r="1">' + cells + b"</row>"


def workbook(rows_xml: bytes, *, dimension: str | None = None, extra: dict | None = None) -> bytes:
    """A real workbook whose first sheet's <sheetData> is `rows_xml` (and `extra` zip members)."""
    base = BytesIO()
    Workbook().save(base)
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + f'<worksheet xmlns="{NS}">'.encode()
        + dim
        + b"<sheetData>"
        + rows_xml
        + b"</sheetData></worksheet>"
    )
    out = BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, sheet if item.filename == SHEET else source.read(item))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def far_cell(headers, *, row: int = 50_000_000, dimension: bool = True) -> bytes:
    """The header row and one cell at `row` (about 5 KB)."""
    rows = header_row(headers) + f'<row r="{row}">'.encode() + _cell(1, row, "x") + b"</row>"
    return workbook(rows, dimension=f"A1:A{row}" if dimension else None)


def blank_rows(headers, *, count: int = 2_000_000, numbered: bool = False) -> bytes:
    """The header row, then `count` empty rows and no dimension: <row/> elements (about
    30 KB), or numbered <row r="…"/> ones (about 5 MB)."""
    if numbered:
        rows = b"".join(b'<row r="%d"/>' % number for number in range(2, count + 2))
    else:
        rows = b"<row/>" * count
    return workbook(header_row(headers) + rows)


def zip_bomb(headers, *, megabytes: int = 60) -> bytes:
    """A valid sheet plus a member that unpacks to `megabytes` MB of zeros (about 60 KB)."""
    return workbook(
        header_row(headers), extra={"xl/media/image1.bin": b"\0" * (megabytes * 1024 * 1024)}
    )


def wide(headers, *, columns: int = 41, dimension: bool = True) -> bytes:
    """The header row and one row with a value in column `columns`."""
    cells = _cell(1, 2, "甲") + _cell(columns, 2, "多余")
    rows = header_row(headers) + b'<row r="2">' + cells + b"</row>"
    last = get_column_letter(max(columns, len(headers)))
    return workbook(rows, dimension=f"A1:{last}2" if dimension else None)


def _time_refusals() -> None:
    """Build each file and time the import form's check of it (`check_upload`)."""
    import os
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branches import xlsx
    from branches.importing import HEADERS

    folder = Path("var/hostile-xlsx")
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in {
        "far-cell.xlsx": far_cell(HEADERS),
        "far-cell-no-dimension.xlsx": far_cell(HEADERS, dimension=False),
        "blank-rows.xlsx": blank_rows(HEADERS),
        "blank-rows-numbered.xlsx": blank_rows(HEADERS, numbered=True),
        "zip-bomb.xlsx": zip_bomb(HEADERS),
        "wide.xlsx": wide(HEADERS, dimension=False),
    }.items():
        (folder / name).write_bytes(content)
        upload = SimpleUploadedFile(name, content)
        start = time.perf_counter()
        try:
            xlsx.check_upload(upload)
            outcome = "accepted"
        except ValidationError as error:
            outcome = f"refused ({error.code})"
        took = time.perf_counter() - start
        print(f"{name}: {len(content) / 1024:.0f} KB, {outcome} in {took:.3f} s")


if __name__ == "__main__":
    _time_refusals()
