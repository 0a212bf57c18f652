"""What the pages of the ledgers app share: objects through the scoped querysets
(outsiders 404), today's date, the branches of the assessment pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches.models import Organisation
from ledgers.models import (
    ResponsibilityList,
    Task,
)

PAGE_SIZE = 30


def local_today():
    return timezone.localdate()


def get_list(request, pk) -> ResponsibilityList:
    return get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user).select_related(
            "organisation", "member__branch"
        ),
        pk=pk,
    )


def get_task(request, pk) -> Task:
    return get_object_or_404(
        Task.objects.visible_to(request.user).select_related(
            "responsibility_list__organisation",
            "responsibility_list__member__branch",
            "assignee_organisation",
            "assignee_member",
            "target_activity_type",
            "target_series",
            "parent",
        ),
        pk=pk,
    )


def get_organisation(request, pk) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)


def assessment_branches(request):
    return Organisation.objects.visible_to(request.user).filter(
        kind=Organisation.Kind.BRANCH, is_active=True
    )
