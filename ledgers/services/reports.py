"""The annual report review: the secretary submits, the committee grades."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Member, Organisation, User
from ledgers.models import (
    AnnualReport,
    LedgerError,
)


@transaction.atomic
def report_submit(
    *, organisation: Organisation, year: int, text: str, by: User | None, today=None
) -> AnnualReport:
    """Save the secretary's report with a fresh summary from the records."""
    from ledgers.selectors import report_summary

    if not (text or "").strip():
        raise LedgerError(_("Write the report."), field="text")
    report = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    if report is not None and report.grade:
        raise LedgerError(_("The report has been graded; it can no longer be changed."))
    secretary = getattr(getattr(by, "member", None), "pk", None)
    report = report or AnnualReport(organisation=organisation, year=year)
    report.text = text.strip()
    report.summary = report_summary(organisation, year, today=today or timezone.localdate())
    report.secretary_id = secretary
    report.submitted_at = timezone.now()
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_grade(
    *, report: AnnualReport, grade: str, comments: str, by: User | None
) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if grade not in AnnualReport.Grade.values:
        raise LedgerError(_("Choose a grade from the list."), field="grade")
    if report.submitted_at is None:
        raise LedgerError(_("The report has not been submitted yet."))
    report.grade, report.comments = grade, (comments or "").strip()
    report.graded_by, report.graded_at = by, timezone.now()
    report._history_user = by
    report.save()
    return report


def members_of(organisation: Organisation):
    """Active members of a branch (or of a party group)."""
    field = "group" if organisation.is_group else "branch"
    return Member.objects.current().filter(Q(**{field: organisation}))
