"""The one way a view gets the object (or page) it works on, and the one rule it follows.

* Outside the user's scope → 404, as if it did not exist: an object their scoped queryset
  (`visible_to(user)`) does not hold, or one they may not even look at in this way (the
  `see` permission: another member's points, a leaders' page).
* Visible but not allowed → 403: an action on an object they can see (the `change`
  permission: a member editing their branch, a secretary approving their own claim)::

    member = fetch(Member.objects.visible_to(request.user), pk=pk,
                   user=request.user, change="branches.change_member")
    require_page(request.user, "points.view_pending_claims")     # a leaders' page: 404
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404


def fetch(scoped, *, user, see: str | None = None, change: str | None = None, **lookup):
    """The object of the scoped queryset `scoped` matching `lookup` (404 when none).

    `see`: a permission the user needs to look at it here (404 without it).
    `change`: a permission the user needs for the action (403 without it).
    """
    obj = get_object_or_404(scoped, **lookup)
    if see is not None and not user.has_perm(see, obj):
        raise Http404
    if change is not None:
        require_change(user, change, obj)
    return obj


def require_page(user, perm: str, obj=None) -> None:
    """A page the user's role does not have (a leaders' page for a member): 404."""
    if not user.has_perm(perm, obj):
        raise Http404


def require_change(user, perm: str, obj=None) -> None:
    """An action the user may not take on something they can see: 403."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
