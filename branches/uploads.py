"""One check for every file the portal accepts, and one way to send a stored file back.

Activity attachments (activities/attachments.py), claim evidence (points/evidence.py),
Excel imports (branches/xlsx.py) and any later upload (brand logos, honour certificates,
task evidence) pass through `validate_upload`:

    from branches.uploads import IMAGES, PDF, WORD, validate_upload

    checked = validate_upload(upload, kinds=(*IMAGES, *PDF, *WORD), max_bytes=10 * 1024 * 1024)
    Model.objects.create(file=upload, name=checked.name, content_type=checked.content_type)

It raises django.core.exceptions.ValidationError (a Chinese message naming the file, and a
`code`: file_size, file_web, file_type or file_content) unless

* the file is at most `max_bytes` long;
* its first kilobyte holds no web-page code (`<html`, `<script`, `<svg`, `<!doctype` …):
  a GIF or PDF that is also an HTML page (a polyglot), an HTML page or an SVG image is
  refused whatever its name, with the same message everywhere;
* its extension is one of `kinds` (the keys of KINDS below);
* its bytes are that kind of file: the magic bytes of PNG, JPEG, GIF, WebP, PDF, OLE
  (old .doc/.xls), and for .docx/.xlsx/.pptx a zip whose [Content_Types].xml declares the
  matching main part.

It returns a `CheckedUpload`: `name`, the display name to store (`clean_name`: no folders,
no control characters such as CR/LF, no quotes or path separators, at most 100
characters, extension kept), the sniffed `content_type` (never the browser's), and
`is_image`. Serve the stored file with `file_response`: images inline, everything else
as a download, always with the stored content type and `X-Content-Type-Options: nosniff`.
"""

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 100
WEB_MARKERS = (b"<html", b"<script", b"<svg", b"<!doctype", b"<body", b"<iframe", b"<head")
HEAD_BYTES = 1024


@dataclass(frozen=True)
class Kind:
    label: str  # shown in messages
    content_type: str
    matches: Callable[[object, bytes], bool]  # (file, first bytes) → is it this kind?

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the sanitised display name to store
    content_type: str  # sniffed from the bytes
    is_image: bool


def _starts(*prefixes: bytes):
    return lambda file, head: any(head.startswith(prefix) for prefix in prefixes)


def _webp(file, head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _office_zip(main_part: str):
    """A zip whose [Content_Types].xml declares `main_part` (docx, xlsx, pptx)."""

    def matches(file, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > 256 * 1024:
                    return False
                types = archive.read(info)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
            return False
        finally:
            file.seek(0)
        return main_part.encode() in types

    return matches


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
JPEG = Kind("JPG", "image/jpeg", _starts(b"\xff\xd8\xff"))
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {
    "png": Kind("PNG", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": JPEG,
    "jpeg": JPEG,
    "gif": Kind("GIF", "image/gif", _starts(b"GIF87a", b"GIF89a")),
    "webp": Kind("WebP", "image/webp", _webp),
    "pdf": Kind("PDF", "application/pdf", _starts(b"%PDF-")),
    "doc": Kind("Word", "application/msword", _starts(OLE)),
    "xls": Kind("Excel", "application/vnd.ms-excel", _starts(OLE)),
    "docx": Kind(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _office_zip("wordprocessingml.document.main+xml"),
    ),
    "xlsx": Kind("Excel", XLSX_TYPE, _office_zip("spreadsheetml.sheet.main+xml")),
    "pptx": Kind(
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _office_zip("presentationml.presentation.main+xml"),
    ),
}
IMAGES = ("jpg", "jpeg", "png", "gif", "webp")
PDF = ("pdf",)
WORD = ("doc", "docx")
EXCEL = ("xlsx",)
INLINE_TYPES = frozenset(kind.content_type for kind in KINDS.values() if kind.is_image)


def accept(kinds: Iterable[str]) -> str:
    """The file input's `accept` attribute for these kinds: ".jpg,.png,…"."""
    return ",".join(f".{extension}" for extension in kinds)


def clean_name(name: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """A file name safe to store and show: the last path part, without control or format
    characters (CR, LF, tab, bidi overrides), quotes, slashes, backslashes or <>:*?|, white
    space collapsed, at most `max_length` characters with the extension kept; "file" when
    nothing is left of the stem."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        "" if unicodedata.category(char) == "Cf" else " " if _is_break(char) else char
        for char in name
    )
    name = re.sub(r"[\"'`<>:*?|]", "", name)
    name = re.sub(r"\s+", " ", name).strip()
    match = re.search(r"\.[A-Za-z0-9]{1,10}$", name)
    suffix = match.group(0).lower() if match else ""
    stem = name[: len(name) - len(suffix)].strip(" .") or "file"
    return stem[: max(1, max_length - len(suffix))].rstrip(" .") + suffix


def _is_break(char: str) -> bool:
    """Control characters (CR, LF, tab …) and line or paragraph separators."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def has_web_code(head: bytes) -> bool:
    """Does this start of a file hold HTML, script or SVG that a browser might run?"""
    lowered = head.lower()
    return any(marker in lowered for marker in WEB_MARKERS)


def validate_upload(file, *, kinds: Iterable[str], max_bytes: int) -> CheckedUpload:
    """Check an uploaded file (see the module's docstring); return its CheckedUpload."""
    name = clean_name(getattr(file, "name", "") or "")
    kinds = tuple(kinds)
    if file.size > max_bytes:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": _megabytes(max_bytes)},
            code="file_size",
        )
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if has_web_code(head):
        raise ValidationError(
            _("%(name)s contains web page code (HTML, SVG or script) and cannot be uploaded.")
            % {"name": name},
            code="file_web",
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in kinds:
        labels = []
        for allowed in kinds:
            if KINDS[allowed].label not in labels:
                labels.append(KINDS[allowed].label)
        raise ValidationError(
            _("%(name)s: only these kinds of file can be uploaded here: %(kinds)s.")
            % {"name": name, "kinds": "、".join(labels)},
            code="file_type",
        )
    kind = KINDS[extension]
    if not kind.matches(file, head):
        raise ValidationError(
            _("%(name)s is not really a %(extension)s file.")
            % {"name": name, "extension": extension.upper()},
            code="file_content",
        )
    file.seek(0)
    return CheckedUpload(name=name, content_type=kind.content_type, is_image=kind.is_image)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"


def file_response(handle, *, name: str, content_type: str) -> FileResponse:
    """Send a stored upload: images inline, anything else as a download named `name`.

    The content type is the one stored at upload (sniffed), the browser is told not to
    guess another one, and the response may not run anything even if it were opened as a
    page (a sandboxing Content-Security-Policy).
    """
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=clean_name(name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
