"""What an activity's attachment may be: photos, PDF and Word files of limited size.

A file passes when its extension is allowed, its first bytes match that kind of file
(so a renamed program is refused), and it is not larger than
settings.ACTIVITY_ATTACHMENT_MAX_MB (10 MB by default). The content type stored and
served comes from this table, never from the browser.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    matches: Callable[[bytes], bool]


def _starts(*prefixes: bytes):
    return lambda head: any(head.startswith(prefix) for prefix in prefixes)


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


JPEG = Kind("image/jpeg", _starts(b"\xff\xd8"))
KINDS = {
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": Kind("image/png", _starts(b"\x89PNG")),
    "gif": Kind("image/gif", _starts(b"GIF8")),
    "webp": Kind("image/webp", _webp),
    "pdf": Kind("application/pdf", _starts(b"%PDF")),
    "doc": Kind("application/msword", _starts(b"\xd0\xcf\x11\xe0")),
    "docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _starts(b"PK\x03\x04"),
    ),
}
ACCEPT = ",".join(f".{extension}" for extension in KINDS)


def max_bytes() -> int:
    return int(getattr(settings, "ACTIVITY_ATTACHMENT_MAX_MB", 10) * 1024 * 1024)


def check_upload(upload) -> str:
    """Return the content type of an acceptable attachment; raise ValidationError otherwise."""
    return check_file(
        upload,
        kinds=KINDS,
        limit=max_bytes(),
        wrong_type=_(
            "%(name)s: only photos (JPG, PNG, GIF, WebP), PDF and Word files can be attached."
        ),
    )


def check_file(upload, *, kinds: dict[str, Kind], limit: int, wrong_type: str) -> str:
    """Check an upload against `kinds` (extension → Kind) and a size limit in bytes.

    Returns the content type from the table; raises ValidationError with `wrong_type`
    (a message with %(name)s) for an extension not in `kinds`. Also used by the points
    app for claim evidence.
    """
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    kind = kinds.get(extension)
    if kind is None:
        raise ValidationError(wrong_type % {"name": name}, code="file_type")
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": name, "limit": limit // (1024 * 1024)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not kind.matches(head):
        raise ValidationError(
            _("%(name)s is not really a %(extension)s file.")
            % {"name": name, "extension": extension.upper()},
            code="file_content",
        )
    return kind.content_type
