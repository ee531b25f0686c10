"""Delivery receipts applied many at a time: a campaign's receipt storm in a few statements.

The rules are receipts.py's (status only moves forward; each step's time is the first one
reported; a 131050 opts the number out), applied to a list of receipts in their order of arrival.
The messages they name are read once, locked (FOR UPDATE on PostgreSQL; SQLite's write lock
embedded), so whether each receipt moved its message is exact even with many workers at once;
then every changed message is written in one UPDATE and every receipt's event in one INSERT
(COPY on PostgreSQL, tabular.bulk.rows_insert). On PostgreSQL the lock's read and the UPDATE
send their arrays as bound parameters (tabular.bulk.bound_cursor), not quoted into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from messaging.models import (
    FINAL_FAILURES,
    STATUS_RANK,
    STATUS_TIME_FIELD,
    MessageEvent,
    MessageStatus,
    OutboundMessage,
)
from recipients.services import receipt_opt_out
from tabular.bulk import bound_cursor, rows_insert

# WhatsApp refused the message because the number opted out of marketing: Meta's code, 8x8's.
OPTED_OUT_PROVIDER_CODE = "131050"
OPTED_OUT_DELIVERY_CODE = 1051
# 8x8 receipt states onto our statuses. 'queued' in a receipt means 8x8 has the message.
RECEIPT_STATES = {
    "queued": MessageStatus.ACCEPTED,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.READ,
    "undelivered": MessageStatus.UNDELIVERED,
    "rejected": MessageStatus.REJECTED,
    "failed": MessageStatus.FAILED,
    "error": MessageStatus.FAILED,
}
TIME_FIELDS = ("accepted_at", "sent_at", "delivered_at", "read_at", "failed_at")
WRITTEN = (
    "status",
    "status_detail",
    "umid",
    "error_code",
    "error_message",
    "provider_error_code",
    *TIME_FIELDS,
)
TABLE = OutboundMessage._meta.db_table


@dataclass(frozen=True)
class Receipt:
    umid: str
    client_message_id: str
    state: str  # 8x8's word ("delivered"), mapped by RECEIPT_STATES
    detail: str = ""
    error_code: int | None = None
    error_message: str = ""
    provider_error_code: str = ""
    at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str | None:
        return RECEIPT_STATES.get(self.state.lower())


_READ = ("id", "msisdn", "client_message_id", *WRITTEN)
_PG_LOCKED = (
    f"SELECT {', '.join(_READ)} FROM {TABLE} "  # noqa: S608 - the model's names
    "WHERE umid = ANY(%s) OR client_message_id = ANY(%s) ORDER BY id FOR UPDATE"
)


def _locked_messages(receipts: list[Receipt], *, skip_locked: bool) -> list[dict[str, Any]]:
    umids = {r.umid for r in receipts if r.umid}
    client_ids = {r.client_message_id for r in receipts if r.client_message_id}
    if not umids and not client_ids:
        return []
    # Locks are taken in id order, so two workers never deadlock.
    if connection.vendor == "postgresql":
        with bound_cursor() as cursor:
            sql = _PG_LOCKED + (" SKIP LOCKED" if skip_locked else "")
            cursor.execute(sql, [list(umids), list(client_ids)])
            return [dict(zip(_READ, row, strict=True)) for row in cursor.fetchall()]
    found = OutboundMessage.objects.filter(
        Q(umid__in=umids) | Q(client_message_id__in=client_ids)
    ).order_by("id")
    return [dict(row) for row in found.values(*_READ)]


def receipts_apply(receipts: list[Receipt]) -> list[bool | None]:
    """Apply receipts in order. For each: True when it moved its message forward, False when it
    changed nothing (late, repeated or unknown state), None when no message matches it.

    On PostgreSQL the first pass skips messages another worker's batch has locked: a storm's
    receipts name messages at random, so two batches of 1,000 almost always share a few, and
    waiting for those kept each worker waiting for the one ahead of it (with 4 workers, the
    lock read was seen waiting on a transaction most of the time; skipping took 300,000
    receipts from 82 s to 59 s). The receipts that found no message go through a second pass
    that waits for their messages' locks, in id order, holding no other lock, so no two passes
    can deadlock. Every receipt of a skipped message is in the second pass, so a message's
    receipts are still applied in their order of arrival.
    """
    skip = connection.vendor == "postgresql"
    results = _apply_pass(receipts, skip_locked=skip)
    unmatched = [n for n, result in enumerate(results) if result is None] if skip else []
    if unmatched:
        again = _apply_pass([receipts[n] for n in unmatched], skip_locked=False)
        for n, result in zip(unmatched, again, strict=True):
            results[n] = result
    return results


def _apply_pass(receipts: list[Receipt], *, skip_locked: bool) -> list[bool | None]:
    """One transaction over the receipts' messages; see receipts_apply. With `skip_locked`,
    None also stands for a receipt whose message another worker holds."""
    now = timezone.now()
    results: list[bool | None] = []
    with transaction.atomic():
        rows = _locked_messages(receipts, skip_locked=skip_locked)
        by_umid = {row["umid"]: row for row in rows if row["umid"]}
        by_client_id = {row["client_message_id"]: row for row in rows}
        changed: dict[int, dict[str, Any]] = {}
        events: list[EventRow] = []
        opt_outs: list[tuple[str, str, str]] = []
        for receipt in receipts:
            row = by_umid.get(receipt.umid) or by_client_id.get(receipt.client_message_id)
            status = receipt.status
            if row is None or status is None:
                results.append(None if row is None else False)
                continue
            applied = _fold(row, receipt, status, when=receipt.at or now)
            changed[row["id"]] = row
            events.append(_event(row["id"], receipt, status, applied))
            if (
                receipt.provider_error_code == OPTED_OUT_PROVIDER_CODE
                or receipt.error_code == OPTED_OUT_DELIVERY_CODE
            ):
                key = receipt.umid or row["umid"] or row["client_message_id"]
                opt_outs.append((row["msisdn"], key, receipt.error_message))
            results.append(applied)
        _write(list(changed.values()), now=now)
        _events_insert(events, now=now)
        for msisdn, umid, error_message in opt_outs:
            receipt_opt_out(msisdn=msisdn, umid=umid, error_message=error_message)
    return results


def _fold(row: dict[str, Any], receipt: Receipt, status: str, *, when: datetime) -> bool:
    """Change `row` as the receipt says; True when its status moved forward."""
    applied = STATUS_RANK[MessageStatus(status)] > STATUS_RANK[MessageStatus(row["status"])]
    if applied:
        row["status"] = status
        row["status_detail"] = receipt.detail[:64]
        if receipt.umid and not row["umid"]:
            row["umid"] = receipt.umid
        if status in FINAL_FAILURES:
            row["error_code"] = receipt.error_code
            row["error_message"] = receipt.error_message[:500]
            row["provider_error_code"] = receipt.provider_error_code[:20]
    time_field = STATUS_TIME_FIELD.get(status)
    # A late receipt still says when its step happened; the first report of a step wins.
    if time_field is not None and row[time_field] is None:
        row[time_field] = when
    return applied


EVENT_FIELDS = ("at", "message", "status", "detail", "source", "applied", "data")
# One receipt's event as EVENT_FIELDS' values after `at`: a tuple, since a model instance a
# receipt cost more than the COPY that writes it.
EventRow = tuple[int, str, str, str, bool, dict[str, Any]]


def _events_insert(events: list[EventRow], *, now: datetime) -> None:
    """Every receipt's event, `at` being what auto_now_add would have set."""
    rows_insert(MessageEvent, EVENT_FIELDS, [(now, *event) for event in events])


def _event(message_id: int, receipt: Receipt, status: str, applied: bool) -> EventRow:
    return (
        message_id,
        status,
        (receipt.detail or receipt.error_message)[:200],
        MessageEvent.Source.RECEIPT,
        applied,
        {
            "umid": receipt.umid,
            "errorCode": receipt.error_code,
            "providerErrorCode": receipt.provider_error_code,
            "raw": receipt.raw,
        },
    )


_PG_WRITE = f"""
UPDATE {TABLE} AS m SET
    status = v.status, status_detail = v.status_detail, umid = v.umid,
    error_code = v.error_code, error_message = v.error_message,
    provider_error_code = v.provider_error_code, accepted_at = v.accepted_at,
    sent_at = v.sent_at, delivered_at = v.delivered_at, read_at = v.read_at,
    failed_at = v.failed_at, updated_at = %s
FROM unnest(
    %s::bigint[], %s::text[], %s::text[], %s::text[], %s::integer[], %s::text[], %s::text[],
    %s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[], %s::timestamptz[]
) AS v(id, status, status_detail, umid, error_code, error_message, provider_error_code,
       accepted_at, sent_at, delivered_at, read_at, failed_at)
WHERE m.id = v.id
"""  # noqa: S608 - the table name is the model's, every value a parameter
_SQLITE_WRITE = (
    f"UPDATE {TABLE} SET "  # noqa: S608
    + ", ".join(f"{name} = %s" for name in WRITTEN)
    + ", updated_at = %s WHERE id = %s"
)


def _write(rows: list[dict[str, Any]], *, now: datetime) -> None:
    """The locked rows take their final values: one statement on PostgreSQL."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        columns = [[row[name] for row in rows] for name in WRITTEN]
        with bound_cursor() as cursor:
            cursor.execute(_PG_WRITE, [now, [row["id"] for row in rows], *columns])
        return
    with connection.cursor() as cursor:
        stamp = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            _SQLITE_WRITE,
            [
                [stamp(row[n]) if n in TIME_FIELDS else row[n] for n in WRITTEN]
                + [stamp(now), row["id"]]
                for row in rows
            ],
        )
