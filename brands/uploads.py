"""The upload checks of the brands app, on the one check of activities/attachments.py.

Logos: images only (JPG, PNG, GIF, WebP) up to 2 MB. Honour certificates and project
attachments: what an activity may attach (photos, PDF, Word) up to its limit.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from activities.attachments import KINDS, check_file, check_upload
from brands.models import BrandError

IMAGE_KINDS = {ext: kind for ext, kind in KINDS.items() if kind.content_type.startswith("image/")}
LOGO_ACCEPT = ",".join(f".{ext}" for ext in IMAGE_KINDS)
LOGO_MAX_BYTES = 2 * 1024 * 1024


def check_logo(upload) -> str:
    try:
        return check_file(
            upload,
            kinds=IMAGE_KINDS,
            limit=LOGO_MAX_BYTES,
            wrong_type=_("%(name)s: a logo must be an image (JPG, PNG, GIF or WebP)."),
        )
    except ValidationError as error:
        raise BrandError(error.messages[0], field="logo") from None


def check_document(upload, *, field: str = "file") -> str:
    try:
        return check_upload(upload)
    except ValidationError as error:
        raise BrandError(error.messages[0], field=field) from None
