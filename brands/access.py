"""Who sees which brands: besides the scope of branches/access.py, every member reads
the brands, honours and rounds of their own court (the nearest organ committee above
their branch). One query per request, cached on the user like the scope."""

from branches.access import scope_for
from branches.models import Organisation

STEP = Organisation.steplen


def court_paths(user) -> tuple[str, ...]:
    cached = getattr(user, "_brands_court_paths", None)
    if cached is not None:
        return cached
    paths: tuple[str, ...] = ()
    member = scope_for(user).member
    if member is not None and member.branch_id is not None:
        branch_path = (
            Organisation.objects.filter(pk=member.branch_id).values_list("path", flat=True).first()
        )
        if branch_path:
            prefixes = [branch_path[: STEP * n] for n in range(1, len(branch_path) // STEP + 1)]
            committee = (
                Organisation.objects.filter(kind=Organisation.Kind.COMMITTEE, path__in=prefixes)
                .order_by("-depth")
                .values_list("path", flat=True)
                .first()
            )
            paths = (committee or branch_path,)
    if user is not None and user.is_authenticated:
        user._brands_court_paths = paths
    return paths


def reads(user, organisation) -> bool:
    """May read what belongs to `organisation` (its brand, honours, projects)."""
    scope = scope_for(user)
    if scope.manages(organisation):
        return True
    return any(organisation.path.startswith(p) for p in court_paths(user))
