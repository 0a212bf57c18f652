"""Reading members and organisations: filters shared by the pages and exports that list them."""

from django.db.models import Q, QuerySet

from branches.models import Member

# The GET parameters filter_members understands (the member directory and its export).
MEMBER_FILTER_PARAMS = ("q", "branch", "status", "job_category", "state")
_CHOICE_FILTERS = {
    "status": Member.Status,
    "job_category": Member.JobCategory,
    "state": Member.State,
}


def filter_members(queryset: QuerySet, params) -> QuerySet:
    """Narrow a (scoped) member queryset by the directory's GET parameters.

    q: part of the name, employee number or department; branch: a branch's pk;
    status, job_category, state: a choice value. Empty or unknown values are ignored,
    so a hand-edited URL never fails; an absent parameter does not filter.
    """
    text = (params.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text)
            | Q(employee_number__icontains=text)
            | Q(department__icontains=text)
        )
    branch = (params.get("branch") or "").strip()
    if branch.isdigit():
        queryset = queryset.filter(branch_id=int(branch))
    for name, choices in _CHOICE_FILTERS.items():
        value = params.get(name)
        if value in choices.values:
            queryset = queryset.filter(**{name: value})
    return queryset
