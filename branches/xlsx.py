"""Excel workbooks for imports and exports: the parts every app's import shares.

An import reads the first sheet of an uploaded .xlsx (a header row of fixed column names,
then one record per row), checks every row without writing, shows every error by row
and column, keeps the file under a token until the user confirms, and then imports it
all or nothing. The member import (branches/importing.py) and the activity import
(activities/importing.py) are built from these pieces:

* `check_upload` refuses, before anything is parsed, what is not a readable .xlsx within
  the `limits()` (settings IMPORT_MAX_*: file size, unpacked size of the zip's members,
  rows and columns of the first sheet by its dimension and by streaming it, blank rows
  counted), so a zip bomb or a cell at row 50,000,000 is refused at once;
* `read_sheet` finds the columns by their header and returns the non-empty rows;
* `cell_text`, `cell_date` and `text_key` read cells the way people type them;
* `RowError` is one problem, by Excel row and column header, for the errors table
  (templates/branches/_import_errors.html, which any app's import page may include);
* `upload_store` / `upload_name` / `upload_open` / `upload_discard` keep the checked
  file between the preview and the confirmation, per user, for at most a day;
* `xlsx_response` sends a workbook as a download.

Every .xlsx the portal writes is built here: `new_workbook` opens it, `append_row` writes
each row (plain values or cells made by `make_cell`), `workbook_bytes` saves it. Text a
user typed that starts with =, +, -, @, a tab or a carriage return is stored as a string
cell marked "quote prefix", so Excel and WPS show it as text and never evaluate it, even
when the cell is edited; numbers, dates and times keep their types. Nothing else in the
code base creates an openpyxl Workbook or appends to a sheet (tests/test_security.py).
"""

import datetime
import re
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell

from branches import uploads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Defaults of settings.IMPORT_MAX_UPLOAD_MB and IMPORT_MAX_ROWS (see `limits()`).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_ZIP_MEMBERS = 1_000
UPLOAD_FOLDER = "imports"
UPLOAD_MAX_AGE = datetime.timedelta(days=1)

DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row (the header is row 1); None for the whole file
    column: str  # the column's header, or "" for the whole row or file
    message: str


# --- The uploaded file --------------------------------------------------------------
def open_workbook(file):
    """openpyxl's workbook in read-only mode; its warnings about foreign styles are noise here."""
    if hasattr(file, "seek"):
        file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(file, read_only=True, data_only=True)


@dataclass(frozen=True)
class Limits:
    """What an import file may be: stated on the import pages, enforced by `check_upload`."""

    megabytes: int
    unpacked_megabytes: int
    rows: int  # data rows after the header row; blank rows count
    columns: int

    @property
    def bytes(self) -> int:
        return self.megabytes * 1024 * 1024

    @property
    def unpacked_bytes(self) -> int:
        return self.unpacked_megabytes * 1024 * 1024


def limits() -> Limits:
    return Limits(
        megabytes=getattr(settings, "IMPORT_MAX_UPLOAD_MB", MAX_UPLOAD_BYTES // (1024 * 1024)),
        unpacked_megabytes=getattr(settings, "IMPORT_MAX_UNPACKED_MB", 50),
        rows=getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS),
        columns=getattr(settings, "IMPORT_MAX_COLUMNS", 40),
    )


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The file could not be read as an Excel workbook; save it as .xlsx and try again."),
        code="unreadable",
    )


def _too_many_rows(bound: Limits) -> ValidationError:
    return ValidationError(
        _(
            "The sheet has more than %(rows)s rows (blank rows count too); split the file or delete the empty rows below the data."
        )
        % {"rows": bound.rows},
        code="rows",
    )


def _too_many_columns(bound: Limits) -> ValidationError:
    return ValidationError(
        _("The sheet has more than %(columns)s columns; keep only the template's columns.")
        % {"columns": bound.columns},
        code="columns",
    )


def _open_zip(file, bound: Limits) -> zipfile.ZipFile:
    """The workbook's zip, refused as a zip bomb from its directory before anything is unpacked.

    Python's zipfile never unpacks more than a member's declared size, so the declared
    sizes bound everything read from it afterwards (by this module and by openpyxl).
    """
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable() from exc
    members = archive.infolist()
    if (
        len(members) > MAX_ZIP_MEMBERS
        or sum(member.file_size for member in members) > bound.unpacked_bytes
    ):
        archive.close()
        raise ValidationError(
            _(
                "The workbook unpacks to more than %(size)s MB; it cannot be a roster of this size. Save the data alone in a new workbook."
            )
            % {"size": bound.unpacked_megabytes},
            code="unpacked_size",
        )
    return archive


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _xml(archive: zipfile.ZipFile, name: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(archive.read(name), parser)


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath(base).parent / target)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet (the one every import reads)."""
    workbook = "xl/workbook.xml"
    for rel in _xml(archive, "_rels/.rels").iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook = _target("", rel.get("Target"))
    rels_name = str(
        PurePosixPath(workbook).parent / "_rels" / f"{PurePosixPath(workbook).name}.rels"
    )
    targets = {
        rel.get("Id"): rel.get("Target")
        for rel in _xml(archive, rels_name).iter(f"{_PACKAGE_REL}Relationship")
    }
    for sheet in _xml(archive, workbook).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target and "worksheets/" in target:
            return _target(workbook, target)
    raise _unreadable()


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _check_sheet(source, bound: Limits) -> None:
    """Stream the sheet's XML and stop at the first row or column beyond the limits.

    Rows count by their number (a row the file skips counts as a blank row), so the
    stream never reads more than `rows` + 2 rows, whatever the file declares.
    """
    row = column = cells = 0
    events = etree.iterparse(
        source, events=("start", "end"), resolve_entities=False, no_network=True
    )
    for event, element in events:
        tag = element.tag
        if event == "start":
            if tag == f"{_MAIN}row":
                row = int(element.get("r") or row + 1)
                column = 0
                if row > bound.rows + 1:
                    raise _too_many_rows(bound)
            elif tag == f"{_MAIN}dimension":
                match = _CELL_REF.match((element.get("ref") or "").split(":")[-1])
                if match and int(match.group(2)) > bound.rows + 1:
                    raise _too_many_rows(bound)
                if match and _column_index(match.group(1)) > bound.columns:
                    raise _too_many_columns(bound)
            continue
        if tag == f"{_MAIN}c":
            match = _CELL_REF.match(element.get("r") or "")
            column = _column_index(match.group(1)) if match else column + 1
            cells += 1
            if (column > bound.columns and len(element)) or cells > (
                bound.rows + 1
            ) * bound.columns:
                raise _too_many_columns(bound)
            element.clear()
        elif tag == f"{_MAIN}row":
            element.clear()
        elif tag == f"{_MAIN}sheetData":
            return


def check_bounds(file, bound: Limits | None = None) -> None:
    """Refuse a workbook beyond the limits, reading no more than the limits allow.

    First the zip's directory (a zip bomb), then the first sheet's XML streamed up to the
    first row or column beyond the limits (its declared dimension, then every row: a cell
    at row 50,000,000 or 2,000,000 blank rows stop the stream after `rows` + 2 rows), and
    only then openpyxl, which must be able to open what is left.
    """
    bound = bound or limits()
    try:
        with _open_zip(file, bound) as archive:
            sheet = _first_sheet(archive)
            with archive.open(sheet) as source:
                _check_sheet(source, bound)
        workbook = open_workbook(file)
        if not workbook.worksheets:
            raise _unreadable()
        workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # zip, XML, key or number errors: openpyxl cannot read it either
        raise _unreadable() from exc
    finally:
        file.seek(0)


def check_upload(file) -> None:
    """Refuse anything but an .xlsx workbook within `limits()` (ValidationError, for a form).

    The file passes the portal's one upload check first (branches/uploads.py: size, no
    web-page code, really an .xlsx zip), then `check_bounds`.
    """
    bound = limits()
    try:
        uploads.validate_upload(file, kinds=uploads.EXCEL, max_bytes=bound.bytes)
    except ValidationError as error:
        if error.code == "file_type":
            raise ValidationError(
                _("Upload an Excel workbook (.xlsx)."), code="extension"
            ) from None
        if error.code == "file_size":
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": bound.megabytes},
                code="size",
            ) from None
        if error.code == "file_content":
            raise _unreadable() from None
        raise
    check_bounds(file, bound)


def _upload_name(user, token: uuid.UUID) -> str:
    return str(PurePosixPath(UPLOAD_FOLDER, str(user.pk), f"{token}.xlsx"))


def upload_store(*, user, file) -> str:
    """Keep an uploaded file until the user confirms the import; return its token."""
    _purge_old_uploads(user)
    token = uuid.uuid4()
    file.seek(0)
    default_storage.save(_upload_name(user, token), file)
    return str(token)


def upload_name(*, user, token) -> str | None:
    """The stored file of `token` if it is this user's, else None."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    name = _upload_name(user, token)
    return name if default_storage.exists(name) else None


def upload_open(*, name: str):
    return default_storage.open(name, "rb")


def upload_discard(*, name: str) -> None:
    default_storage.delete(name)


def _purge_old_uploads(user) -> None:
    """Forget this user's uploads that were never confirmed."""
    folder = str(PurePosixPath(UPLOAD_FOLDER, str(user.pk)))
    if not default_storage.exists(folder):
        return
    cutoff = timezone.now() - UPLOAD_MAX_AGE
    for filename in default_storage.listdir(folder)[1]:
        name = str(PurePosixPath(folder, filename))
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)


# --- Reading cells ------------------------------------------------------------------
def text_key(text: str) -> str:
    """A name as compared: without any white space, case-folded."""
    return re.sub(r"\s+", "", str(text)).casefold()


def cell_text(value) -> str:
    """A cell as the text a person sees: numbers without ".0", dates as YYYY-MM-DD, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).replace("\u3000", " ").strip()


def cell_date(value) -> datetime.date | None:
    """A real Excel date, or text like 2020-01-02, 2020/1/2, 2020.1.2, 2020年1月2日; else None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.match(cell_text(value))
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


# --- Reading the sheet --------------------------------------------------------------
@dataclass
class Sheet:
    rows: list[tuple[int, dict]]  # (Excel row, {header: raw value})
    errors: list[RowError]


def read_sheet(file, *, headers, required, empty_message: str) -> Sheet:
    """The first sheet's non-empty rows as {header: value}, or the errors that stop the import.

    `headers` are the column names the import knows (others are ignored, in any order);
    `required` those the header row must have. A file without rows is refused with
    `empty_message`, one beyond the `limits()` too (`check_bounds`, before reading).
    """
    bound = limits()
    try:
        check_bounds(file, bound)
    except ValidationError as exc:
        return Sheet([], [RowError(None, "", exc.messages[0])])
    workbook = open_workbook(file)
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(max_row=bound.rows + 1, max_col=bound.columns, values_only=True)
        header = next(lines, ())
        positions, errors = {}, []
        for index, cell in enumerate(header):
            title = cell_text(cell)
            if title in headers:
                if title in positions:
                    errors.append(RowError(1, title, _("This column appears more than once.")))
                positions.setdefault(title, index)
        missing = [title for title in required if title not in positions]
        if missing:
            errors.append(
                RowError(
                    1,
                    "",
                    _(
                        "The first row must be the header row of the template; missing columns: %(columns)s."
                    )
                    % {"columns": "、".join(missing)},
                )
            )
        if errors:
            return Sheet([], errors)
        rows = []
        for number, line in enumerate(lines, start=2):
            values = {
                title: (line[index] if index < len(line) else None)
                for title, index in positions.items()
            }
            if all(cell_text(value) == "" for value in values.values()):
                continue
            rows.append((number, values))
    finally:
        workbook.close()
    if not rows:
        return Sheet([], [RowError(None, "", empty_message)])
    return Sheet(rows, [])


# --- Writing ------------------------------------------------------------------------
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook to write: write-only (streamed rows) for exports, normal for templates."""
    return Workbook(write_only=write_only)


def _neutralise(cell) -> None:
    """Text that a spreadsheet would read as a formula becomes plain, quote-prefixed text."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True


def make_cell(sheet, value=None, *, number_format=None, font=None, fill=None, alignment=None):
    """One cell for `append_row`, with its style; text is never written as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    for name, style in (
        ("number_format", number_format),
        ("font", font),
        ("fill", fill),
        ("alignment", alignment),
    ):
        if style is not None:
            setattr(cell, name, style)
    _neutralise(cell)
    return cell


def append_row(sheet, values) -> None:
    """Append one row of plain values and/or `make_cell` cells, text as text."""
    row = []
    for value in values:
        if isinstance(value, Cell):
            _neutralise(value)
            row.append(value)
        elif isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
            row.append(make_cell(sheet, value))
        else:
            row.append(value)
    sheet.append(row)


def workbook_bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named `filename` (any characters; encoded for the header)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"  # exports hold personal data
    return response
