"""The simulated customer writes back: a text, a button tap, a list pick or a cart."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone

from sandbox.config import config_get
from sandbox.models import SandboxInbound, SandboxMessage, SandboxWebhook
from sandbox.product_store import products_first, products_in_catalog
from sandbox.schedule import webhooks_schedule
from sandbox.webhooks import customer_bsuid, inbound_body, webhook_target

REPLY_KINDS = ("text", "button", "list", "order")


class ReplyImpossible(Exception):
    """A customer reply that needs a message the phone has not received (e.g. no list yet)."""


def customer_reply(
    *,
    phone: str,
    kind: str,
    text: str = "",
    choice: int = 0,
    schedule: bool = True,
    name: str = "",
    at: datetime | None = None,
) -> SandboxInbound:
    """The customer on `phone` writes (first, or back); stored, then posted as an inbound webhook.

    kind: "text" (a new customer may write first); "button" taps reply button `choice` of the
    last reply-button message; "list" picks row `choice` of the last list message; "order" sends
    a cart built from the last product message (or the sandbox's own catalog). `at` back-dates
    the message (the demo's customer wrote an hour ago); it opens WhatsApp's window from then.
    """
    if kind not in REPLY_KINDS:
        raise ValueError(f"unknown reply kind {kind!r}")
    config = config_get()  # first, so that a cart finds the seeded product store
    builders = {"text": _text_reply, "button": _button_reply, "list": _list_reply}
    if kind == "order":
        message_type, content, reply_to = _order_reply(phone)
    else:
        message_type, content, reply_to = builders[kind](phone, text, choice)
    inbound = SandboxInbound.objects.create(
        umid=str(uuid.uuid4()),
        msisdn=phone,
        channel_user_id=customer_bsuid(phone),
        profile_name=(name or f"Sandbox customer {phone[-4:]}")[:200],
        type=message_type,
        content=content,
        reply_to_umid=reply_to,
        created_at=at or timezone.now(),
    )
    if config.webhooks_enabled:
        url, authorization = webhook_target(config)
        hook = SandboxWebhook.objects.create(
            kind=SandboxWebhook.Kind.INBOUND,
            inbound=inbound,
            url=url,
            authorization=authorization,
            body=inbound_body(inbound),
        )
        if schedule:
            webhooks_schedule([hook.pk])
    return inbound


def _text_reply(phone: str, text: str, choice: int) -> tuple[str, dict[str, Any], str]:
    return "Text", {"text": text or "Hi! Could you tell me more?"}, ""


def _button_reply(phone: str, text: str, choice: int) -> tuple[str, dict[str, Any], str]:
    message = _last_interactive(phone, "button")
    action = message.body["content"]["interactive"].get("action") or {}
    replies: list[dict[str, Any]] = [
        b["reply"]
        for b in action.get("buttons") or []
        if isinstance(b, dict) and isinstance(b.get("reply"), dict)
    ]
    if not replies:
        raise ReplyImpossible("The last reply-button message has no buttons to tap")
    reply = replies[min(choice, len(replies) - 1)]
    tapped = {"id": str(reply.get("id", "")), "title": str(reply.get("title", ""))}
    content = {"interactive": {"type": "button_reply", "button_reply": tapped}}
    return "Interactive", content, message.umid


def _list_reply(phone: str, text: str, choice: int) -> tuple[str, dict[str, Any], str]:
    message = _last_interactive(phone, "list")
    action = message.body["content"]["interactive"].get("action") or {}
    rows = [
        row
        for section in action.get("sections") or []
        if isinstance(section, dict)
        for row in section.get("rows") or []
        if isinstance(row, dict)
    ]
    if not rows:
        raise ReplyImpossible("The last list message has no rows to pick")
    row = rows[min(choice, len(rows) - 1)]
    picked = {
        "id": str(row.get("id", "")),
        "title": str(row.get("title", "")),
        "description": str(row.get("description", "")),
    }
    content = {"interactive": {"type": "list_reply", "list_reply": picked}}
    return "Interactive", content, message.umid


def _order_reply(phone: str) -> tuple[str, dict[str, Any], str]:
    """A cart: the products of the last product message, else the first products of the
    sandbox's catalog, priced from that catalog (10.00 SGD for a product it does not hold)."""
    message = _last_interactive_of(phone, "product", "product_list")
    catalog_id, retailer_ids = "sandbox-catalog", ["sandbox-sku-1"]
    if message is not None:
        action = message.body["content"]["interactive"].get("action") or {}
        catalog_id = str(action.get("catalog_id") or catalog_id)
        listed = [
            item.get("product_retailer_id")
            for section in action.get("sections") or []
            if isinstance(section, dict)
            for item in section.get("product_items") or []
            if isinstance(item, dict)
        ]
        retailer_ids = [str(i) for i in listed if i] or [str(action.get("product_retailer_id"))]
    else:
        products = products_first(count=2)
        if products:
            catalog_id, retailer_ids = products[0].catalog_id, [p.retailer_id for p in products]
    prices = products_in_catalog(catalog_id=catalog_id, retailer_ids=retailer_ids)
    items = []
    for quantity, retailer_id in enumerate(retailer_ids[:3], start=1):
        product = prices.get(retailer_id)
        items.append(
            {
                "productRetailerId": retailer_id,
                "quantity": quantity,
                "itemPrice": float(product.price) if product else 10.0,
                "currency": product.currency if product and product.currency else "SGD",
            }
        )
    order = {"catalogId": catalog_id, "text": "Here is my order", "productItems": items}
    return (
        "Interactive",
        {"interactive": {"type": "order", "order": order}},
        (message.umid if message is not None else ""),
    )


def _last_interactive(phone: str, kind: str) -> SandboxMessage:
    message = _last_interactive_of(phone, kind)
    if message is None:
        names = {"button": "reply-button", "list": "list"}
        raise ReplyImpossible(f"No {names.get(kind, kind)} message was sent to {phone}")
    return message


def _last_interactive_of(phone: str, *kinds: str) -> SandboxMessage | None:
    """The newest interactive message of one of these kinds that this phone received."""
    candidates = (
        SandboxMessage.objects.filter(msisdn=phone, type="interactive")
        .exclude(state=SandboxMessage.State.REJECTED)
        .order_by("-created_at", "-id")
    )
    for message in candidates[:200]:
        if message.interactive_type in kinds:
            return message
    return None
