"""Helpers of the import tests: a workbook to upload and the error table as a user reads it."""

import re
from html import unescape
from io import BytesIO

from openpyxl import Workbook


def xlsx_bytes(rows, headers) -> bytes:
    """A workbook whose first sheet is `headers`, then one row per dict (keys are headers)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_table(response) -> list[list[str]]:
    """The rows of the page's error table, as the user reads them: [row, column, problem]."""
    html = response.content.decode()
    section = re.search(r'<section[^>]*id="import-errors".*?</section>', html, re.S)
    if section is None:
        return []
    body = re.search(r"<tbody>(.*?)</tbody>", section.group(0), re.S).group(1)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
