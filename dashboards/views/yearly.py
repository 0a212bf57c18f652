"""Documents of a year: the annual statistics (page, Excel, Word) and a branch's
yearly record (page, Word)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from branches.xlsx import xlsx_response
from dashboards import annual, exports, record
from dashboards.views.common import (
    branch_and_rating,
    docx_response,
    local_today,
    organisation_param,
    period_choices,
    period_param,
)


def _annual(request):
    organisation = organisation_param(request)
    period = period_param(request)
    return organisation, period, annual.annual_statistics(organisation, period)


@login_required
def annual_page(request):
    organisation, period, data = _annual(request)
    return render(
        request,
        "dashboards/annual.html",
        {
            "organisation": organisation,
            "period": period,
            "data": data,
            "paragraph": annual.summary_paragraph(data),
            "period_choices": period_choices(period),
            "export_query": urlencode({"org": organisation.pk, "period": period.value}),
        },
    )


def annual_rows(data: annual.AnnualStatistics) -> dict:
    r = data.results
    return {
        "types": [
            [item.activity_type.name, str(item.activity_type.get_category_display()), item.count]
            for item in data.by_type
        ],
        "categories": [[label, n] for _code, label, n in data.by_category],
        "overview": [
            [_("Activities held"), data.held],
            [_("Branches"), data.branches],
            [_("Members"), data.members],
            [_("Members reached"), data.members_reached],
            [_("Service activities with results"), r.activities],
            [_("People served"), r.people_served],
            [_("Disputes resolved"), r.disputes_resolved],
            [_("Suggestions collected"), r.suggestions_collected],
            [_("Service hours"), str(r.service_hours)],
        ],
        "honours": [
            [_(annual.HONOUR_LABELS.get(k, k)), n] for k, n in (data.honours or {}).items()
        ],
        "brands": [[stage, n] for stage, n in (data.brands or {}).items()],
    }


@login_required
def annual_xlsx(request):
    organisation, period, data = _annual(request)
    rows = annual_rows(data)
    content = exports.workbook(
        [
            (_("Overview"), [_("Figure"), _("Value")], rows["overview"]),
            (_("By type"), [_("Activity type"), _("Category"), _("Held")], rows["types"]),
            (_("By category"), [_("Category"), _("Held")], rows["categories"]),
            (_("Honours"), [_("Level"), _("Number")], rows["honours"]),
            (_("Brands"), [_("Stage"), _("Branches")], rows["brands"]),
            (_("Summary"), [_("Paragraph")], [[annual.summary_paragraph(data)]]),
        ]
    )
    return xlsx_response(content, f"{organisation.name}-{period.value}-年度统计.xlsx")


@login_required
def annual_docx(request):
    organisation, period, data = _annual(request)
    rows = annual_rows(data)
    blocks = [
        ("p", annual.summary_paragraph(data)),
        ("h", _("Overview")),
        ("table", [_("Figure"), _("Value")], rows["overview"]),
        ("h", _("Activities by type")),
        ("table", [_("Activity type"), _("Category"), _("Held")], rows["types"]),
        ("h", _("Activities by category")),
        ("table", [_("Category"), _("Held")], rows["categories"]),
    ]
    if data.honours is not None:
        blocks += [("h", _("Honours")), ("table", [_("Level"), _("Number")], rows["honours"])]
    if data.brands is not None:
        blocks += [("h", _("Brands")), ("table", [_("Stage"), _("Branches")], rows["brands"])]
    title = _("%(organisation)s: statistics of %(period)s") % {
        "organisation": organisation.name,
        "period": period.label,
    }
    return docx_response(
        exports.document(title, blocks), f"{organisation.name}-{period.value}-年度统计.docx"
    )


@login_required
def branch_record(request, pk, year):
    organisation, _rating_row = branch_and_rating(request, pk, year)
    data = record.branch_record(organisation, year, today=local_today())
    return render(
        request, "dashboards/record.html", {"record": data, "branch": organisation, "year": year}
    )


@login_required
def branch_record_docx(request, pk, year):
    organisation, _rating_row = branch_and_rating(request, pk, year)
    data = record.branch_record(organisation, year, today=local_today())
    blocks = [
        ("h", _("Meetings held")),
        ("table", [_("Activity type"), _("Held")], data.meetings),
        (
            "p",
            _("Required meetings %(required)s, held %(held)s, missing %(missing)s.")
            % {
                "required": data.cadence.required,
                "held": data.cadence.held,
                "missing": data.cadence.missing,
            },
        ),
    ]
    if data.gaps:
        blocks.append(("table", [_("Meeting"), _("Period"), _("Missing")], data.gaps))
    blocks.append(("h", _("Ledger tasks")))
    if data.ledger is not None:
        blocks.append(
            (
                "table",
                [_("Due"), _("Done"), _("Overdue"), _("Waived")],
                [[data.ledger.due, data.ledger.done, data.ledger.overdue, data.ledger.waived]],
            )
        )
    else:
        blocks.append(("p", "—"))
    blocks += [
        ("h", _("Democratic evaluation")),
        ("table", [_("Grade"), _("Members")], data.grades),
    ]
    blocks.append(("h", _("Honours")))
    blocks.append(
        (
            "table",
            [_("Level"), _("Number")],
            [[_(annual.HONOUR_LABELS.get(k, k)), n] for k, n in (data.honours or {}).items()],
        )
        if data.honours
        else ("p", "—")
    )
    blocks.append(("h", _("Star rating")))
    if data.rating:
        blocks.append(
            (
                "table",
                [_("Computed score"), _("Computed stars"), _("Confirmed stars"), _("Reason")],
                [
                    [
                        str(data.rating.computed_score),
                        data.rating.computed_stars,
                        data.rating.confirmed_stars,
                        data.rating.reason,
                    ]
                ],
            )
        )
    else:
        blocks.append(("p", "—"))
    title = _("%(branch)s: record of %(year)s") % {"branch": organisation.name, "year": year}
    return docx_response(
        exports.document(title, blocks), f"{organisation.name}-{year}-年度档案.docx"
    )
