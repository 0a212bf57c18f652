"""Services of the ledgers app: lists, tasks and their breakdown, progress, the 8+X
template, next year's lists, the monthly assessment and the annual report review.

Every function takes keyword-only arguments, runs in one transaction and refuses a
change with `LedgerError` (a translated message, and the form field it concerns).

The functions live in one module per topic (`lists`, `tasks`, `breakdown`, `progress`,
`assessments`, `reports`); import them from here.
"""

from ledgers.models import LedgerError
from ledgers.services.assessments import (
    assessment_adjust,
    assessments_compute,
    period_credit,
)
from ledgers.services.breakdown import task_break_down
from ledgers.services.lists import (
    list_close,
    list_create,
    list_publish,
    lists_create_next_year,
    standard_targets_apply,
)
from ledgers.services.progress import (
    period_report,
    period_waive,
    periods_mark_overdue,
)
from ledgers.services.reports import (
    members_of,
    report_grade,
    report_submit,
)
from ledgers.services.tasks import (
    task_change,
    task_create,
    task_is_complete,
    task_roll_up,
    task_withdraw,
)

__all__ = [
    "LedgerError",
    "assessment_adjust",
    "assessments_compute",
    "list_close",
    "list_create",
    "list_publish",
    "lists_create_next_year",
    "members_of",
    "period_credit",
    "period_report",
    "period_waive",
    "periods_mark_overdue",
    "report_grade",
    "report_submit",
    "standard_targets_apply",
    "task_break_down",
    "task_change",
    "task_create",
    "task_is_complete",
    "task_roll_up",
    "task_withdraw",
]
