"""The performance archive page: the member, their branch's leaders and committee staff; others 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from branches.access import scope_for
from branches.fetch import fetch
from branches.models import Member
from points.archive import archive_years, performance_archive


@login_required
def archive(request, pk, year):
    member = fetch(
        Member.objects.visible_to(request.user).select_related("branch", "group"),
        pk=pk,
        user=request.user,
        see="points.view_archive",
    )
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
