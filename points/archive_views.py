"""The performance archive page: the member, their branch's leaders and committee staff; others 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from branches.access import scope_for
from branches.models import Member
from points.archive import archive_years, performance_archive
from points.views import _require


@login_required
def archive(request, pk, year):
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("branch", "group"), pk=pk
    )
    _require(request.user, "points.view_archive", member)
    years = archive_years(member)
    if not 2000 <= year <= max(years):
        raise Http404
    own = scope_for(request.user).member
    return render(
        request,
        "points/archive.html",
        {
            "archive": performance_archive(member, year),
            "member": member,
            "year": year,
            "years": years,
            "is_self": own is not None and own.pk == member.pk,
        },
    )
