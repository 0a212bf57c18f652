"""What an activity's attachment may be: photos, PDF and Word files of limited size.

The check is the portal's one upload check, branches.uploads.validate_upload: the
extension must be one of KINDS, the bytes must be that kind of file (a renamed program,
an HTML page or an image that is also a web page is refused), and the file may not be
larger than settings.ACTIVITY_ATTACHMENT_MAX_MB (10 MB by default). The stored name is
sanitised and the content type stored and served is the sniffed one, never the browser's.
"""

from django.conf import settings

from branches import uploads

KINDS = (*uploads.IMAGES, *uploads.PDF, *uploads.WORD)
ACCEPT = uploads.accept(KINDS)


def max_bytes() -> int:
    return int(getattr(settings, "ACTIVITY_ATTACHMENT_MAX_MB", 10) * 1024 * 1024)


def check_upload(upload) -> uploads.CheckedUpload:
    """The checked attachment (name to store, content type); raise ValidationError otherwise."""
    return uploads.validate_upload(upload, kinds=KINDS, max_bytes=max_bytes())
