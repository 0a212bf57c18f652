"""Every figure the dashboards read from ledgers and brands, in one module.

Ledgers (台账) and brands (党建品牌) are sibling apps that may not be installed. Each
function here calls their public selector only when the app is installed
(`apps.is_installed`) and otherwise returns an empty mapping, so that the pages show "—"
and the rubric scores nothing for that source. Their read API (ledgers/selectors.py,
brands/selectors.py) is fixed:

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

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from branches.periods import Period

HONOUR_LEVELS = ("court", "city", "province", "national")
BRAND_STAGES = ("applied", "certified", "cultivating", "publicised", "selected")


def ledgers_installed() -> bool:
    return apps.is_installed("ledgers")


def brands_installed() -> bool:
    return apps.is_installed("brands")


# --- ledgers -----------------------------------------------------------------------------------
def ledger_figures(*, organisation_ids, period: Period, today: datetime.date) -> dict:
    """{org id: LedgerFigures}: tasks due, done, overdue, waived, completion rate."""
    if not ledgers_installed():
        return {}
    from ledgers.selectors import ledger_figures as figures

    return figures(organisation_ids=list(organisation_ids), period=period, today=today)


def assessment_means(*, organisation_ids, year: int) -> dict[int, Decimal]:
    """{org id: mean monthly assessment score of the year}."""
    if not ledgers_installed():
        return {}
    from ledgers.selectors import assessment_scores

    scores = assessment_scores(organisation_ids=list(organisation_ids), year=year)
    return {
        org: (sum(months.values(), Decimal(0)) / len(months)).quantize(Decimal("0.1"))
        for org, months in scores.items()
        if months
    }


def open_tasks(member, *, today: datetime.date, limit: int = 5) -> list | None:
    """The member's open ledger tasks for the home page; None when ledgers is not installed."""
    if not ledgers_installed():
        return None
    from ledgers.selectors import open_tasks_for

    return open_tasks_for(member, today=today, limit=limit)


def overdue_tasks_url(organisation_id: int) -> str | None:
    """The list of an organisation's overdue tasks (None when ledgers has no such page)."""
    if not ledgers_installed():
        return None
    for name in ("ledgers:task_list", "ledgers:tasks", "ledgers:list"):
        try:
            base = reverse(name)
        except NoReverseMatch:
            continue
        return f"{base}?{urlencode({'organisation': organisation_id, 'status': 'overdue'})}"
    return None


# --- brands ------------------------------------------------------------------------------------
def brands(*, organisation_ids) -> dict:
    """{org id: BrandFigures} (brand name, stage, stage label, url)."""
    if not brands_installed():
        return {}
    from brands.selectors import brands_by_organisation

    return brands_by_organisation(organisation_ids=list(organisation_ids))


def honours(*, organisation_ids, period: Period) -> dict[int, dict[str, int]]:
    """{org id: {level: number of honours}}."""
    if not brands_installed():
        return {}
    from brands.selectors import honours_by_organisation

    return honours_by_organisation(organisation_ids=list(organisation_ids), period=period)


def innovation(*, organisation_ids, year: int) -> dict:
    """{org id: InnovationFigures(submitted, selected, mean_score)}."""
    if not brands_installed():
        return {}
    from brands.selectors import innovation_by_organisation

    return innovation_by_organisation(organisation_ids=list(organisation_ids), year=year)
