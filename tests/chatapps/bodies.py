"""Valid bodies of every kind, and `changed()` to break one field of them, for the rule tables."""

from __future__ import annotations

import copy
import re
from typing import Any

USER = {"msisdn": "+6591234567"}

BASES: dict[str, dict[str, Any]] = {
    "text": {"user": USER, "type": "text", "content": {"text": "Your order has shipped."}},
    "image": {
        "user": USER,
        "type": "image",
        "content": {"url": "https://example.com/a.jpg", "text": "A caption"},
    },
    "audio": {"user": USER, "type": "audio", "content": {"url": "https://example.com/a.mp3"}},
    "location": {
        "user": USER,
        "type": "location",
        "content": {"location": {"latitude": 1.29, "longitude": 103.85, "name": "Office"}},
    },
    "button": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "button",
                "header": {"type": "text", "text": "8x8"},
                "body": {"text": "How may we help?"},
                "footer": {"text": "Official"},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": "a", "title": "Sales"}},
                        {"type": "reply", "reply": {"id": "b", "title": "Support"}},
                    ]
                },
            }
        },
    },
    "list": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "list",
                "header": {"type": "text", "text": "Slots"},
                "body": {"text": "Pick a slot"},
                "action": {
                    "button": "Book",
                    "sections": [
                        {"title": "Monday", "rows": [{"id": "m1", "title": "9 AM"}]},
                        {"title": "Tuesday", "rows": [{"id": "t1", "title": "10 AM"}]},
                    ],
                },
            }
        },
    },
    "product": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "product",
                "action": {"catalog_id": "cat", "product_retailer_id": "shirt"},
            }
        },
    },
    "product_list": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "product_list",
                "header": {"type": "text", "text": "Collection"},
                "body": {"text": "Our finest"},
                "action": {
                    "catalog_id": "cat",
                    "sections": [
                        {"title": "Shirts", "product_items": [{"product_retailer_id": "s1"}]}
                    ],
                },
            }
        },
    },
    "cta_url": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "cta_url",
                "body": {"text": "Track it"},
                "action": {"parameters": {"display_text": "Track", "url": "https://example.com/t"}},
            }
        },
    },
    "flow": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "flow",
                "body": {"text": "Tell us"},
                "action": {"parameters": {"flowId": "123", "flowCta": "Share feedback"}},
            }
        },
    },
    "voice_call": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "voice_call",
                "body": {"text": "Call us"},
                "action": {"parameters": {"display_text": "Call", "ttlMinutes": 10}},
            }
        },
    },
    "location_request": {
        "user": USER,
        "type": "interactive",
        "content": {
            "interactive": {
                "type": "location_request_message",
                "body": {"text": "Where are you?"},
                "action": {"name": "send_location"},
            }
        },
    },
    "direct_send": {
        "user": USER,
        "type": "text",
        "content": {"text": "Shipped", "whatsApp": {"directSend": {"category": "utility"}}},
    },
    "template": {
        "user": USER,
        "type": "template",
        "content": {
            "template": {
                "name": "order_update",
                "language": "en_US",
                "components": [
                    {
                        "type": "header",
                        "parameters": [{"type": "image", "url": "https://e.com/a.jpg"}],
                    },
                    {"type": "body", "parameters": [{"type": "text", "text": "Ann"}]},
                    {
                        "type": "button",
                        "subType": "Url",
                        "index": 0,
                        "parameters": [{"type": "text", "text": "track/1"}],
                    },
                    {
                        "type": "button",
                        "subType": "QuickReply",
                        "index": 1,
                        "parameters": [{"type": "payload", "payload": "stop"}],
                    },
                ],
            }
        },
    },
    "carousel": {
        "user": USER,
        "type": "template",
        "content": {
            "template": {
                "name": "spring_sale",
                "language": "en",
                "components": [
                    {
                        "type": "carousel",
                        "cards": [
                            {
                                "cardIndex": 0,
                                "components": [
                                    {
                                        "type": "header",
                                        "parameters": [
                                            {"type": "image", "url": "https://e.com/1.jpg"}
                                        ],
                                    },
                                    {
                                        "type": "button",
                                        "subType": "Url",
                                        "index": 0,
                                        "parameters": [{"type": "text", "text": "p1"}],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        },
    },
}

DELETE = object()
PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def changed(base: str, *edits: tuple[str, object]) -> dict[str, Any]:
    """A deep copy of BASES[base] with each (path, value) set (or appended, one past a list's end).

    DELETE removes the key instead.
    """
    body = copy.deepcopy(BASES[base])
    for path, value in edits:
        parts: list[str | int] = [
            key if key else int(index) for key, index in PATH_PART.findall(path)
        ]
        holder: Any = body
        for part in parts[:-1]:
            holder = holder[part]
        last = parts[-1]
        if value is DELETE:
            del holder[last]
        elif isinstance(holder, list) and last == len(holder):
            holder.append(value)
        else:
            holder[last] = value
    return body


def base(name: str) -> dict[str, Any]:
    return copy.deepcopy(BASES[name])
