"""Webhook events stored as they arrive (one INSERT a request, nothing read before it), and
claimed for applying (one UPDATE a batch).

8x8 posts each receipt in its own request, so the endpoint's cost per request is the product's
cost per receipt. The INSERT writes every new event of the body in one statement and skips a
repeat by its fingerprint (`ON CONFLICT DO NOTHING`, the unique index deciding, so two requests
carrying the same event at the same moment store it once), and returns the rows it wrote. It
runs in autocommit: one statement needs no transaction of its own, and none is left open while
the worker is told.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from messaging.models import WebhookEvent
from messaging.webhook_bodies import INBOUND_EVENT, RECEIPT_EVENT

TEMPLATE_EVENTS = {
    "template_status_update",
    "template_quality_update",
    "phone_number_quality_update",
}
TABLE = WebhookEvent._meta.db_table
COLUMNS = (
    "fingerprint",
    "kind",
    "event_type",
    "umid",
    "body",
    "received_at",
    "state",
    "error",
    "attempts",
)
Kind = WebhookEvent.Kind


def event_fingerprint(event: dict[str, Any]) -> str:
    """sha256 of the canonical JSON, so a retry with keys in another order is still a duplicate."""
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def event_classify(event: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, eventType, umid) of one event."""
    event_type = str(event.get("eventType") or "")[:80]
    payload = event.get("payload")
    umid = str(payload.get("umid") or "")[:64] if isinstance(payload, dict) else ""
    if event_type == INBOUND_EVENT:
        return Kind.INBOUND, event_type, umid
    if event_type == RECEIPT_EVENT:
        return Kind.RECEIPT, event_type, umid
    if event_type in TEMPLATE_EVENTS or "eventDetails" in event:
        return Kind.TEMPLATE, event_type, umid
    return Kind.OTHER, event_type, umid


def events_insert(events: list[dict[str, Any]]) -> list[WebhookEvent]:
    """Store the events not stored before, in one statement; return those it stored, in order.

    `events` must be distinct (the caller drops repeats within one body by fingerprint).
    """
    if not events:
        return []
    now = timezone.now()
    pending = WebhookEvent.State.PENDING
    rows = []
    for event in events:
        kind, event_type, umid = event_classify(event)
        rows.append((event_fingerprint(event), kind, event_type, umid, event, now, pending))
    body_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    one = f"(%s, %s, %s, %s, %s{body_cast}, %s, %s, '', 0)"
    sql = (
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES "  # noqa: S608 - names are the model's
        + ", ".join([one] * len(rows))
        + " ON CONFLICT (fingerprint) DO NOTHING RETURNING id, fingerprint"
    )
    stamp = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for fingerprint, kind, event_type, umid, event, received, state in rows:
        body = json.dumps(event, ensure_ascii=False)
        params += [fingerprint, kind, event_type, umid, body, stamp(received), state]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = dict((fp, pk) for pk, fp in cursor.fetchall())
    return [
        WebhookEvent(
            pk=written[fingerprint],
            fingerprint=fingerprint,
            kind=kind,
            event_type=event_type,
            umid=umid,
            body=event,
            received_at=received,
            state=state,
        )
        for fingerprint, kind, event_type, umid, event, received, state in rows
        if fingerprint in written
    ]


def events_claim(*, limit: int, now: datetime) -> list[int]:
    """Mark up to `limit` pending events, oldest first, as this worker's; return their ids.

    One statement. On PostgreSQL its sub-select locks the rows it picks and skips rows another
    worker's claim has locked (SKIP LOCKED), so claims on many machines take disjoint events
    without waiting on each other; SQLite runs one writer at a time. The sub-select reads only
    `state = 'pending'` in id order: a plain scan of the (state, id) index, which learns to skip
    the entries of rows already applied (an OR with another state would scan a bitmap, and
    re-read every dead entry on each claim).
    """
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    sql = (
        f"UPDATE {TABLE} SET state = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608
        f"WHERE id IN (SELECT id FROM {TABLE} WHERE state = %s ORDER BY id LIMIT %s{lock}) "
        "RETURNING id"
    )
    params = [
        WebhookEvent.State.PROCESSING,
        connection.ops.adapt_datetimefield_value(now),
        WebhookEvent.State.PENDING,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(row[0] for row in cursor.fetchall())
