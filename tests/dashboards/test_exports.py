"""Exports for the upper level: the dashboard's tables as Excel (user text never a formula),
the annual statistics as Excel and Word, a branch's yearly record as Word."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from branches.models import Organisation
from dashboards import services
from tests.dashboards.conftest import fill
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_dashboard_export_writes_names_as_text_never_formulas(as_persona, court):
    tricky = make_organisation(court.committee, Organisation.Kind.BRANCH, '=HYPERLINK("x")支部')
    fill([tricky, court.branch_a], per_org=3)
    response = as_persona("committee").get(reverse("dashboards:committee_export") + "?period=2025")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    cell = rows['=HYPERLINK("x")支部'][0]
    assert cell.data_type == "s"
    assert rows['=HYPERLINK("x")支部'][1].value == 3  # held in 2025
    assert rows["民一庭党支部"][1].value == 3
    assert [ws.title for ws in book.worksheets][:2] == ["支部", "各月活动"]


def test_annual_statistics_excel_has_the_overview_and_the_paragraph(as_persona, court):
    fill([court.branch_a, court.branch_b], per_org=3)
    response = as_persona("secretary_a").get(
        reverse("dashboards:annual_xlsx") + f"?org={court.branch_a.pk}&period=2025"
    )
    book = load_workbook(io.BytesIO(response.content))
    overview = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert overview["开展活动"] == 3
    assert "共开展组织生活3次" in book.worksheets[-1]["A2"].value


def test_yearly_record_in_word(as_persona, court):
    fill([court.branch_a], per_org=4)
    services.ratings_compute(branches=[court.branch_a], year=2025)
    response = as_persona("secretary_a").get(
        reverse("dashboards:record_docx", args=[court.branch_a.pk, 2025])
    )
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "民一庭党支部2025年度档案"
    meetings = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert sum(int(n) for n in meetings.values()) == 4
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "缺项" in texts
