"""The demo ledgers: the demo court's lists of 2026, filled from the demo activities.

The demo is seeded once for the module (it takes a while) and each test runs inside it.
"""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from docx import Document

from activities.models import Activity, Attendance
from branches.models import Organisation
from branches.periods import Period
from ledgers import selectors, services
from ledgers.exporting import record_book_docx
from ledgers.models import MonthlyAssessment, ResponsibilityList, Task, TaskPeriod
from tests.demo import analyze, vacuum
from tests.ledgers.conftest import NOW

TODAY = NOW.date()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        vacuum()
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), transaction.atomic():
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        analyze()
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def branches(demo, db):
    root = Organisation.objects.filter(depth=1).order_by("path").first()
    return list(
        Organisation.objects.filter(path__startswith=root.path, kind=Organisation.Kind.BRANCH)
    )


def test_demo_has_lists_on_every_level(demo, branches):
    assert "responsibility lists" in demo
    committee = Organisation.objects.filter(depth=1).order_by("path").first()
    assert ResponsibilityList.objects.filter(
        organisation=committee, year=2026, state="published"
    ).exists()
    for branch in branches:
        own = ResponsibilityList.objects.get(organisation=branch, year=2026)
        assert own.state == ResponsibilityList.State.PUBLISHED
        categories = set(own.tasks.values_list("category", flat=True))
        assert categories == {"party_building", "business", "special"}, branch
        assert own.tasks.filter(standard_target__isnull=False).count() == 8
    assert ResponsibilityList.objects.filter(organisation__kind="group", year=2026).exists()
    assert ResponsibilityList.objects.filter(member__isnull=False, year=2026).count() >= 100


def test_counted_targets_are_filled_by_the_demo_activities(demo, branches):
    for branch in branches:
        task = Task.objects.get(
            responsibility_list__organisation=branch, standard_target__code="committee_meeting"
        )
        for period in task.periods.filter(due_date__lt=TODAY):
            start, end = Period.parse(period.period).datetimes()
            held = Activity.objects.counted().filter(
                organisation=branch,
                activity_type__code="committee_meeting",
                start__gte=start,
                start__lt=end,
            )
            assert set(period.activities.values_list("pk", flat=True)) == set(
                held.values_list("pk", flat=True)
            )
            assert (period.status == TaskPeriod.Status.DONE) == held.exists()
    done = TaskPeriod.objects.filter(task__target_kind="activities", status="done").count()
    assert done > 100


def test_a_few_tasks_are_overdue_in_the_current_quarter(demo, branches):
    q4 = Period.quarter(2026, 4)
    overdue = TaskPeriod.objects.filter(
        task__target_kind="",
        status__in=TaskPeriod.UNFINISHED,
        due_date__gte=q4.first,
        due_date__lt=TODAY,
        task__responsibility_list__organisation__kind="branch",
    )
    assert 2 <= overdue.count() <= 20
    figures = selectors.ledger_figures(
        organisation_ids=[b.pk for b in branches], period=q4, today=TODAY
    )
    assert sum(f.overdue for f in figures.values()) >= overdue.count()


def test_each_demo_branch_has_a_computed_assessment_and_an_adjustment_keeps_both(
    demo, branches, committee_staff
):
    for branch in branches:
        months = set(
            MonthlyAssessment.objects.filter(organisation=branch, year=2026).values_list(
                "month", flat=True
            )
        )
        assert months == set(range(1, 12)), branch
    branch = branches[-1]
    assessment = MonthlyAssessment.objects.get(organisation=branch, year=2026, month=11)
    computed = assessment.computed_score
    services.assessment_adjust(
        assessment=assessment, score=88, reason="季度会议通报表扬", by=committee_staff
    )
    assessment.refresh_from_db()
    assert assessment.computed_score == computed
    assert assessment.confirmed_score == 88
    assert assessment.reason == "季度会议通报表扬"
    # Computing again keeps the committee's score.
    services.assessments_compute(year=2026, month=11, branches=[branch])
    assessment.refresh_from_db()
    assert assessment.confirmed_score == 88 and assessment.computed_score == computed
    scores = selectors.assessment_scores(organisation_ids=[branch.pk], year=2026)
    assert scores[branch.pk][11] == 88


@pytest.fixture
def committee_staff(demo, db):
    from branches.models import User

    return User.objects.get(employee_number="jg001")


def test_record_book_docx_holds_every_meeting_of_the_quarter(demo, branches):
    branch = next(b for b in branches if b.department == "民一庭")
    q3 = Period.quarter(2026, 3)
    entries = selectors.record_book(branch, q3)
    document = Document(
        io.BytesIO(record_book_docx(organisation=branch, period=q3, entries=entries))
    )
    start, end = q3.datetimes()
    held = list(
        Activity.objects.counted()
        .filter(
            organisation__path__startswith=branch.path,
            activity_type__is_statutory=True,
            start__gte=start,
            start__lt=end,
        )
        .order_by("start", "pk")
    )
    assert len(held) >= 6
    tables = document.tables
    assert len(tables) == len(held)
    for activity, table in zip(held, tables, strict=True):
        # Rows: date, type, held by, topic, host, recorder, expected, present, on leave,
        # absent, minutes.
        values = [row.cells[1].text for row in table.rows]
        assert values[0].startswith(timezone.localtime(activity.start).strftime("%Y-%m-%d"))
        assert values[1] == activity.activity_type.name
        assert values[3] == activity.topic
        rows = Attendance.objects.filter(activity=activity, is_guest=False)
        assert values[6] == str(rows.count())
        for index, status in ((7, "present"), (8, "on_leave"), (9, "absent")):
            chosen = rows.filter(status=status)
            assert values[index].startswith(f"{chosen.count()}："), (index, values[index])
            for row in chosen:
                shown = f"{row.member.name}（{row.reason}）" if row.reason else row.member.name
                assert shown in values[index]
        assert values[10] == (activity.minutes or activity.content)
