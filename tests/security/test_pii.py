"""Personal data: a full phone or ID number reaches only those the masking rules allow.

The rule (branches.view_member_phone): the member, the secretary or deputy secretary of
their branch, and admins see a phone number in full; everybody else sees 153****0163.
The full ID number is for admins only. This module seeds the demo court once, signs in
as each persona, walks every GET URL pattern with objects of the demo (and every export)
and looks for any full number the persona may not see: in HTML, form values, JSON and
the cells of downloaded workbooks.
"""

import datetime
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from activities.models import Activity, ActivitySeries, Attachment, PartnerOrganisation
from branches.models import Member, Organisation, User
from brands.models import (
    Brand,
    CrossReview,
    Honour,
    InnovationProject,
    InnovationRound,
    ProjectAttachment,
)
from dashboards.models import BranchRating
from ledgers.models import (
    AnnualReport,
    MonthlyAssessment,
    ResponsibilityList,
    Task,
    TaskPeriod,
    TaskUpdate,
)
from notices.models import Notification
from points.models import EvaluationRound, PointClaim, StarAward, StarSelection
from tests.demo import analyze, vacuum

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 13, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PERSONAS = ["jg001", "my006", "my003", "my002", "xs002"]
SKIPPED = {"logout", "set_language", "healthz"}  # no personal data; logout ends the session


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo court, seeded once for the module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        vacuum()
    with (
        django_db_blocker.unblock(),
        time_machine.travel(TODAY, tick=False),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        analyze()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


def route_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, pattern.pattern.converters.keys()

    return list(walk(get_resolver().url_patterns))


def sample_args() -> dict[str, list[tuple]]:
    """For every URL pattern with arguments, argument tuples from the demo court."""
    mine = Organisation.objects.get(name__startswith="民一庭", kind=Organisation.Kind.BRANCH)
    other = Organisation.objects.filter(kind=Organisation.Kind.BRANCH).exclude(pk=mine.pk).first()
    committee = Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE).first()
    group = Organisation.objects.filter(kind=Organisation.Kind.GROUP, path__startswith=mine.path)[0]
    members = list(Member.objects.filter(branch=mine).values_list("pk", flat=True))
    members += list(Member.objects.filter(branch=other).values_list("pk", flat=True)[:2])
    organisations = [mine.pk, group.pk, committee.pk, other.pk]
    activities = list(
        Activity.objects.filter(organisation__path__startswith=mine.path)
        .order_by("-start")
        .values_list("pk", flat=True)[:3]
    ) + list(Activity.objects.filter(organisation=other).values_list("pk", flat=True)[:1])
    attachments = [
        (a.activity_id, a.pk) for a in Attachment.objects.filter(activity__organisation=mine)[:1]
    ]
    series = list(ActivitySeries.objects.values_list("pk", flat=True)[:2])
    sessions = [(s.series_id, s.pk) for s in Activity.objects.filter(series__isnull=False)[:1]]
    claims = list(PointClaim.objects.filter(member__branch=mine).values_list("pk", flat=True)[:3])
    selections = list(StarSelection.objects.values_list("pk", flat=True)[:2])
    rounds = list(EvaluationRound.objects.values_list("pk", flat=True)[:2])
    notifications = list(Notification.objects.values_list("pk", flat=True)[:3])
    single = [(pk,) for pk in members]
    pks = lambda queryset, n=2: [(pk,) for pk in queryset.values_list("pk", flat=True)[:n]]  # noqa: E731
    lists = ResponsibilityList.objects.filter(organisation__in=[mine, group, committee, other])
    tasks = Task.objects.filter(responsibility_list__in=lists)
    periods = TaskPeriod.objects.filter(task__in=tasks)
    brand_ids = Brand.objects.filter(organisation__in=[mine, committee, other])
    return {
        # A one-time link for a first sign-in: no page of personal data, and it signs in.
        "first_sign_in": [],
        "activities:series_prefill": [(pk,) for pk in series],
        "activities:partner_detail": pks(PartnerOrganisation.objects.all()),
        "activities:partner_edit": pks(PartnerOrganisation.objects.all()),
        "activities:partner_archive": pks(PartnerOrganisation.objects.all()),
        "branches:member_sign_in": single[:3],
        "points:member_award": single[:3],
        "ledgers:list_detail": pks(lists, 4),
        "ledgers:list_print": pks(lists),
        "ledgers:list_export": pks(lists),
        "ledgers:task_create": pks(lists),
        "ledgers:list_transition": [
            (pk, "publish") for pk in lists.values_list("pk", flat=True)[:2]
        ],
        "ledgers:organisation_ledger": [(pk,) for pk in organisations],
        "ledgers:task_detail": pks(tasks, 4),
        "ledgers:task_edit": pks(tasks),
        "ledgers:task_withdraw": pks(tasks),
        "ledgers:task_break_down": pks(tasks),
        "ledgers:period_report": pks(periods),
        "ledgers:period_waive": pks(periods),
        "ledgers:evidence": pks(TaskUpdate.objects.exclude(evidence="")),
        "ledgers:assessment_adjust": pks(
            MonthlyAssessment.objects.filter(organisation__in=[mine, other])
        ),
        "ledgers:assessment_quarter": [(2026, 1)],
        "ledgers:record_book": [(mine.pk, "2026-Q1"), (other.pk, "2026-Q1")],
        "ledgers:record_book_docx": [(mine.pk, "2026-Q1")],
        "ledgers:report_detail": [(mine.pk, 2026), (other.pk, 2026)]
        + [(r.organisation_id, r.year) for r in AnnualReport.objects.all()[:1]],
        "brands:create": [(mine.pk,), (other.pk,)],
        "brands:detail": pks(brand_ids, 3),
        "brands:print": pks(brand_ids),
        "brands:logo": pks(brand_ids),
        "brands:edit": pks(brand_ids),
        "brands:apply": pks(brand_ids, 1),
        "brands:return": pks(brand_ids, 1),
        "brands:certify": pks(brand_ids, 1),
        "brands:advance": pks(brand_ids, 1),
        "brands:results": pks(brand_ids),
        "brands:honour_file": pks(Honour.objects.exclude(file="")),
        "brands:honour_withdraw": pks(Honour.objects.all(), 1),
        "brands:round_detail": pks(InnovationRound.objects.all()),
        "brands:round_advance": pks(InnovationRound.objects.all(), 1),
        "brands:project_submit": pks(InnovationRound.objects.all(), 1),
        "brands:project_detail": pks(InnovationProject.objects.all(), 3),
        "brands:project_attachment": pks(ProjectAttachment.objects.all()),
        "brands:review": pks(CrossReview.objects.all(), 3),
        "brands:review_reassign": pks(CrossReview.objects.all(), 1),
        "dashboards:branch": [(mine.pk,), (other.pk,)],
        "dashboards:record": [(mine.pk, 2025), (other.pk, 2025)],
        "dashboards:record_docx": [(mine.pk, 2025)],
        "dashboards:rating_detail": [(r.branch_id, r.year) for r in BranchRating.objects.all()[:2]],
        "dashboards:rating_self_assess": [(mine.pk, 2025)],
        "dashboards:rating_review": [(mine.pk, 2025)],
        "dashboards:rating_confirm": [(mine.pk, 2025)],
        "branches:organisation_detail": [(pk,) for pk in organisations],
        "branches:organisation_edit": [(pk,) for pk in organisations],
        "branches:organisation_create": [(pk,) for pk in organisations],
        "branches:member_detail": single,
        "branches:member_edit": single,
        "branches:member_transfer": single[:3],
        "activities:detail": [(pk,) for pk in activities],
        "activities:print": [(pk,) for pk in activities],
        "activities:edit": [(pk,) for pk in activities],
        "activities:withdraw": [(pk,) for pk in activities[:1]],
        "activities:attachment": attachments,
        "activities:series_rota": [(pk,) for pk in series],
        "activities:series_edit": [(pk,) for pk in series],
        "activities:rota_leads": [(pk,) for pk in series],
        "activities:rota_plan": [(pk,) for pk in series],
        "activities:rota_swap": [(pk,) for pk in series],
        "activities:rota_move": sessions,
        "activities:compliance_branch": [(mine.pk,), (other.pk,)],
        "points:member": single,
        "points:branch": [(mine.pk,), (other.pk,)],
        "points:claim_detail": [(pk,) for pk in claims],
        "points:claim_evidence": [(pk,) for pk in claims],
        "points:claim_withdraw": [(pk,) for pk in claims[:1]],
        "points:claim_approve": [(pk,) for pk in claims[:1]],
        "points:claim_reject": [(pk,) for pk in claims[:1]],
        "points:award_selection": [(pk,) for pk in selections],
        "points:award_grant": [(s, m) for s in selections[:1] for m in members[:2]],
        "points:award_selection_close": [(pk,) for pk in selections[:1]],
        "points:award_revoke": [(pk,) for pk in StarAward.objects.values_list("pk", flat=True)[:1]],
        "points:evaluation_round": [(pk,) for pk in rounds],
        "points:evaluation_form": [(pk,) for pk in rounds],
        "points:evaluation_review": [(pk,) for pk in rounds],
        "points:evaluation_close": [(pk,) for pk in rounds],
        "points:evaluation_confirm": [(pk,) for pk in rounds],
        "points:archive": [(pk, 2025) for pk in members[:4]] + [(pk, 2026) for pk in members[:2]],
        # Import jobs are seen only by the user who confirmed them and show counts, no
        # personal data; the demo has none (tests/branches/test_import_jobs.py).
        "branches:member_import_job": [],
        "activities:import_job": [],
        "notices:open": [(pk,) for pk in notifications],
        "notices:read": [(pk,) for pk in notifications],
    }


def urls() -> list[str]:
    samples = sample_args()
    found = []
    for name, converters in route_names():
        if name in SKIPPED:
            continue
        if not converters:
            found.append(reverse(name))
            continue
        assert name in samples, f"{name} has arguments: add objects for it to sample_args()"
        found += [reverse(name, args=args) for args in samples[name]]
    return found


def texts_of(response) -> str:
    """What the response shows: its text, every cell of a workbook or a Word document."""
    content = b"".join(response) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessing"):
        document = Document(BytesIO(content))
        cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
        return "\n".join([*(p.text for p in document.paragraphs), *cells])
    if content_type.startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8", errors="replace")


def hidden_numbers(user) -> dict[str, str]:
    """Full numbers this user may not see → whose they are."""
    hidden = {}
    for member in Member.objects.exclude(phone="", id_number=""):
        if member.phone and not user.has_perm("branches.view_member_phone", member):
            hidden[member.phone] = f"phone of {member.employee_number}"
        if member.id_number and not user.has_perm("branches.view_member_id_number", member):
            hidden[member.id_number] = f"ID number of {member.employee_number}"
    return hidden


@pytest.mark.parametrize("number", PERSONAS)
def test_no_page_or_export_shows_a_full_number_the_persona_may_not_see(demo, client, number):
    user = User.objects.get(employee_number=number)
    client.force_login(user)
    hidden = hidden_numbers(user)
    assert hidden, "the demo has numbers this persona may not see"
    seen, leaks = 0, []
    for url in urls():
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        seen += 1
        text = texts_of(response)
        leaks += [(url, whose) for full, whose in hidden.items() if full in text]
    assert leaks == []
    assert seen > 10  # the walk reached the persona's pages, not just 404s


@pytest.mark.parametrize("number", ["jg001", "my006"])
def test_the_member_form_shows_a_masked_phone_and_keeps_the_number(demo, client, number):
    """Issue 9 item 4: /members/36/edit/ had value="15327820163" for jg001 and my006."""
    client.force_login(User.objects.get(employee_number=number))
    mine = Organisation.objects.get(name__startswith="民一庭", kind=Organisation.Kind.BRANCH)
    member = (
        Member.objects.filter(branch=mine)
        .exclude(phone="")
        .exclude(user__employee_number=number)
        .exclude(posts__kind__in=["secretary", "deputy_secretary"])
        .first()
    )
    url = reverse("branches:member_edit", args=[member.pk])
    form = client.get(url).context["form"]
    html = client.get(url).content.decode()
    assert member.phone not in html
    assert f'value="{member.masked_phone}"' in html

    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(post_title="一级法官")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    refreshed = Member.objects.get(pk=member.pk)
    assert (refreshed.phone, refreshed.post_title) == (member.phone, "一级法官")

    data.update(phone="13912345678")  # a new number replaces it
    assert client.post(url, data).status_code == 302
    assert Member.objects.get(pk=member.pk).phone == "13912345678"


def test_the_secretary_still_sees_and_edits_the_full_number(demo, client):
    secretary = User.objects.get(employee_number="my001")
    client.force_login(secretary)
    member = Member.objects.get(employee_number="my002")
    html = client.get(reverse("branches:member_edit", args=[member.pk])).content.decode()
    assert f'value="{member.phone}"' in html


def test_the_demo_lists_nobody_outside_the_organisation_on_the_day(demo):
    """The rule of the activity import holds for the demo: attendance only by members of
    the branch (membership history) who had joined the Party by the day."""
    from activities.models import Attendance
    from branches.models import Membership

    periods = {}
    for member_id, path, start, end in Membership.objects.values_list(
        "member_id", "branch__path", "start", "end"
    ):
        periods.setdefault(member_id, []).append((path, start, end))
    wrong = []
    rows = Attendance.objects.filter(is_guest=False).select_related(
        "activity__organisation", "member"
    )
    for row in rows.iterator():
        organisation = row.activity.organisation
        pool = (
            organisation.path[: -Organisation.steplen]
            if organisation.kind == Organisation.Kind.GROUP
            else organisation.path
        )
        day = row.activity.start.astimezone(TODAY.tzinfo).date()
        ok = any(
            path.startswith(pool) and start <= day and (end is None or end >= day)
            for path, start, end in periods.get(row.member_id, [])
        ) and (row.member.joined_on is None or row.member.joined_on <= day)
        if not ok:
            wrong.append((row.activity_id, row.member.employee_number, day))
    assert wrong == []
