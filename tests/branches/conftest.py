"""Fixtures for the branches tests: Excel workbooks built in memory, and a private MEDIA_ROOT."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from branches.importing import HEADERS
from tests.imports import xlsx_bytes


@pytest.fixture
def import_media(media):
    """Uploaded files go to a folder of this test's own (tests/conftest.py)."""
    return media


def _xlsx(rows, headers=HEADERS) -> bytes:
    return xlsx_bytes(rows, headers)


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
