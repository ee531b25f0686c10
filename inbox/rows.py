"""Each message of a thread drawn as the page shows it, kept once drawn.

An open thread is polled every few seconds and redraws the same fifty messages each time, and
drawing one (its phone preview above all) costs far more than reading its row. A drawn row is
kept under everything it is drawn from: the message's id, time and content (a fingerprint of
it), whatever can change (status, error, sender, retention clearing it), and the time zone and
language it was drawn in. A change to any of them is a new key, so a kept row is never stale;
the least recently used are dropped past ROWS_KEPT.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from inbox.display import inbound_view
from inbox.thread import Thread, ThreadItem
from messaging.models import InboundMessage, OutboundMessage
from phone import render_message

ROW_TEMPLATE = "inbox/_message.html"
ROWS_KEPT = 4096  # a few MB per process: rows are a few kB each


class Kept:
    """At most `size` values, the least recently used dropped first; safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, SafeString] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> SafeString | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: SafeString) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


ROWS = Kept(ROWS_KEPT)


def thread_rows(thread: Thread) -> list[SafeString]:
    """The thread's messages drawn, oldest first: kept rows as they are, the others drawn now."""
    place = (timezone.get_current_timezone_name(), translation.get_language())
    rows = []
    for item in thread.items:
        key = (place, _state(item.message, item.sender))
        row = ROWS.get(key)
        if row is None:
            row = _draw(item)
            ROWS.put(key, row)
        rows.append(row)
    return rows


def _fingerprint(content: Any) -> bytes:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _state(message: InboundMessage | OutboundMessage, sender: str) -> tuple[Any, ...]:
    """Everything the row is drawn from (the template reads nothing else)."""
    if isinstance(message, OutboundMessage):
        return (
            "out",
            message.pk,
            message.created_at,
            message.kind,
            message.status,
            message.error_message,
            message.content_cleared_at,
            sender,
            _fingerprint(message.payload),
        )
    return (
        "in",
        message.pk,
        message.umid,
        message.type,
        message.received_at,
        message.content_cleared_at,
        _fingerprint(message.content),
    )


def _draw(item: ThreadItem) -> SafeString:
    message = item.message
    view: Any = None
    if message.content_cleared_at is None:
        if isinstance(message, OutboundMessage):
            # The bubble shows when the message was sent, not when the page is drawn.
            sent = timezone.localtime(message.created_at).strftime("%H:%M")
            view = render_message(message.payload, time=sent)
        else:
            view = inbound_view(message.type, message.content)
    row = get_template(ROW_TEMPLATE).render({"item": item, "view": view})
    # The template autoescapes every value it draws; the result is safe by construction.
    return mark_safe(row.strip())  # noqa: S308
