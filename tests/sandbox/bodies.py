"""Request bodies for the sandbox tests, in the shapes 8x8's documentation uses."""

from __future__ import annotations

import copy
from typing import Any

CUSTOMER = "+6591234567"


def text(msisdn: str = CUSTOMER, *, client_message_id: str = "", words: str = "Hello") -> dict:
    body: dict[str, Any] = {"user": {"msisdn": msisdn}, "type": "text", "content": {"text": words}}
    if client_message_id:
        body["clientMessageId"] = client_message_id
    return body


def template(name: str, language: str, components: list | None = None, **kw: Any) -> dict:
    msisdn = kw.get("msisdn", CUSTOMER)
    spec: dict[str, Any] = {"name": name, "language": language}
    if components is not None:
        spec["components"] = components
    return {"user": {"msisdn": msisdn}, "type": "template", "content": {"template": spec}}


def body_params(*values: str) -> dict:
    return {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}


def order_update(msisdn: str = CUSTOMER) -> dict:
    """The seed 'order_update' template (en_GB, one body parameter), as 8x8's sample sends it."""
    return template("order_update", "en_GB", [body_params("#523534")], msisdn=msisdn)


REPLY_BUTTONS = {
    "user": {"msisdn": CUSTOMER},
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "button",
            "header": {"type": "text", "text": "8x8 Inc."},
            "body": {"text": "Welcome to 8x8 Inc. How may we help?"},
            "footer": {"text": "This is an official message from 8x8."},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"title": "contact-us", "id": "option-1"}},
                    {"type": "reply", "reply": {"title": "faq", "id": "option-2"}},
                ]
            },
        }
    },
}

LIST = {
    "user": {"msisdn": CUSTOMER},
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "list",
            "header": {"type": "text", "text": "Our shops"},
            "body": {"text": "Pick the shop nearest to you."},
            "action": {
                "button": "Shops",
                "sections": [
                    {
                        "title": "Singapore",
                        "rows": [
                            {"id": "shop-orchard", "title": "Orchard", "description": "Level 2"},
                            {"id": "shop-jurong", "title": "Jurong"},
                        ],
                    }
                ],
            },
        }
    },
}

PRODUCT_LIST = {
    "user": {"msisdn": CUSTOMER},
    "type": "interactive",
    "content": {
        "interactive": {
            "type": "product_list",
            "header": {"type": "text", "text": "8x8 Collection"},
            "body": {"text": "8x8 Limited Edition Items"},
            "action": {
                "catalog_id": "cat-1",
                "sections": [
                    {
                        "title": "Shirts",
                        "product_items": [
                            {"product_retailer_id": "shirt-1"},
                            {"product_retailer_id": "shirt-2"},
                        ],
                    }
                ],
            },
        }
    },
}


def copy_of(body: dict, **user: Any) -> dict:
    found = copy.deepcopy(body)
    found["user"].update(user)
    return found
