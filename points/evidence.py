"""What a claim's evidence file may be: PDF, JPG, PNG or Word, at most 10 MB.

A file passes when its extension is allowed, its first bytes match that kind of file
(a renamed program is refused) and it is not larger than settings.POINTS_EVIDENCE_MAX_MB
(10 by default). The content type stored and served comes from this table, never from
the browser. The file kinds are the activities app's (activities/attachments.py).
"""

from django.conf import settings
from django.utils.translation import gettext as _

from activities.attachments import KINDS as ATTACHMENT_KINDS
from activities.attachments import check_file

KINDS = {
    extension: ATTACHMENT_KINDS[extension]
    for extension in ("pdf", "jpg", "jpeg", "png", "doc", "docx")
}
ACCEPT = ",".join(f".{extension}" for extension in KINDS)


def max_bytes() -> int:
    return int(getattr(settings, "POINTS_EVIDENCE_MAX_MB", 10) * 1024 * 1024)


def check_evidence(upload) -> str:
    """Return the content type of an acceptable evidence file; raise ValidationError otherwise."""
    return check_file(
        upload,
        kinds=KINDS,
        limit=max_bytes(),
        wrong_type=_("%(name)s: the evidence must be a PDF, JPG, PNG or Word file."),
    )
