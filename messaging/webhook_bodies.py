"""What makes a webhook event unusable, said in a few words: the endpoint answers 400 with it
(and logs it) instead of storing an event no worker could apply, or failing with a 500.

Only the shape the appliers rely on is checked: a string eventType (business events carry an
eventDetails object instead), a payload object, and for messages and receipts the umid, user and
status fields of the types they read. Every string must also be storable: PostgreSQL's jsonb
refuses the NUL character, and no database stores half of a surrogate pair.
"""

from __future__ import annotations

import re
from typing import Any

INBOUND_EVENT = "inbound_message_received"
RECEIPT_EVENT = "outbound_message_status_changed"
# The payload fields the appliers read, and the JSON type each must have when present.
# NUL, or any UTF-16 surrogate: a str decoded from valid JSON holds one only unpaired.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
PAYLOAD_FIELDS: dict[str, tuple[type, str]] = {
    "umid": (str, "a string"),
    "clientMessageId": (str, "a string"),
    "user": (dict, "an object"),
    "status": (dict, "an object"),
}


def _unstorable(value: Any) -> bool:
    """Whether any string in `value` (keys included) holds NUL or an unpaired surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def event_problem(event: dict[str, Any]) -> str:
    """Why the event cannot be stored, in a short sentence naming the field; "" when it can."""
    event_type = event.get("eventType")
    if event_type is None or event_type == "":
        if not isinstance(event.get("eventDetails"), dict):
            return "eventType is missing."
    elif not isinstance(event_type, str):
        return f"eventType must be a string, not {type(event_type).__name__}."
    payload = event.get("payload")
    if payload is None and event_type in (INBOUND_EVENT, RECEIPT_EVENT):
        return f"payload is missing from a {event_type} event."
    if payload is not None and not isinstance(payload, dict):
        return f"payload must be an object, not {type(payload).__name__}."
    for name, (kind, described) in PAYLOAD_FIELDS.items():
        value = (payload or {}).get(name)
        if value is not None and not isinstance(value, kind):
            return f"payload.{name} must be {described}, not {type(value).__name__}."
    if _unstorable(event):
        return "A text holds a NUL character or half of a surrogate pair, which cannot be stored."
    return ""
