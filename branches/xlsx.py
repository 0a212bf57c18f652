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
from openpyxl import load_workbook

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


def _check_zip(file, bound: Limits) -> None:
    """Refuse a zip bomb from the zip's directory, before anything is unpacked.

    Python's zipfile never unpacks more than a member's declared size, so the declared
    sizes bound what openpyxl can read.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _unreadable() from exc
    if (
        len(members) > MAX_ZIP_MEMBERS
        or sum(member.file_size for member in members) > bound.unpacked_bytes
    ):
        raise ValidationError(
            _(
                "The workbook unpacks to more than %(size)s MB; it cannot be a roster of this size. Save the data alone in a new workbook."
            )
            % {"size": bound.unpacked_megabytes},
            code="unpacked_size",
        )


def check_bounds(file, bound: Limits | None = None) -> None:
    """Refuse a workbook beyond the limits, reading no more than the limits allow.

    The zip's directory first (zip bomb), then the first sheet's declared dimension, then
    the sheet streamed row by row in read-only mode and stopped one row past the limit:
    openpyxl fills the rows a file skips with blank ones, and those count, so a cell at
    row 50,000,000 or 2,000,000 blank rows are refused after reading `rows` + 2 rows.
    """
    bound = bound or limits()
    _check_zip(file, bound)
    try:
        workbook = open_workbook(file)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, key, value) on bad files
        raise _unreadable() from exc
    try:
        if not workbook.worksheets:
            raise _unreadable()
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > bound.rows + 1:  # the dimension the file declares
            raise _too_many_rows(bound)
        if (sheet.max_column or 0) > bound.columns:
            raise _too_many_columns(bound)
        lines = sheet.iter_rows(max_row=bound.rows + 2, max_col=bound.columns + 1, values_only=True)
        for count, line in enumerate(lines, start=1):
            if count > bound.rows + 1:
                raise _too_many_rows(bound)
            if len(line) > bound.columns and line[bound.columns] is not None:
                raise _too_many_columns(bound)
    except ValidationError:
        raise
    except Exception as exc:  # a broken sheet part: XML, number or key errors
        raise _unreadable() from exc
    finally:
        workbook.close()
        file.seek(0)


def check_upload(file) -> None:
    """Refuse anything but an .xlsx workbook within `limits()` (ValidationError, for a form)."""
    bound = limits()
    if not file.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Upload an Excel workbook (.xlsx)."), code="extension")
    if file.size > bound.bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": bound.megabytes},
            code="size",
        )
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
def workbook_bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named `filename` (any characters; encoded for the header)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
