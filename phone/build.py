"""Turn any 8x8 single-send body, however incomplete, into a MessageView."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from phone import lenient
from phone.formatting import whatsapp_format
from phone.interactive import Products, interactive_view
from phone.media import location, media
from phone.model import MessageView
from phone.template_message import template_view

MEDIA_TYPES = {
    "image": "image",
    "video": "video",
    "audio": "audio",
    "file": "document",
    "document": "document",
}
RCS_ONLY = {"carousel", "richcard"}
# Keys only found in `content`: a bare content object (8x8's SMS fallback sample) has them.
CONTENT_KEYS = {"text", "url", "location", "template", "interactive", "fallbackText", "sms"}


def message_content(body: Any) -> Mapping[str, Any]:
    message = lenient.obj(body)
    content = message.get("content")
    if isinstance(content, Mapping):
        return content
    if CONTENT_KEYS & set(message):
        return message
    return {}


def message_type(body: Any, content: Mapping[str, Any]) -> str:
    """The lower-cased type, guessed from the content when the body does not say."""
    kind = lenient.key(lenient.obj(body).get("type"))
    if kind:
        return kind
    for guess in ("template", "interactive", "location"):
        if guess in content:
            return guess
    if "url" in content:
        return "image"
    if "text" in content:
        return "text"
    return ""


def message_view(body: Any, *, template: Any = None, products: Products = None) -> MessageView:
    content = message_content(body)
    kind = message_type(body, content)
    caption = lenient.text(content.get("text")).strip()
    if kind == "text":
        view = MessageView(body=whatsapp_format(caption) if caption else "")
        view.body_missing = "" if caption else "Message text"
    elif kind in MEDIA_TYPES:
        view = MessageView(header=media(MEDIA_TYPES[kind], content.get("url")))
        if kind == "audio" and caption:
            view.notes.append("WhatsApp shows no caption on audio messages")
        elif caption:
            view.body = whatsapp_format(caption)
    elif kind == "location":
        view = MessageView(header=location(content.get("location")))
    elif kind == "template":
        view = template_view(content, template=template)
    elif kind == "interactive":
        view = interactive_view(content, products=products)
    elif kind in RCS_ONLY:
        named = lenient.text(lenient.obj(body).get("type"))
        view = MessageView(notes=[f"“{named}” is shown on RCS only, not WhatsApp"])
    elif kind:
        view = MessageView(
            notes=[f"Unknown message type “{lenient.text(lenient.obj(body).get('type'))}”"]
        )
    else:
        view = MessageView(notes=["No WhatsApp message yet"])
    fallback = content.get("fallbackText")
    if isinstance(fallback, str | int | float) and not isinstance(fallback, bool):
        view.fallback_text = lenient.text(fallback)
        sms = lenient.obj(content.get("sms"))
        view.fallback_encoding = lenient.text(sms.get("encoding")).strip().upper() or "AUTO"
        view.fallback_source = lenient.text(sms.get("source")).strip()
    return view


def batch_messages(body: Any) -> list[dict[str, Any]] | None:
    """A batch body's messages with the shared ``template`` defaults merged in; None if no batch."""
    batch = lenient.obj(body)
    messages = batch.get("messages")
    if not isinstance(messages, list):
        return None
    defaults = lenient.obj(batch.get("template"))
    merged = []
    for raw in messages:
        message = dict(lenient.obj(raw))
        for name, value in defaults.items():
            message.setdefault(name, value)
        merged.append(message)
    return merged


def recipient(body: Any) -> str:
    user = lenient.obj(lenient.obj(body).get("user"))
    return (
        lenient.text(user.get("msisdn")).strip() or lenient.text(user.get("channelUserId")).strip()
    )
