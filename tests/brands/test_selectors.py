"""The public read API for the dashboards: right figures, a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Organisation
from branches.periods import Period
from branches.services import member_transfer
from brands import services
from brands.models import Honour
from brands.selectors import (
    BrandFigures,
    brands_by_organisation,
    honours_by_organisation,
    innovation_by_organisation,
    series_figures,
)
from tests.brands.conftest import hold, make_brand
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def honour(by, **fields):
    fields.setdefault("issuing_body", "市直机关工委")
    return services.honour_add(by=by, **fields)


def test_brands_by_organisation_gives_each_current_brand(court):
    brand = make_brand(court, stage="certified")
    found = brands_by_organisation(organisation_ids=[court.branch_a.pk, court.branch_b.pk])
    assert found == {
        court.branch_a.pk: BrandFigures(
            brand_id=brand.pk,
            name="明理",
            stage="certified",
            stage_label="认定",
            url=f"/brands/{brand.pk}/",
        )
    }


def test_honours_count_the_organisation_its_brand_and_its_members_where_they_were(court):
    staff = court.staff.user
    brand = make_brand(court)
    honour(
        staff,
        title="市级五星支部",
        level="city",
        date=datetime.date(2026, 1, 5),
        organisation=court.branch_a,
    )
    honour(staff, title="省级品牌", level="province", date=datetime.date(2026, 2, 5), brand=brand)
    honour(staff, title="去年的", level="city", date=datetime.date(2025, 12, 31), brand=brand)
    # member_a earned an honour in branch A, then moved to branch B.
    honour(
        staff,
        title="办案标兵",
        level="court",
        date=datetime.date(2026, 2, 1),
        member=court.member_a,
    )
    member_transfer(member=court.member_a, branch=court.branch_b, on=datetime.date(2026, 3, 1))
    honour(
        staff,
        title="调解能手",
        level="court",
        date=datetime.date(2026, 3, 5),
        member=court.member_a,
    )
    withdrawn = honour(
        staff, title="撤回的", level="national", date=datetime.date(2026, 1, 9), brand=brand
    )
    services.honour_withdraw(by=staff, honour=withdrawn)
    found = honours_by_organisation(
        organisation_ids=[court.branch_a.pk, court.branch_b.pk], period=Period.year(2026)
    )
    assert found == {
        court.branch_a.pk: {"city": 1, "province": 1, "court": 1},
        court.branch_b.pk: {"court": 1},
    }


def test_public_api_runs_a_fixed_number_of_queries(court):
    staff = court.staff.user
    few = [court.branch_a.pk, court.branch_b.pk]
    make_brand(court)
    honour(staff, title="荣誉", level="city", date=datetime.date(2026, 1, 5), member=court.member_a)

    def cost():
        ids = list(Organisation.objects.filter(kind="branch").values_list("pk", flat=True))
        counts = []
        for call in (
            lambda: brands_by_organisation(organisation_ids=ids),
            lambda: honours_by_organisation(organisation_ids=ids, period=Period.year(2026)),
            lambda: innovation_by_organisation(organisation_ids=ids, year=2026),
        ):
            with CaptureQueriesContext(connection) as ctx:
                call()
            counts.append(len(ctx.captured_queries))
        return counts

    small = cost()
    for i in range(5):
        branch = make_organisation(court.committee, Organisation.Kind.BRANCH, f"支部{i}")
        make_brand(court, organisation=branch, by=staff, name=f"品牌{i}")
        Honour.objects.create(
            title="荣誉",
            level="court",
            issuing_body="院",
            date=datetime.date(2026, 1, 1),
            organisation=branch,
        )
    assert cost() == small
    assert few


def test_sub_brand_figures_are_read_from_the_activities(court, types, series):
    people = [court.secretary_a, court.member_a]
    hold(court, types, series, "2026-01-09", present=people)
    hold(court, types, series, "2026-02-06", present=people[:1])
    hold(court, types, series, "2025-12-26", present=people)
    figures = series_figures([series.pk], 2026)[series.pk]
    assert (figures.sessions, figures.attendance) == (2, 3)
