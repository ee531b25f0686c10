"""Keeping each number's Conversation row (messaging.models.Conversation) in step with its
messages, inside the transactions that store them.

Each call is one UPDATE when the row exists (the common case) and an INSERT the first time;
two first messages at the same moment meet on the unique number and the loser updates instead.
The newest activity never moves back: a message stored late (8x8 retries, out-of-order
webhooks) counts towards unread but leaves the preview to the newer message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, Value, When

from messaging.models import Conversation, InboundMessage, OutboundMessage

PREVIEW_LENGTH = 120


def inbound_summary(message_type: str, content: Any) -> str:
    """One line saying what a customer sent, for the list: the text, the choice, or the kind."""
    content = content if isinstance(content, dict) else {}
    text = content.get("text")
    if isinstance(text, str) and text.strip():
        return text.strip()[:PREVIEW_LENGTH]
    interactive = content.get("interactive")
    interactive = interactive if isinstance(interactive, dict) else {}
    kind = str(interactive.get("type") or "")
    choice = interactive.get(kind)
    if isinstance(choice, dict) and isinstance(choice.get("title"), str):
        return f"Chose: {choice['title']}"[:PREVIEW_LENGTH]
    if kind == "order":
        return "Sent a cart"
    return f"[{message_type or 'message'}]"[:PREVIEW_LENGTH]


def _outbound_summary(message: OutboundMessage) -> str:
    content = message.payload.get("content") if isinstance(message.payload, dict) else None
    content = content if isinstance(content, dict) else {}
    text = content.get("text")
    interactive = content.get("interactive")
    body = interactive.get("body") if isinstance(interactive, dict) else None
    if isinstance(body, dict) and isinstance(body.get("text"), str):
        text = body["text"]
    if isinstance(text, str) and text.strip():
        return text.strip()[:PREVIEW_LENGTH]
    return f"[{message.get_kind_display()}]"


def _later(field: str, at: datetime) -> Case:
    """`at` when it is newer than the field (or the field is empty), else the field unchanged."""
    newer = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": at})
    return Case(When(newer, then=Value(at)), default=F(field))


def _if_newest(field: str, at: datetime, value: Any) -> Case:
    """`value` when the message at `at` is the newest activity, else the field unchanged.

    Every expression of one UPDATE reads the row as it was, so this sees the old activity time.
    """
    return Case(When(last_activity_at__lte=at, then=Value(value)), default=F(field))


def _bump(msisdn: str, at: datetime, changes: dict[str, Any], first: dict[str, Any]) -> None:
    """One UPDATE of the number's row with `changes`; the row is created with `first` if none."""
    if Conversation.objects.filter(msisdn=msisdn).update(**changes):
        return
    try:
        with transaction.atomic():
            Conversation.objects.create(msisdn=msisdn, last_activity_at=at, **first)
    except IntegrityError:  # created by another transaction a moment ago
        Conversation.objects.filter(msisdn=msisdn).update(**changes)


def conversation_inbound(*, message: InboundMessage) -> None:
    """A customer's message: one more unread, the window's times, and the preview if newest."""
    at, preview = message.received_at, inbound_summary(message.type, message.content)
    changes: dict[str, Any] = {
        "unread_count": F("unread_count") + 1,
        "last_inbound_at": _later("last_inbound_at", at),
        "last_preview": _if_newest("last_preview", at, preview),
        "last_direction": _if_newest("last_direction", at, "in"),
        "last_activity_at": _later("last_activity_at", at),
    }
    if message.profile_name:
        changes["profile_name"] = message.profile_name
    if message.from_ad:
        changes["last_ad_inbound_at"] = _later("last_ad_inbound_at", at)
    first = {
        "unread_count": 1,
        "last_inbound_at": at,
        "last_ad_inbound_at": at if message.from_ad else None,
        "last_preview": preview,
        "last_direction": "in",
        "profile_name": message.profile_name,
    }
    _bump(message.msisdn, at, changes, first)


def conversation_outbound(*, message: OutboundMessage) -> None:
    """A message sent to this one number (not a job's): the preview and activity move on."""
    if message.job_id is not None:
        return
    at, preview = message.created_at, _outbound_summary(message)
    changes = {
        "last_preview": _if_newest("last_preview", at, preview),
        "last_direction": _if_newest("last_direction", at, "out"),
        "last_activity_at": _later("last_activity_at", at),
    }
    _bump(message.msisdn, at, changes, {"last_preview": preview, "last_direction": "out"})
