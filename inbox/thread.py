"""A conversation's thread: its newest messages both ways, merged by time, keyset-paged to older
ones (inbox.rows draws them).

The thread is a chat, so the newest messages are what matter: a page shows THREAD_SIZE of them
with a link to the ones before. A page is the same work however long the thread is: each side is
read newest first on its (number, time) index, and only the messages shown are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_datetime

from messaging.models import InboundMessage, OutboundMessage

THREAD_SIZE = 50
# Within one instant the thread puts a customer's message before our answer, then goes by id:
# every message has one place, so no page repeats or skips one however many share a time.
IN, OUT = "i", "o"
SIDE_ORDER = {IN: 0, OUT: 1}

# What a row draws, and the sender's name instead of the whole user row.
OUTBOUND_FIELDS = ("id", "kind", "payload", "status", "error_message", "created_at")


@dataclass(frozen=True)
class ThreadItem:
    direction: str  # "in" or "out"
    at: datetime
    message: InboundMessage | OutboundMessage
    sender: str = ""  # who sent an answer ("" for inbound, or an answer nobody is known to send)


@dataclass(frozen=True)
class Thread:
    items: list[ThreadItem]  # oldest first, as a chat reads
    older: str  # the `before` value for the page of older messages, "" when there are none
    latest: bool  # whether this page ends at the newest message (only that page is polled)


@dataclass(frozen=True)
class Cursor:
    """A place in the thread: messages strictly older than it come next."""

    at: datetime
    side: str = ""  # "" (an old link's bare time): everything before `at`, both ways
    pk: int = 0

    def encode(self) -> str:
        return f"{self.at.isoformat()}_{self.side}{self.pk}"


def cursor_parse(value: str) -> Cursor | None:
    """'<iso time>_<i|o><id>' as links carry it, or a bare iso time; anything else is None."""
    moment, _, place = value.rpartition("_")
    at = parse_datetime(moment) if moment else None
    if at is not None and place[:1] in SIDE_ORDER and place[1:].isdigit():
        return Cursor(at, place[:1], int(place[1:]))
    bare = parse_datetime(value) if value else None
    return Cursor(bare) if bare is not None else None


def _older_than(cursor: Cursor, side: str, time_field: str) -> Q:
    """The messages of one side that come after `cursor` in the thread's newest-first order."""
    earlier = Q(**{f"{time_field}__lt": cursor.at})
    if not cursor.side:
        return earlier
    same = Q(**{time_field: cursor.at})
    if side == cursor.side:
        return earlier | (same & Q(id__lt=cursor.pk))
    # Same instant, other side: older when this side sorts before the cursor's.
    return earlier | same if SIDE_ORDER[side] < SIDE_ORDER[cursor.side] else earlier


def _outbound(msisdn: str) -> QuerySet[OutboundMessage]:
    sender = f"sent_by__{get_user_model().USERNAME_FIELD}"
    return (
        OutboundMessage.objects.filter(msisdn=msisdn)
        .only(*OUTBOUND_FIELDS, "content_cleared_at")
        .annotate(sender_name=F(sender))
    )


def _inbound(msisdn: str) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.filter(msisdn=msisdn)


def thread_read(*, msisdn: str, before: str = "", limit: int = THREAD_SIZE) -> Thread:
    """The newest `limit` messages both ways (older than `before`), merged by time.

    Each side is read newest first up to `limit + 1` rows, so a thread of thousands of messages
    costs the same as one of fifty.
    """
    outbound, inbound = _outbound(msisdn), _inbound(msisdn)
    cursor = cursor_parse(before)
    if cursor is not None:
        outbound = outbound.filter(_older_than(cursor, OUT, "created_at"))
        inbound = inbound.filter(_older_than(cursor, IN, "received_at"))
    keyed: list[tuple[tuple[datetime, int, int], str, InboundMessage | OutboundMessage]] = [
        ((m.created_at, SIDE_ORDER[OUT], m.pk), OUT, m)
        for m in outbound.order_by("-created_at", "-id")[: limit + 1]
    ]
    keyed += [
        ((m.received_at, SIDE_ORDER[IN], m.pk), IN, m)
        for m in inbound.order_by("-received_at", "-id")[: limit + 1]
    ]
    keyed.sort(key=lambda row: row[0], reverse=True)
    shown = keyed[:limit]
    older = ""
    if len(keyed) > limit:
        (at, _, pk), side, _ = shown[-1]
        older = Cursor(at, side, pk).encode()
    return Thread(
        items=[_item(message) for _, _, message in reversed(shown)],
        older=older,
        latest=cursor is None,
    )


def _item(message: InboundMessage | OutboundMessage) -> ThreadItem:
    if isinstance(message, OutboundMessage):
        sender = getattr(message, "sender_name", None) or ""
        return ThreadItem("out", message.created_at, message, sender)
    return ThreadItem("in", message.received_at, message)
