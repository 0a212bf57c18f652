"""Point entries are append-only: the ORM, the database and the services refuse changes."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from points import selectors, services
from points.models import (
    PointEntry,
    PointEntryIsAppendOnly,
    PointsError,
    PointsSettings,
    PointSummary,
)
from tests.points.conftest import entries_total_of, manual_bonus, points_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(court, rules):
    return manual_bonus(court, rules, points=Decimal("3"), note="承办院庆活动")


def test_an_award_is_an_entry_and_moves_the_summary(court, entry):
    assert (entry.points, entry.year, entry.source, entry.category) == (
        Decimal("3"),
        2026,
        "manual",
        "organisational_life",
    )
    summary = PointSummary.objects.get(member=court.member_a, year=2026)
    assert (summary.base, summary.organisational_life, summary.total) == (
        Decimal("70"),
        Decimal("3"),
        Decimal("73"),
    )
    assert selectors.member_year_total(court.member_a, 2026) == Decimal("73")
    assert selectors.member_year_total(court.member_a, 2025) == Decimal("70")


def test_saving_a_changed_entry_is_refused(entry):
    entry.points = Decimal("30")
    with pytest.raises(PointEntryIsAppendOnly):
        entry.save()
    entry.refresh_from_db()
    assert entry.points == Decimal("3")


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(PointEntryIsAppendOnly):
        entry.delete()
    assert PointEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry):
    with pytest.raises(PointEntryIsAppendOnly):
        PointEntry.objects.filter(pk=entry.pk).update(points=Decimal("30"))
    with pytest.raises(PointEntryIsAppendOnly):
        PointEntry.objects.update(note="")
    with pytest.raises(PointEntryIsAppendOnly):
        PointEntry.objects.all().delete()
    with pytest.raises(PointEntryIsAppendOnly):
        PointEntry._base_manager.filter(pk=entry.pk).update(points=Decimal("30"))
    assert PointEntry.objects.get(pk=entry.pk).points == Decimal("3")


@pytest.mark.parametrize(
    "sql",
    ["UPDATE points_pointentry SET points = 30", "DELETE FROM points_pointentry"],
)
def test_the_database_refuses_updates_and_deletes(entry, sql):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert PointEntry.objects.get(pk=entry.pk).points == Decimal("3")


def test_a_correction_is_a_reversing_entry(court, entry):
    reversal = services.entry_reverse(entry=entry, by=court.admin, note="重复加分")
    assert (reversal.points, reversal.reverses, reversal.date) == (Decimal("-3"), entry, entry.date)
    assert points_of(court.member_a) == Decimal("70")
    assert entries_total_of(court.member_a) == Decimal("0")
    assert not PointEntry.objects.live().exists()
    with pytest.raises(PointsError, match="already reversed"):
        services.entry_reverse(entry=entry, by=court.admin, note="again")
    with pytest.raises(PointsError, match="cannot be reversed"):
        services.entry_reverse(entry=reversal, by=court.admin, note="again")


def test_the_database_allows_one_reversal_per_entry(court, entry):
    services.entry_reverse(entry=entry, by=court.admin, note="重复加分")
    with pytest.raises(IntegrityError), transaction.atomic():
        PointEntry.objects.create(
            member=entry.member,
            rule=entry.rule,
            category=entry.category,
            points=-entry.points,
            date=entry.date,
            source=entry.source,
            reverses=entry,
        )


def test_a_reversal_needs_a_reason(court, entry):
    with pytest.raises(PointsError) as refused:
        services.entry_reverse(entry=entry, by=court.admin, note=" ")
    assert refused.value.field == "note"


def test_only_manual_and_award_rules_are_given_by_hand(court, rules):
    with pytest.raises(PointsError, match="not by hand"):
        services.points_award(
            member=court.member_a,
            rule=rules["attend_general_meeting"],
            date=datetime.date(2026, 3, 1),
            by=court.admin,
        )
    with pytest.raises(PointsError, match="future"):
        services.points_award(
            member=court.member_a,
            rule=rules["manual_bonus"],
            date=datetime.date(2026, 3, 14),
            by=court.admin,
        )


def test_the_base_score_is_the_one_set_when_the_year_starts(court, rules):
    settings = PointsSettings.load()
    settings.base_score = Decimal("60")
    settings.save()
    services.points_award(
        member=court.member_a,
        rule=rules["manual_bonus"],
        date=datetime.date(2026, 3, 1),
        by=court.admin,
    )
    assert points_of(court.member_a) == Decimal("61")
    settings.base_score = Decimal("80")
    settings.save()
    services.points_award(
        member=court.member_a,
        rule=rules["manual_bonus"],
        date=datetime.date(2026, 3, 2),
        by=court.admin,
    )
    assert points_of(court.member_a) == Decimal("62")
