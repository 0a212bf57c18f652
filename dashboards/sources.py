"""Every figure the dashboards read from ledgers and brands, in one module.

Ledgers (台账) and brands (党建品牌) are the sibling apps below dashboards; this module is
the only place that calls their public read API (ledgers/selectors.py,
brands/selectors.py):

* ledger_figures(organisation_ids, period, today) -> {org id: LedgerFigures}
  (due, done, overdue, waived, by_category, rate)
* assessment_scores(organisation_ids, year) -> {org id: {month: Decimal}}
* open_tasks_for(member, today, limit) -> list (the partial templates/ledgers/_my_tasks_panel.html)
* brands_by_organisation(organisation_ids) -> {org id: BrandFigures}
* honours_by_organisation(organisation_ids, period) -> {org id: {level: count}}
* innovation_by_organisation(organisation_ids, year) -> {org id: InnovationFigures}

Each of these is a fixed number of queries for any number of organisations.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from branches.periods import Period
from brands import selectors as brand_selectors
from ledgers import selectors as ledger_selectors

HONOUR_LEVELS = ("court", "city", "province", "national")
BRAND_STAGES = ("applied", "certified", "cultivating", "publicised", "selected")


# --- ledgers -----------------------------------------------------------------------------------
def ledger_figures(*, organisation_ids, period: Period, today: datetime.date) -> dict:
    """{org id: LedgerFigures}: tasks due, done, overdue, waived, completion rate."""
    return ledger_selectors.ledger_figures(
        organisation_ids=list(organisation_ids), period=period, today=today
    )


def assessment_means(*, organisation_ids, year: int) -> dict[int, Decimal]:
    """{org id: mean monthly assessment score of the year}."""
    scores = ledger_selectors.assessment_scores(organisation_ids=list(organisation_ids), year=year)
    return {
        org: (sum(months.values(), Decimal(0)) / len(months)).quantize(Decimal("0.1"))
        for org, months in scores.items()
        if months
    }


def open_tasks(member, *, today: datetime.date, limit: int = 5) -> list:
    """The member's open ledger tasks for the home page, soonest due first."""
    return ledger_selectors.open_tasks_for(member, today=today, limit=limit)


def overdue_tasks_url(organisation_id: int) -> str:
    """The overdue tasks in an organisation's ledger."""
    base = reverse("ledgers:organisation_ledger", args=[organisation_id])
    return f"{base}?{urlencode({'status': 'overdue'})}"


# --- brands ------------------------------------------------------------------------------------
def brands(*, organisation_ids) -> dict:
    """{org id: BrandFigures} (brand name, stage, stage label, url)."""
    return brand_selectors.brands_by_organisation(organisation_ids=list(organisation_ids))


def honours(*, organisation_ids, period: Period) -> dict[int, dict[str, int]]:
    """{org id: {level: number of honours}}."""
    return brand_selectors.honours_by_organisation(
        organisation_ids=list(organisation_ids), period=period
    )


def innovation(*, organisation_ids, year: int) -> dict:
    """{org id: InnovationFigures(submitted, selected, mean_score)}."""
    return brand_selectors.innovation_by_organisation(
        organisation_ids=list(organisation_ids), year=year
    )
