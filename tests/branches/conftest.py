"""Fixtures for the branches tests: Excel workbooks built in memory, and a private MEDIA_ROOT."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from branches.importing import HEADERS


@pytest.fixture
def import_media(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _xlsx(rows, headers=HEADERS) -> bytes:
    """A workbook whose first sheet is `headers` then one row per dict (keys are headers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_xlsx():
    return _xlsx


@pytest.fixture
def xlsx_upload():
    """An uploaded-file object for the test client: `xlsx_upload(rows)` or `xlsx_upload(content=..., name=...)`."""

    def build(rows=(), *, content=None, name="members.xlsx"):
        return SimpleUploadedFile(name, _xlsx(rows) if content is None else content)

    return build


@pytest.fixture
def read_xlsx():
    """The sheets of a workbook as {title: [[cell values], ...]}."""

    def read(content: bytes) -> dict[str, list[list]]:
        workbook = load_workbook(BytesIO(content))
        return {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }

    return read


@pytest.fixture
def jobs_run_here(django_capture_on_commit_callbacks):
    """`with jobs_run_here(): client.post(confirm)`: the queued import job runs when the block ends."""
    from tests.import_jobs import jobs_run_here as run_here

    return lambda: run_here(django_capture_on_commit_callbacks)
