"""Retention: message content older than RETENTION_DAYS is cleared; what happened is kept.

Cleared: an outbound message's body down to its kind, recipient and template name (so the
history still filters by template), a customer message's content, the raw receipt a status
event copied, conversations' one-line previews, and the raw webhook events themselves (deleted
once applied, ignored or failed). Kept: every status, time, umid and id, the dashboard's day
counts, the audit trail and the opt-out ledger.

Each kind is worked through in batches of ids (a bounded UPDATE or DELETE each, never one
statement over the whole table), at most MAX_BATCHES a run; the hourly beat carries on where a
run stopped. Running twice is harmless: a cleared row is marked and not read again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import SYSTEM, audit_record
from messaging.models import (
    Conversation,
    InboundMessage,
    MessageEvent,
    MessageStatus,
    OutboundMessage,
    WebhookEvent,
)

BATCH = 1000
MAX_BATCHES = 200
# Messages a worker may still send keep their body, however old (a job's quiet hours).
STILL_SENDING = [MessageStatus.QUEUED, MessageStatus.SENDING]
WEBHOOK_DONE = [WebhookEvent.State.APPLIED, WebhookEvent.State.IGNORED, WebhookEvent.State.FAILED]


@dataclass
class RetentionReport:
    days: int
    outbound: int = 0
    inbound: int = 0
    events: int = 0
    webhooks: int = 0
    previews: int = 0

    @property
    def cleared(self) -> int:
        return self.outbound + self.inbound + self.events + self.webhooks + self.previews


def payload_cleared(payload: Any) -> dict[str, Any]:
    """The body with its content gone: its type, recipient and template name and language."""
    body: dict[str, Any] = payload if isinstance(payload, dict) else {}
    content = body.get("content")
    content = content if isinstance(content, dict) else {}
    template = content.get("template")
    template = template if isinstance(template, dict) else None
    kept: dict[str, Any] = {key: body[key] for key in ("user", "type") if key in body}
    kept["content"] = {}
    if template is not None:
        kept["content"]["template"] = {
            key: template[key] for key in ("name", "language") if key in template
        }
    return kept


def _batches(rows: QuerySet[Any], work: Any, batch: int) -> int:
    """Call `work(ids)` on up to `batch` ids of `rows` at a time, lowest first; how many."""
    done, last = 0, 0
    for _ in range(MAX_BATCHES):
        # From the last id on, so no batch reads again the rows the previous ones cleared.
        ids = list(rows.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            work(ids)
        done, last = done + len(ids), ids[-1]
    return done


def _rewrite(model: type[Model], ids: list[int], fields: list[str], change: Any) -> None:
    """Read the rows, change each in Python, write them back in one UPDATE."""
    rows = list(model._default_manager.filter(pk__in=ids).only("pk", *fields))
    for row in rows:
        change(row)
    model._default_manager.bulk_update(rows, fields)


def _outbound(ids: list[int], now: datetime) -> None:
    def change(message: OutboundMessage) -> None:
        message.payload = payload_cleared(message.payload)
        message.content_cleared_at = now

    _rewrite(OutboundMessage, ids, ["payload", "content_cleared_at"], change)


def _events(ids: list[int]) -> None:
    def change(event: MessageEvent) -> None:
        event.data = {key: value for key, value in event.data.items() if key != "raw"}

    _rewrite(MessageEvent, ids, ["data"], change)


def retention_run(
    *, days: int | None = None, now: datetime | None = None, batch: int = BATCH
) -> RetentionReport:
    """Clear what is older than `days` (RETENTION_DAYS; 0 keeps everything) and audit the run."""
    days = settings.RETENTION_DAYS if days is None else days
    report = RetentionReport(days=days)
    if days <= 0:
        return report
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    report.outbound = _batches(
        OutboundMessage.objects.filter(
            created_at__lt=cutoff, content_cleared_at__isnull=True
        ).exclude(status__in=STILL_SENDING),
        lambda ids: _outbound(ids, now),
        batch,
    )
    report.inbound = _batches(
        InboundMessage.objects.filter(received_at__lt=cutoff, content_cleared_at__isnull=True),
        lambda ids: InboundMessage.objects.filter(pk__in=ids).update(
            content={}, content_cleared_at=now
        ),
        batch,
    )
    report.events = _batches(
        MessageEvent.objects.filter(at__lt=cutoff, data__has_key="raw"), _events, batch
    )
    report.webhooks = _batches(
        WebhookEvent.objects.filter(received_at__lt=cutoff, state__in=WEBHOOK_DONE),
        lambda ids: WebhookEvent.objects.filter(pk__in=ids).delete(),
        batch,
    )
    report.previews = _batches(
        Conversation.objects.filter(last_activity_at__lt=cutoff).exclude(last_preview=""),
        lambda ids: Conversation.objects.filter(pk__in=ids).update(last_preview=""),
        batch,
    )
    audit_record(
        action=AuditEntry.Action.RETENTION,
        summary=f"Cleared message content older than {days} days: "
        f"{report.outbound} sent, {report.inbound} received, {report.events} receipts, "
        f"{report.webhooks} webhook events, {report.previews} previews",
        actor=SYSTEM,
        data={**asdict(report), "cutoff": cutoff.isoformat()},
    )
    return report
