"""What a customer sent, in the shape the thread draws it: read from the stored content, which is
whatever 8x8 posted, so every field is checked and anything unexpected is shown raw, never an
error.

Kinds: text; media (image, video, audio, file/document: its link and caption); location; a
button tap or list pick (the option chosen, its id and what it answered); an order or cart (its
items); a template quick-reply button (its payload); anything else raw JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chatapps.loose import as_dict

MEDIA_TYPES = {"image", "video", "audio", "file", "document", "sticker"}
CHOICES = {"button_reply": "Tapped", "list_reply": "Picked"}


@dataclass(frozen=True)
class InboundView:
    kind: str  # text | media | location | choice | order | unknown
    text: str = ""
    media_type: str = ""
    url: str = ""
    latitude: str = ""
    longitude: str = ""
    place: str = ""
    choice_label: str = ""
    choice_title: str = ""
    choice_id: str = ""
    choice_description: str = ""
    items: list[dict[str, str]] = field(default_factory=list)
    raw: str = ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _raw(content: Any) -> str:
    return json.dumps(content, indent=2, ensure_ascii=False, sort_keys=True, default=str)


def _order(order: dict[str, Any]) -> InboundView:
    items = []
    for item in order.get("productItems") or order.get("product_items") or []:
        item = as_dict(item)
        items.append(
            {
                "retailer_id": _text(
                    item.get("productRetailerId") or item.get("product_retailer_id")
                ),
                "quantity": _text(item.get("quantity")),
                "price": _text(item.get("itemPrice") or item.get("item_price")),
                "currency": _text(item.get("currency")),
            }
        )
    return InboundView(kind="order", text=_text(order.get("text")), items=items)


def _interactive(interactive: dict[str, Any], content: Any) -> InboundView:
    kind = _text(interactive.get("type"))
    chosen = as_dict(interactive.get(kind))
    if kind in CHOICES and chosen:
        return InboundView(
            kind="choice",
            choice_label=CHOICES[kind],
            choice_title=_text(chosen.get("title")),
            choice_id=_text(chosen.get("id")),
            choice_description=_text(chosen.get("description")),
        )
    if kind == "order":
        return _order(chosen)
    return InboundView(kind="unknown", raw=_raw(content))


def inbound_view(message_type: str, content: Any) -> InboundView:
    """How to draw one inbound message of 8x8's `type` with this `content`."""
    data = as_dict(content)
    kind = message_type.lower()
    interactive = as_dict(data.get("interactive"))
    if interactive:
        return _interactive(interactive, content)
    location = as_dict(data.get("location"))
    if location:
        place = " · ".join(_text(location.get(k)) for k in ("name", "address") if location.get(k))
        return InboundView(
            kind="location",
            latitude=_text(location.get("latitude")),
            longitude=_text(location.get("longitude")),
            place=place,
        )
    url = _text(data.get("url"))
    # Only web links become links: a javascript: or data: "url" is shown raw instead.
    if url.startswith(("https://", "http://")) and kind != "text":
        media_type = kind if kind in MEDIA_TYPES else "file"
        return InboundView(
            kind="media", media_type=media_type, url=url, text=_text(data.get("text"))
        )
    text = _text(data.get("text"))
    if text:
        return InboundView(kind="text", text=text)
    payload = data.get("payload")
    if isinstance(payload, str) and payload:
        # A template's quick-reply button: the payload the template set on it.
        return InboundView(
            kind="choice", choice_label="Tapped", choice_title=payload, choice_id=payload
        )
    return InboundView(kind="unknown", raw=_raw(content))
