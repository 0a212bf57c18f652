"""The upload checks of the brands app, on the portal's one check (branches/uploads.py).

Logos: images only (JPG, PNG, GIF, WebP) up to 2 MB. Honour certificates and project
attachments: what an activity may attach (photos, PDF, Word) up to its limit. Both return
the sniffed content type to store; store the display name through `clean_name`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from activities.attachments import check_upload
from branches.uploads import IMAGES, accept, clean_name, validate_upload
from brands.models import BrandError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_ACCEPT = accept(IMAGES)

__all__ = ["LOGO_ACCEPT", "check_document", "check_logo", "clean_name"]


def check_logo(upload) -> str:
    try:
        return validate_upload(upload, kinds=IMAGES, max_bytes=LOGO_MAX_BYTES).content_type
    except ValidationError as error:
        message = error.messages[0]
        if error.code == "file_type":
            message = _("%(name)s: a logo must be an image (JPG, PNG, GIF or WebP).") % {
                "name": clean_name(upload.name)
            }
        raise BrandError(message, field="logo") from None


def check_document(upload, *, field: str = "file") -> str:
    try:
        return check_upload(upload).content_type
    except ValidationError as error:
        raise BrandError(error.messages[0], field=field) from None
