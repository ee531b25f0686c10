"""Headers and attachments: images, video, audio, documents, locations and text headers."""

from __future__ import annotations

from typing import Any

from phone import lenient
from phone.formatting import whatsapp_format
from phone.model import Media

MEDIA_LABELS = {"image": "Image", "video": "Video", "audio": "Audio", "document": "Document"}


def media(
    kind: str,
    url: Any,
    *,
    filename: Any = None,
    allow_bare_host: bool = False,
    media_id: Any = None,
) -> Media:
    """An image, video, audio or document attachment; a placeholder when the URL is unusable.

    ``allow_bare_host`` where the validator takes "www.example.com/a.jpg" (template headers); a
    ``media_id`` (an upload 8x8 already holds) is valid without a link, so it is no problem.
    """
    label = MEDIA_LABELS.get(kind, "Media")
    shown = Media(
        kind=kind,
        url=lenient.safe_url(url, allow_bare_host=allow_bare_host),
        missing=lenient.url_problem(url, label, allow_bare_host=allow_bare_host),
    )
    if url is None and lenient.text(media_id).strip():
        shown.missing, shown.uploaded = "", True
    if kind == "document":
        shown.file_name = lenient.file_name(url, filename) or "Document"
        shown.file_type = lenient.file_type(shown.file_name) or "FILE"
        shown.icon = lenient.document_icon(shown.file_type)
    return shown


def location(value: Any) -> Media:
    place = lenient.obj(value)
    shown = Media(
        kind="location",
        name=lenient.text(place.get("name")).strip(),
        address=lenient.text(place.get("address")).strip(),
        coordinates=lenient.coordinates(place.get("latitude"), place.get("longitude")),
    )
    if not shown.coordinates:
        shown.missing = "Latitude and longitude missing"
    return shown


def interactive_header(value: Any) -> Media | None:
    """The header of an interactive message: text, or image / video / document by link."""
    header = lenient.obj(value)
    if not header:
        return None
    kind = lenient.key(header.get("type"))
    if kind in {"image", "video", "document"}:
        attachment = lenient.obj(header.get(kind))
        return media(
            kind,
            attachment.get("link"),
            filename=attachment.get("filename"),
            media_id=attachment.get("id"),
        )
    if kind == "text" or "text" in header:
        words = lenient.text(header.get("text")).strip()
        if not words:
            return Media(kind="text", missing="Header text missing")
        return Media(kind="text", text=whatsapp_format(words))
    return Media(
        kind="text", missing=f"Unsupported header type “{lenient.text(header.get('type'))}”"
    )
