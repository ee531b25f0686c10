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
from django.db.models import F, Func, JSONField, QuerySet
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


class _PayloadCleared(Func):
    """The body with its content gone, computed by the database: its type, recipient, and a
    template's name and language (the history filters on the name)."""

    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = """jsonb_strip_nulls(jsonb_build_object(
            'user', %(expressions)s -> 'user', 'type', %(expressions)s -> 'type',
            'content', CASE WHEN jsonb_typeof(%(expressions)s #> '{content,template}') = 'object'
                THEN jsonb_build_object('template', jsonb_build_object(
                    'name', %(expressions)s #> '{content,template,name}',
                    'language', %(expressions)s #> '{content,template,language}'))
                ELSE '{}'::jsonb END))"""
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = """json_object(
            'user', json(json_extract(%(expressions)s, '$.user')),
            'type', json_extract(%(expressions)s, '$.type'),
            'content', CASE WHEN json_type(%(expressions)s, '$.content.template') = 'object'
                THEN json_object('template', json_object(
                    'name', json_extract(%(expressions)s, '$.content.template.name'),
                    'language', json_extract(%(expressions)s, '$.content.template.language')))
                ELSE json('{}') END)"""
        return self.as_sql(compiler, connection, template=template, **extra)


def _outbound(ids: list[int], now: datetime) -> None:
    OutboundMessage.objects.filter(pk__in=ids).update(
        payload=_PayloadCleared(F("payload")), content_cleared_at=now
    )


class _WithoutRaw(Func):
    """The JSON object without its "raw" key, computed by the database."""

    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s - 'raw')", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="json_remove(%(expressions)s, '$.raw')", **extra
        )


def _events(ids: list[int]) -> None:
    MessageEvent.objects.filter(pk__in=ids).update(data=_WithoutRaw(F("data")))


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
