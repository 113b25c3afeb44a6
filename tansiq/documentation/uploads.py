"""What an evidence file is, judged by its bytes (libmagic), never by its name or a form field.

`inspect_upload` accepts a file only if it is no larger than `TANSIQ_MAX_UPLOAD_BYTES` (25 MiB
by default) and its content is one of `EVIDENCE_TYPES` (photos, video, audio, PDF, plain text,
ODT/DOCX documents: what documenters record on a phone or receive from a witness). Content a
browser would run (HTML, SVG, XML, JavaScript) is refused even if named `.jpg`. A name whose
extension disagrees with the content is renamed to the content's extension (a JPEG sent as
`photo.png` is stored as `photo.jpg`): refusing it would lose evidence that messaging apps
mislabel every day, and the stored name then never lies about the bytes.

`public_copy` makes the copy a public page may serve: images re-encoded by Pillow with every
EXIF/XMP block (GPS position, camera serial, time) left out; the original keeps its bytes and
sha256 as the evidentiary copy. Types Pillow cannot re-encode here (HEIC, video, audio,
documents) get no public copy and are never served to the public as files.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# libmagic decides from the start of a file; office documents need the first zip entries.
SNIFF_BYTES = 1024 * 1024

# Content type -> the extensions a file of that type may carry (the first is the one it gets).
EVIDENCE_TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg", ".jfif"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "image/gif": (".gif",),
    "image/heic": (".heic",),
    "image/heif": (".heif",),
    "video/mp4": (".mp4", ".m4v"),
    "video/3gpp": (".3gp",),
    "video/quicktime": (".mov",),
    "video/webm": (".webm",),
    "audio/mpeg": (".mp3",),
    "audio/ogg": (".ogg", ".opus", ".oga"),
    "audio/x-m4a": (".m4a",),
    "audio/amr": (".amr",),
    "audio/x-wav": (".wav",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
}

# Content a browser runs or renders with scripts: named in the refusal, never stored.
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "application/xhtml+xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
    }
)
# Names of script and markup files: plain text under such a name is source code, not testimony.
ACTIVE_EXTENSIONS = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".js", ".mjs", ".php"}
)
# Markup a browser would sniff as HTML if a header were lost (WHATWG MIME sniffing), anywhere in
# the start of a "plain text" file.
_MARKUP = re.compile(
    rb"<\s*(script|html|svg|iframe|body|head|object|embed|!doctype\s+html|\?xml)\b", re.I
)
# Images Pillow re-encodes without their metadata (the public copy).
_REENCODED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}


def max_upload_bytes() -> int:
    """The largest evidence file accepted, in bytes (setting `TANSIQ_MAX_UPLOAD_BYTES`)."""
    return int(getattr(settings, "TANSIQ_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted file: its type from its content and the name it is stored under."""

    mime_type: str
    name: str
    original_name: str


def _refuse(message: Any, **params: Any) -> ValidationError:
    return ValidationError({"file": ValidationError(message, params=params)})


def _head(file: Any) -> bytes:
    file.seek(0)
    head = bytes(file.read(SNIFF_BYTES))
    file.seek(0)
    return head


def content_type(file: Any, name: str) -> str:
    """The content type libmagic finds in the start of `file` (markup dressed as text: HTML)."""
    head = _head(file)
    found = str(magic.from_buffer(head, mime=True)) if head else "application/x-empty"
    suffix = PurePath(name).suffix.lower()
    if found == "text/plain" and (suffix in ACTIVE_EXTENSIONS or _MARKUP.search(head)):
        # Markup or script dressed as text is treated as what it is.
        return "text/javascript" if suffix in (".js", ".mjs") else "text/html"
    return found


def renamed(name: str, mime_type: str) -> str:
    """`name` with the extension of `mime_type` (an evidence type) unless it has one already."""
    path = PurePath(name)
    stem = path.stem if path.suffix else path.name
    extensions = EVIDENCE_TYPES[mime_type]
    if path.suffix.lower() in extensions:
        return path.name
    return f"{stem or 'evidence'}{extensions[0]}"


def inspect_upload(file: Any) -> CheckedUpload:
    """Check an uploaded file by its size and content; raise `ValidationError` on `file`.

    The size is checked before a byte is read. The refusal names the file and, for a size,
    the limit; for a type, what the content was found to be.
    """
    original = PurePath(str(getattr(file, "name", "") or "")).name
    limit = max_upload_bytes()
    size = file.size
    if size > limit:
        raise _refuse(
            _("“%(name)s” is %(size)s; evidence files may be at most %(limit)s."),
            name=original,
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    mime_type = content_type(file, original)
    if mime_type in ACTIVE_TYPES:
        raise _refuse(
            _(
                "“%(name)s” contains web page or script content (%(type)s), which could run "
                "in a reader's browser; it was not stored. Send a photo, video, audio "
                "recording, PDF or text document."
            ),
            name=original,
            type=mime_type,
        )
    if mime_type not in EVIDENCE_TYPES:
        raise _refuse(
            _(
                "“%(name)s” is not a kind of file accepted as evidence (its content is "
                "%(type)s). Send a photo, video, audio recording, PDF or text document."
            ),
            name=original,
            type=mime_type,
        )
    return CheckedUpload(mime_type, renamed(original, mime_type), original)


def public_copy(file: Any, mime_type: str) -> ContentFile[bytes] | None:
    """An image re-encoded without EXIF/XMP metadata (no GPS), or None when there is none.

    The orientation EXIF asked for is applied to the pixels first, so the copy is upright.
    Files Pillow cannot decode here (HEIC, damaged images, decompression bombs) get no copy.
    """
    image_format = _REENCODED.get(mime_type)
    if image_format is None:
        return None
    file.seek(0)
    try:
        with Image.open(io.BytesIO(file.read())) as source:
            animated = getattr(source, "n_frames", 1) > 1
            image = source if animated else ImageOps.exif_transpose(source)
            icc = source.info.get("icc_profile")
            image.info = {}
            out = io.BytesIO()
            options: dict[str, Any] = {"save_all": True} if animated else {}
            if icc:
                options["icc_profile"] = icc  # colours, no location
            image.save(out, image_format, **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)
    return ContentFile(out.getvalue())
