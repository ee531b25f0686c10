"""A job's messages go out in chunks: claimed by one worker, sent in one batch request, recorded.

Exactly once: a message is claimed by a conditional UPDATE from 'queued' (under
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so workers on many machines take disjoint
chunks without waiting on each other), and the chunk is marked `requested` and committed before
its request leaves. After that nothing sends it again: 8x8's answer settles each message, and a
request whose outcome is unknown leaves its messages 'unknown' for receipts to settle.
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from chatapps.client import get_client
from chatapps.errors import PermanentError, TransientError, UnknownOutcomeError
from chatapps.loose import as_time
from chatapps.results import BatchResult
from messaging.bulk_writes import Answer, answers_record
from messaging.models import (
    MessageEvent,
    MessageStatus,
    OutboundMessage,
    SendChunk,
    SendJob,
)
from messaging.pacing import send_slot_wait, sends_pause
from recipients.selectors import opted_out_among


def lease() -> timedelta:
    """How long a claimed chunk is its worker's: past it, the sweeper takes it back (jobs.py).

    Read at each claim from BATCH_LEASE_SECONDS, longer than the client's timeouts so a live
    worker's chunk never expires mid-request.
    """
    return timedelta(seconds=settings.BATCH_LEASE_SECONDS)


@dataclass(frozen=True)
class ChunkOutcome:
    accepted: int = 0
    rejected: int = 0
    unknown: int = 0
    failed: int = 0
    requeued: int = 0
    # Set when 8x8 asked to try later (429, 5xx, network): seconds before the next try.
    retry_in: float | None = None


def chunk_claim(*, job_id: int, size: int) -> SendChunk | None:
    """Take up to `size` of the job's queued messages, oldest first, or None when none are left.

    PostgreSQL: one statement locks, moves and returns the messages and writes the chunk, and
    the rows it returns are kept on the chunk for chunk_send. Elsewhere the chunk row is written
    first, so on SQLite the transaction holds the write lock before it reads, and two claimers
    never pick the same rows.
    """
    if connection.vendor == "postgresql":
        return _pg_claim(job_id=job_id, size=size)
    now = timezone.now()
    with transaction.atomic():
        chunk = SendChunk.objects.create(job_id=job_id, lease_until=now + lease())
        if not SendJob.objects.filter(pk=job_id, state=SendJob.State.RUNNING).exists():
            chunk.delete()
            return None
        waiting = OutboundMessage.objects.filter(
            Q(not_before__isnull=True) | Q(not_before__lte=now),
            job_id=job_id,
            status=MessageStatus.QUEUED,
        )
        ids = list(waiting.order_by("id").values_list("id", flat=True)[:size])
        taken = OutboundMessage.objects.filter(id__in=ids, status=MessageStatus.QUEUED).update(
            status=MessageStatus.SENDING, chunk=chunk, attempts=F("attempts") + 1, updated_at=now
        )
        if not taken:
            chunk.delete()
            return None
        chunk.size = taken
        chunk.save(update_fields=["size"])
    return chunk


_MESSAGES = OutboundMessage._meta.db_table
_CHUNKS = SendChunk._meta.db_table
_JOBS = SendJob._meta.db_table
# The chunk's id is drawn first, so the messages can point at it and the chunk row, written
# last, can count them; no chunk is written when nothing was taken (the id is just skipped).
# SKIP LOCKED: claimers on many machines take disjoint rows without waiting on each other.
_PG_CLAIM = f"""
WITH new_chunk AS (
    SELECT nextval(pg_get_serial_sequence('{_CHUNKS}', 'id')) AS id
), picked AS (
    SELECT m.id FROM {_MESSAGES} AS m
    WHERE m.job_id = %(job)s AND m.status = 'queued'
        AND (m.not_before IS NULL OR m.not_before <= %(now)s)
        AND EXISTS (SELECT 1 FROM {_JOBS} AS j WHERE j.id = %(job)s AND j.state = 'running')
    ORDER BY m.id LIMIT %(size)s
    FOR UPDATE OF m SKIP LOCKED
), taken AS (
    UPDATE {_MESSAGES} AS m SET
        status = 'sending', chunk_id = (SELECT id FROM new_chunk),
        attempts = m.attempts + 1, updated_at = %(now)s
    FROM picked WHERE m.id = picked.id
    RETURNING m.id, m.msisdn, m.payload, m.client_message_id
), chunk AS (
    INSERT INTO {_CHUNKS} (id, job_id, state, lease_until, size, batch_id, accepted, failed,
        timings, error, claimed_at)
    SELECT (SELECT id FROM new_chunk), %(job)s, 'claimed', %(lease)s, count(*), '', 0, 0,
        '{{}}'::jsonb, '', %(now)s
    FROM taken HAVING count(*) > 0
    RETURNING id
)
SELECT taken.*, (SELECT id FROM chunk) FROM taken ORDER BY taken.id
"""  # noqa: S608 - the table names are the models', every value a parameter


def _pg_claim(*, job_id: int, size: int) -> SendChunk | None:
    now = timezone.now()
    lease_until = now + lease()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PG_CLAIM, {"job": job_id, "now": now, "size": size, "lease": lease_until})
        taken = cursor.fetchall()
    if not taken:
        return None
    chunk = SendChunk(
        id=taken[0][4], job_id=job_id, lease_until=lease_until, size=len(taken), claimed_at=now
    )
    chunk._state.adding = False
    chunk._state.db = connection.alias
    # The payloads come as jsonb text, as they do for JSONField.
    rows = [
        {"id": i, "msisdn": msisdn, "payload": json.loads(payload), "client_message_id": cmid}
        for i, msisdn, payload, cmid, _ in taken
    ]
    chunk.__dict__[_CLAIMED_ROWS] = rows
    return chunk


def _opted_out_ids(messages: list[dict[str, Any]], category: str) -> dict[int, str]:
    """Messages whose number opted out since the job was frozen, with the sentence why."""
    refused = opted_out_among((m["msisdn"] for m in messages), category=category)
    return {m["id"]: refused[m["msisdn"]].sentence() for m in messages if m["msisdn"] in refused}


def batch_body(chunk: SendChunk, payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """The batch request: shared `type` and `content` move into the batch's `template` defaults
    when every message has the same, so a 1,000-message request carries them once."""
    first = payloads[0]
    shared = {key: first[key] for key in ("type", "content") if key in first}
    if all(all(p.get(k) == v for k, v in shared.items()) for p in payloads):
        messages = [{k: v for k, v in p.items() if k not in shared} for p in payloads]
        body: dict[str, Any] = {"template": shared, "messages": messages}
    else:
        body = {"messages": payloads}
    body["clientBatchId"] = f"chunk-{chunk.pk}"
    body["includeMessagesInResponse"] = True
    return body


def chunk_send(
    *, chunk: SendChunk, job: SendJob, category: str, claim_ms: float = 0.0
) -> ChunkOutcome:
    """Send one claimed chunk as one batch request, paced by the shared clock, and record it.

    Where its time went is kept on the chunk (claim, wait, http, record), for the job's page and
    the benchmark's time split.
    """
    marks = [time.perf_counter()]
    stamps: dict[str, float] = {}
    outcome = _chunk_send(chunk=chunk, job=job, category=category, marks=marks, stamps=stamps)
    marks += [time.perf_counter()] * (4 - len(marks))
    spent = [round((b - a) * 1000, 1) for a, b in itertools.pairwise(marks)]
    timings = {"claim": round(claim_ms, 1), "wait": spent[0], "http": spent[1], "record": spent[2]}
    timings.update(stamps)
    SendChunk.objects.filter(pk=chunk.pk).update(timings=timings)
    return outcome


# Where _pg_claim leaves the rows it took on the chunk instance, for its send to use once.
_CLAIMED_ROWS = "_claimed_rows"


def chunk_rows(chunk: SendChunk) -> list[dict[str, Any]]:
    """The chunk's messages still to send, in id order: id, msisdn, payload, clientMessageId.

    Right after the claim that returned them these are the rows it took (all still 'sending':
    only the sweeper moves a claimed chunk's messages, and then the send stops at REQUESTED).
    """
    claimed = chunk.__dict__.pop(_CLAIMED_ROWS, None)
    if claimed is not None:
        return list(claimed)
    return [
        dict(row)
        for row in OutboundMessage.objects.filter(chunk=chunk, status=MessageStatus.SENDING)
        .order_by("id")
        .values("id", "msisdn", "payload", "client_message_id")
    ]


def _chunk_send(
    *, chunk: SendChunk, job: SendJob, category: str, marks: list[float], stamps: dict[str, float]
) -> ChunkOutcome:
    rows = chunk_rows(chunk)
    refused = _opted_out_ids(rows, category)
    if refused:
        _settle_each(refused, MessageStatus.REJECTED, detail="opted_out")
        rows = [r for r in rows if r["id"] not in refused]
    if not rows:
        _chunk_done(chunk)
        return ChunkOutcome(rejected=len(refused))
    # Wall-clock instants (epoch seconds), to set against 8x8's log: the 429 pause was last seen
    # clear at `clear_at`; a 429 answer put it in force by `paused_at`.
    stamps["clear_at"] = send_slot_wait(job_id=job.pk, rate=job.rate, messages=len(rows))
    # Only a chunk still ours leaves: if the wait outlived the lease, the sweeper has taken the
    # messages back (and another worker may send them), so this one sends nothing.
    if not SendChunk.objects.filter(pk=chunk.pk, state=SendChunk.State.CLAIMED).update(
        state=SendChunk.State.REQUESTED
    ):
        return ChunkOutcome()
    marks.append(time.perf_counter())
    try:
        result = get_client().send_batch(batch_body(chunk, [r["payload"] for r in rows]))
        marks.append(time.perf_counter())
    except TransientError as exc:
        outcome = _requeue(chunk, exc)
        if exc.retry_after is not None:
            stamps["paused_at"] = time.time()
        return outcome
    except UnknownOutcomeError as exc:
        unknown = _settle_chunk(chunk, MessageStatus.UNKNOWN, "timeout_after_send", str(exc))
        return ChunkOutcome(unknown=unknown, rejected=len(refused))
    except PermanentError as exc:
        failed = _settle_chunk(chunk, MessageStatus.FAILED, "", exc.message, code=exc.code)
        return ChunkOutcome(failed=failed, rejected=len(refused))
    outcome = _record_answer(chunk, rows, result)
    return ChunkOutcome(
        accepted=outcome.accepted,
        rejected=outcome.rejected + len(refused),
        unknown=outcome.unknown,
    )


def _requeue(chunk: SendChunk, exc: TransientError) -> ChunkOutcome:
    """8x8 refused the whole request for now: its messages go back to the queue, untouched.

    A 429 pauses every worker's sends to the sub-account for its Retry-After; other transient
    errors come back after an exponential backoff with jitter, capped well inside the broker's
    visibility timeout so the retry is never redelivered early. A message that has been tried
    BATCH_MAX_ATTEMPTS times fails ("gave_up"), and "retry failed" can queue it again.
    """
    tries = OutboundMessage.objects.filter(chunk=chunk).aggregate(most=Max("attempts"))["most"] or 1
    if exc.retry_after is not None:
        sends_pause(exc.retry_after)
        retry_in = exc.retry_after
    else:
        backoff = min(settings.BATCH_RETRY_MAX_SECONDS, 2.0**tries)
        retry_in = backoff * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not secrets
    now = timezone.now()
    sending = OutboundMessage.objects.filter(chunk=chunk, status=MessageStatus.SENDING)
    with transaction.atomic():
        if tries >= settings.BATCH_MAX_ATTEMPTS:
            failed = _settle_chunk(
                chunk, MessageStatus.FAILED, "gave_up", f"Gave up after {tries} tries: {exc}"
            )
            return ChunkOutcome(failed=failed)
        requeued = sending.update(
            status=MessageStatus.QUEUED,
            chunk=None,
            error_code=exc.code,
            error_message=str(exc)[:500],
            updated_at=now,
        )
        _chunk_done(chunk, http_status=exc.http_status, error=str(exc)[:500])
    return ChunkOutcome(requeued=requeued, retry_in=retry_in)


def _chunk_done(chunk: SendChunk, **fields: Any) -> None:
    SendChunk.objects.filter(pk=chunk.pk).update(
        state=SendChunk.State.DONE, answered_at=timezone.now(), **fields
    )


def _settle_chunk(
    chunk: SendChunk, status: str, detail: str, error: str, *, code: int | None = None
) -> int:
    """Every still-sending message of the chunk takes one outcome (a whole-request answer)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundMessage.objects.filter(chunk=chunk, status=MessageStatus.SENDING).values_list(
                "id", flat=True
            )
        )
        fields: dict[str, Any] = {"status": status, "status_detail": detail, "updated_at": now}
        fields.update(error_code=code, error_message=error[:500])
        if status == MessageStatus.FAILED:
            fields["failed_at"] = now
        OutboundMessage.objects.filter(id__in=ids, status=MessageStatus.SENDING).update(**fields)
        _events(ids, status, detail=error or detail)
        failed = len(ids) if status == MessageStatus.FAILED else 0
        _chunk_done(chunk, error=error[:500], failed=failed)
    return len(ids)


def _settle_each(refused: dict[int, str], status: str, *, detail: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        for message_id, sentence in refused.items():
            OutboundMessage.objects.filter(id=message_id, status=MessageStatus.SENDING).update(
                status=status,
                status_detail=detail,
                error_message=sentence[:500],
                failed_at=now,
                updated_at=now,
            )
        _events(list(refused), status, detail=detail)


def _events(
    ids: list[int], status: str, *, detail: str = "", umids: dict[int, str] | None = None
) -> None:
    """One multi-row INSERT for a chunk's status changes, not one statement per message."""
    _event_rows([(i, status, detail, (umids or {}).get(i, "")) for i in ids])


def _event_rows(rows: Sequence[tuple[int, str, str, str]]) -> None:
    MessageEvent.objects.bulk_create(
        [
            MessageEvent(
                message_id=message_id,
                status=status,
                source=MessageEvent.Source.API,
                detail=detail[:200],
                data={"umid": umid} if umid else {},
            )
            for message_id, status, detail, umid in rows
        ],
        batch_size=1000,
    )


def _record_answer(
    chunk: SendChunk, rows: list[dict[str, Any]], result: BatchResult
) -> ChunkOutcome:
    """Each item of a 200 answer settles its own message; items 8x8 did not list stay unknown.

    A rejected item fails exactly that message, with 8x8's code and words; nothing is resent.
    """
    by_client_id = {r["client_message_id"]: r["id"] for r in rows}
    now = timezone.now()
    answers: list[Answer] = []
    for item in result.items:
        message_id = by_client_id.pop(item.client_message_id, None)
        if message_id is None:
            continue
        status = item.raw.get("status")
        at = as_time(str(status.get("timestamp", ""))) if isinstance(status, dict) else None
        answers.append(
            Answer(
                message_id=message_id,
                status=MessageStatus.REJECTED if item.rejected else MessageStatus.ACCEPTED,
                umid=item.umid or None,
                at=at or now,
                error_code=item.error_code if item.rejected else None,
                error_message=item.error_message if item.rejected else "",
            )
        )
    rejected = sum(a.status == MessageStatus.REJECTED for a in answers)
    missing = list(by_client_id.values())
    with transaction.atomic():
        answers_record(answers, now=now)
        OutboundMessage.objects.filter(id__in=missing, status=MessageStatus.SENDING).update(
            status=MessageStatus.UNKNOWN, status_detail="not_in_batch_answer", updated_at=now
        )
        _chunk_done(
            chunk,
            batch_id=result.batch_id[:64],
            http_status=200,
            accepted=len(answers) - rejected,
            failed=rejected,
        )
    return ChunkOutcome(accepted=len(answers) - rejected, rejected=rejected, unknown=len(missing))
