"""Builders for the dashboards tests: trees of any size with activities, attendance and points,
bulk-inserted, and the demo court seeded once per module."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity, ActivityType, Attendance
from branches.models import Member, Organisation
from points.models import PointEntry, PointRule
from tests.demo import analyze, vacuum
from tests.factories import make_organisation

# Tuesday 30 June 2026, 10:00 in Shanghai: 2025 is over, 2026 half done.
NOW = datetime.datetime(2026, 6, 30, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def add_branches(parent: Organisation, n: int, *, first: int = 0) -> list[Organisation]:
    """n branches under `parent`, each with one party group."""
    branches = []
    for i in range(first, first + n):
        branch = make_organisation(parent, Organisation.Kind.BRANCH, f"测试{i}支部")
        make_organisation(branch, Organisation.Kind.GROUP, f"测试{i}第一党小组")
        branches.append(branch)
    return branches


def fill(organisations, *, per_org: int = 3, members: int = 2, year: int = 2025) -> None:
    """Bulk data for each organisation: members, held and planned activities with attendance
    and results, in every month of `year`, and point entries."""
    types = {t.code: t for t in ActivityType.objects.all()}
    rule = PointRule.objects.filter(source="manual").first() or PointRule.objects.first()
    activities, people = [], []
    for index, org in enumerate(organisations):
        branch = (
            org if org.kind != Organisation.Kind.GROUP else Organisation.objects.get_parent(org)
        )
        group = org if org.kind == Organisation.Kind.GROUP else None
        people += [
            Member(
                name=f"成员{org.pk}-{k}",
                employee_number=f"F{org.pk:05d}{k:03d}{index}",
                branch=branch,
                group=group,
            )
            for k in range(members)
        ]
        for k in range(per_org):
            month = (index + k) % 12 + 1
            code = ["committee_meeting", "theme_party_day", "volunteer_service"][k % 3]
            activities.append(
                Activity(
                    organisation=org,
                    activity_type=types[code],
                    topic=f"活动{k}",
                    start=at(datetime.date(year, month, 10 + k % 5)),
                    state=Activity.State.HELD,
                    people_served=(k + 1) * 3 if code == "volunteer_service" else None,
                    disputes_resolved=k if code == "volunteer_service" else None,
                )
            )
        activities.append(
            Activity(
                organisation=org,
                activity_type=types["party_lecture"],
                topic="计划",
                start=at(datetime.date(year, 12, 28)),
                state=Activity.State.PLANNED,
            )
        )
    Member.objects.bulk_create(people)
    Activity.objects.bulk_create(activities)
    members_by_org = {}
    for member in Member.objects.filter(pk__in=[p.pk for p in people]):
        members_by_org.setdefault(member.group_id or member.branch_id, []).append(member)
    rows, entries = [], []
    for activity in activities:
        for k, member in enumerate(members_by_org.get(activity.organisation_id, [])):
            rows.append(
                Attendance(
                    activity=activity,
                    member=member,
                    status=Attendance.Status.PRESENT if k % 3 else Attendance.Status.ABSENT,
                )
            )
    for member in people:
        entries.append(
            PointEntry(
                member=member,
                rule=rule,
                category=rule.category,
                points=Decimal("2.5"),
                date=datetime.date(year, 5, 1),
                year=year,
                source="manual",
            )
        )
    Attendance.objects.bulk_create(rows)
    PointEntry.objects.bulk_create(entries)


@pytest.fixture(scope="module")
def demo_court(django_db_setup, django_db_blocker):
    """The whole demo (seed_demo's parts) seeded once for the module, rolled back after it.

    The clock stays at NOW for the module, so 2025 is complete and 2026 half done."""
    from activities.demo import seed_demo_activities
    from branches.demo import seed_demo_data
    from brands.demo import seed_demo_brands
    from dashboards.demo import seed_demo_dashboards
    from ledgers.demo import seed_demo_ledgers
    from points.demo import seed_demo_points

    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    with django_db_blocker.unblock():
        vacuum()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            seed_demo_data(courts=1, today=TODAY)
            seed_demo_activities(today=TODAY)
            seed_demo_points(today=TODAY)
            seed_demo_ledgers(today=TODAY)
            seed_demo_brands(today=TODAY)
            seed_demo_dashboards(today=TODAY)
            analyze()
            yield Organisation.objects.get(depth=1)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            traveller.stop()
