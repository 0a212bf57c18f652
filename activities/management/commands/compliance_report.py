"""`manage.py compliance_report --year 2026 [--branch ID] [--period quarter] --format json|table`.

Required vs held for every active branch (or one), rule and period; see activities/compliance.py.
JSON: {"year": 2026, "as_of": "2026-05-20", "period": null, "branches": [{"id", "name",
"gaps", "rules": [{"type", "name", "cadence", "period", "periods": [{"period", "status",
"required", "held", "missing"}], "groups": [...] (group-level rules)}]}]}.
"""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.compliance import (
    PERIOD_KINDS,
    BranchCompliance,
    PeriodResult,
    RuleResult,
    compliance_for,
    year_periods,
)
from branches.models import Organisation


class Command(BaseCommand):
    help = "Report required vs held meetings (三会一课 and the other rules) per branch and period."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="The year (default: this year).")
        parser.add_argument("--branch", type=int, help="Only the branch with this id.")
        parser.add_argument(
            "--period",
            choices=PERIOD_KINDS,
            help="Show every rule by month, quarter or year (default: each rule's own period).",
        )
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        year = options["year"] or today.year
        if not 2000 <= year <= 2100:
            raise CommandError("Give a year between 2000 and 2100.")
        branches = Organisation.objects.filter(kind=Organisation.Kind.BRANCH)
        if options["branch"] is not None:
            branches = branches.filter(pk=options["branch"])
            if not branches.exists():
                raise CommandError(f"No branch has the id {options['branch']}.")
        else:
            branches = branches.filter(is_active=True)
        results = compliance_for(branches, year=year, period_kind=options["period"], until=today)
        if options["format"] == "json":
            report = {
                "year": year,
                "as_of": today.isoformat(),
                "period": options["period"],
                "branches": [result.as_dict() for result in results],
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(results, year=year, today=today))


# --- the text table ----------------------------------------------------------------------
def _width(text: str) -> int:
    """Columns the text takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _cell(result: PeriodResult) -> str:
    if result.is_not_due:
        return "·"
    text = f"{result.held}/{result.required}"
    if result.is_due and result.missing:
        return f"{text} -{result.missing}"
    if result.is_in_progress and result.missing:
        return f"{text} …"
    return text


def _short(label: str, kind: str) -> str:
    """2026-03 → 03, 2026-Q1 → Q1, 2026 → 2026: the year is in the heading."""
    return label.split("-")[-1] if kind != "year" else label


def _rule_rows(rule: RuleResult) -> list[list[str]]:
    rows = [[rule.name, rule.cadence_label, *[_cell(p) for p in rule.periods]]]
    for group in rule.groups:
        rows.append([f"  └ {group.group.name}", "", *[_cell(p) for p in group.periods]])
    return rows


def _branch_table(result: BranchCompliance, year: int) -> list[str]:
    lines = [
        _("%(branch)s (id %(id)s): %(gaps)s missing, %(to_do)s still to hold")
        % {
            "branch": result.branch.name,
            "id": result.branch.pk,
            "gaps": result.gaps,
            "to_do": result.to_do,
        }
    ]
    if not result.rules:
        lines.append("  " + _("No rule applies."))
        return lines
    kinds = dict.fromkeys(rule.period_kind for rule in result.rules)  # in the rules' order
    for kind in kinds:
        rules = [rule for rule in result.rules if rule.period_kind == kind]
        header = [
            _("Rule"),
            _("Cadence"),
            *[_short(p.text, kind) for p in year_periods(year, kind)],
        ]
        rows = [header] + [row for rule in rules for row in _rule_rows(rule)]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
        lines.append("")
        for row in rows:
            lines.append(
                "  "
                + "  ".join(
                    _pad(text, width) for text, width in zip(row, widths, strict=True)
                ).rstrip()
            )
    return lines


def render_table(results: list[BranchCompliance], *, year: int, today) -> str:
    lines = [
        _("Compliance with the meeting cadence, %(year)s (as of %(today)s)")
        % {"year": year, "today": today.isoformat()},
        _("held/required · -N missing · … still to hold · · not due yet"),
    ]
    if not results:
        lines += ["", _("No branches.")]
    for result in results:
        lines.append("")
        lines += _branch_table(result, year)
    return "\n".join(lines) + "\n"
