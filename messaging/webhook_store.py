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


def events_claim(*, limit: int, now: datetime) -> list[WebhookEvent]:
    """Mark up to `limit` pending events, oldest first, as this worker's; return them in id order.

    One statement. On PostgreSQL its sub-select locks the rows it picks and skips rows another
    worker's claim has locked (SKIP LOCKED), so claims on many machines take disjoint events
    without waiting on each other; SQLite runs one writer at a time. The sub-select reads only
    `state = 'pending'` in id order: a plain scan of the (state, id) index, which learns to skip
    the entries of rows already applied (an OR with another state would scan a bitmap, and
    re-read every dead entry on each claim).

    On PostgreSQL the UPDATE returns the claimed rows whole, built into events directly: a
    second SELECT through the ORM was a quarter of a receipt batch's Python time.
    """
    postgresql = connection.vendor == "postgresql"
    lock = " FOR UPDATE SKIP LOCKED" if postgresql else ""
    returning = ", ".join(_FIELD_COLUMNS) if postgresql else "id"
    sql = (
        f"UPDATE {TABLE} SET state = %s, claimed_at = %s, attempts = attempts + 1 "  # noqa: S608
        f"WHERE id IN (SELECT id FROM {TABLE} WHERE state = %s ORDER BY id LIMIT %s{lock}) "
        f"RETURNING {returning}"
    )
    params = [
        WebhookEvent.State.PROCESSING,
        connection.ops.adapt_datetimefield_value(now),
        WebhookEvent.State.PENDING,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not postgresql:
        ids = [row[0] for row in rows]
        return list(WebhookEvent.objects.filter(id__in=ids).order_by("id"))
    events = [WebhookEvent.from_db(connection.alias, _FIELD_NAMES, _loaded(row)) for row in rows]
    return sorted(events, key=lambda event: event.pk)


# Every column of the model, in its fields' order (what Model.from_db takes).
_FIELD_COLUMNS = [f.column for f in WebhookEvent._meta.concrete_fields]
_FIELD_NAMES = [f.attname for f in WebhookEvent._meta.concrete_fields]
_BODY_AT = _FIELD_COLUMNS.index("body")


def _loaded(row: tuple[Any, ...]) -> list[Any]:
    """A returned row with its body parsed, as JSONField would (the driver hands jsonb over as
    text); every other column comes back from psycopg as the field holds it."""
    values = list(row)
    body = values[_BODY_AT]
    if isinstance(body, str):
        values[_BODY_AT] = json.loads(body)
    return values
