"""What the pages of the brands app share: fetching a brand or an organisation
(outsiders 404), a stored file, the year of the page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches import uploads
from branches.access import scope_for
from branches.models import Organisation
from brands.access import reads
from brands.models import Brand

PAGE_SIZE = 25


def brand_or_404(request, pk) -> Brand:
    return get_object_or_404(
        Brand.objects.visible_to(request.user).select_related("organisation", "replaced_by"),
        pk=pk,
    )


def organisation_or_404(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not reads(request.user, organisation) and not scope_for(request.user).is_admin:
        raise Http404
    return organisation


def stored_file(field, *, name, content_type):
    """A stored logo or file, through the portal's one file response (images inline)."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return uploads.file_response(handle, name=name, content_type=content_type)


def year_param(request) -> int:
    value = request.GET.get("year", "")
    today = timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else today.year
