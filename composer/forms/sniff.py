"""Whether a file's bytes are what its name says: WhatsApp refuses media whose content is not the
declared type (a text file named photo.png), so the composer refuses it first.

The bytes are read by puremagic (signature tables of thousands of formats); several extensions
share a container (Word, Excel and PowerPoint 97 are OLE2 files, their successors ZIP packages,
MP4, M4A and 3GP are ISO media files), so an extension is matched against its family.
"""

from __future__ import annotations

import puremagic

HEAD_BYTES = 8192  # enough for every signature puremagic looks for in these formats

JPEG = {".jpg", ".jpeg", ".jpe", ".jfif"}
ISO_MEDIA = {".mp4", ".m4v", ".m4a", ".f4a", ".3gp", ".3g2", ".3ga", ".mov"}
OLE2 = {".doc", ".xls", ".ppt"}
OOXML = {".docx", ".xlsx", ".pptx"}
FAMILIES: dict[str, set[str]] = {
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": {".png"},
    ".mp4": ISO_MEDIA,
    ".3gp": ISO_MEDIA,
    ".m4a": ISO_MEDIA,
    ".aac": {".aac"},
    ".amr": {".amr"},
    ".mp3": {".mp3"},
    ".ogg": {".ogg", ".oga"},
    ".pdf": {".pdf"},
    **dict.fromkeys(OLE2, OLE2),
    **dict.fromkeys(OOXML, OOXML),
}


def sniffed_extensions(head: bytes) -> set[str]:
    """Every extension whose signature the bytes carry (empty when none matches)."""
    try:
        return {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:  # no known signature: plain text, or garbage
        return set()


def looks_like_text(head: bytes) -> bool:
    """Plain text has no signature: no NUL byte, and it decodes as UTF-8."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may end inside a multi-byte character; only an earlier error counts.
        return exc.start >= len(head) - 3
    return True


def content_matches(extension: str, head: bytes) -> bool:
    """True when `head` (a file's first bytes) is a file of the type `extension` declares."""
    if extension == ".txt":
        return looks_like_text(head)
    family = FAMILIES.get(extension, {extension})
    return bool(sniffed_extensions(head) & family)
