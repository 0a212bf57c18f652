"""What a claim's evidence file may be: a photo, PDF or Word file, at most 10 MB.

The check is the portal's one upload check, branches.uploads.validate_upload (the same
as for activity attachments): the extension must be one of KINDS, the bytes must be that
kind of file (renamed programs, HTML pages and image/web-page polyglots are refused), and
the file may not be larger than settings.POINTS_EVIDENCE_MAX_MB (10 by default). The
stored name is sanitised; the content type stored and served is the sniffed one.
"""

from django.conf import settings

from branches import uploads

KINDS = (*uploads.IMAGES, *uploads.PDF, *uploads.WORD)
ACCEPT = uploads.accept(KINDS)


def max_bytes() -> int:
    return int(getattr(settings, "POINTS_EVIDENCE_MAX_MB", 10) * 1024 * 1024)


def check_evidence(upload) -> uploads.CheckedUpload:
    """The checked evidence file (name to store, content type); raise ValidationError otherwise."""
    return uploads.validate_upload(upload, kinds=KINDS, max_bytes=max_bytes())
