"""WhatsApp fetches a media message's file and refuses one whose bytes are not of the message's
type (Meta 131053, 8x8 1027): a text file sent as an image is undelivered, not shown.

The sandbox can only look inside files it stores itself (its files endpoint); a link elsewhere
cannot be fetched from here and is taken as it is. Bytes are read with puremagic.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import puremagic

from sandbox.files import file_open
from sandbox.models import SandboxFile, SandboxMessage

HEAD_BYTES = 8192
# What WhatsApp takes for each media type, by the extensions puremagic names for the bytes.
ACCEPTED = {
    "image": {".jpg", ".jpeg", ".jpe", ".jfif", ".png"},
    "video": {".mp4", ".m4v", ".3gp", ".3g2", ".mov"},
    "audio": {".aac", ".amr", ".mp3", ".m4a", ".f4a", ".ogg", ".oga"},
    "file": {".pdf", ".doc", ".xls", ".ppt", ".docx", ".xlsx", ".pptx"},
}


def _stored_file(url: object) -> SandboxFile | None:
    """The sandbox's own file a message links to, if it does."""
    if not isinstance(url, str):
        return None
    path = urlsplit(url.strip()).path
    if "/files/" not in path:
        return None
    return SandboxFile.objects.filter(file_name=path.rsplit("/", 1)[-1]).first()


def _is_text(head: bytes) -> bool:
    return b"\x00" not in head and bool(head.strip())


def media_refused(message: SandboxMessage) -> bool:
    """True when the message's own stored file is not of the type the message declares."""
    accepted = ACCEPTED.get(message.type)
    content = message.body.get("content") if isinstance(message.body, dict) else None
    if accepted is None or not isinstance(content, dict):
        return False
    stored = _stored_file(content.get("url"))
    if stored is None:
        return False
    with file_open(stored) as handle:
        head = handle.read(HEAD_BYTES)
    try:
        sniffed = {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        sniffed = set()
    if message.type == "file" and not sniffed and _is_text(head):
        return False  # plain text documents have no signature
    return not (sniffed & accepted)
