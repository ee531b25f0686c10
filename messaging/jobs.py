"""A send job from launch to done: freeze its audience, pump its chunks, pause, cancel, sweep.

Freezing writes one OutboundMessage per recipient in multi-row INSERTs; a constraint on
(job, msisdn) makes a repeated freeze add nothing. Pumps (Celery tasks, several per job, on any
machine) claim and send chunks until none is left; the sweeper, run by beat, takes back chunks
whose worker died and restarts jobs nobody is pumping, so a restart loses nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from messaging.bulk_writes import NewMessage, messages_insert
from messaging.chunks import ChunkOutcome, chunk_claim, chunk_send, lease
from messaging.enqueue import JOB_PUMP, enqueue_on_commit
from messaging.models import (
    MessageEvent,
    MessageStatus,
    OutboundMessage,
    SendChunk,
    SendJob,
)

State = SendJob.State
FREEZE_BATCH = 5000
# A pump hands over to a fresh task after this long, so no task nears the worker's time limit.
PUMP_BUDGET_SECONDS = 60.0
# Answers that count as failures for auto-pause; opted-out refusals are the audience's, not 8x8's.
RETRYABLE_DETAILS = ("gave_up",)


def client_message_id(job_id: int, msisdn: str) -> str:
    """Unique per job and recipient, and the same every time: 'j<job>-<digits>' (≤ 50 chars)."""
    return f"j{job_id}-{msisdn.lstrip('+')}"


Frozen = tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], datetime | None]


def job_freeze(*, job: SendJob, kind: str, messages: Iterable[Frozen]) -> int:
    """Write the job's messages in bulk, each (msisdn, body without clientMessageId) or
    (msisdn, body, not_before): not claimed before that instant (quiet hours).

    Returns how many rows are new; a recipient already frozen into this job is left as it is.
    """
    frozen = OutboundMessage.objects.filter(job=job)
    before = frozen.count()
    # A job with no rows yet (every launch) cannot conflict with what is stored, so once the
    # repeats are dropped here its rows go straight in; a job that has some goes through the
    # conflict check. The clientMessageId stands for the recipient: two spellings of one
    # number make one id, and only the first is kept, as the constraint would.
    fresh = before == 0
    seen: set[str] = set()
    batch: list[NewMessage] = []

    def flush() -> None:
        messages_insert(
            job_id=job.pk, kind=kind, sent_by_id=job.created_by_id, messages=batch, fresh=fresh
        )
        batch.clear()

    for msisdn, payload, *rest in messages:
        cmid = client_message_id(job.pk, msisdn)
        if cmid in seen:
            continue
        seen.add(cmid)
        not_before = rest[0] if rest else None
        batch.append(NewMessage(msisdn, {**payload, "clientMessageId": cmid}, cmid, not_before))
        if len(batch) >= FREEZE_BATCH:
            flush()
    flush()
    return frozen.count() - before


def job_launch(*, job: SendJob, now: datetime | None = None) -> None:
    """Start the job now, or leave it scheduled for the sweeper when start_at is ahead."""
    now = now or timezone.now()
    if job.start_at and job.start_at > now:
        return
    started = SendJob.objects.filter(pk=job.pk, state=State.SCHEDULED).update(
        state=State.RUNNING, started_at=now
    )
    if started:
        _pumps_start(job.pk)


def _pumps_start(job_id: int, count: int | None = None) -> None:
    for _ in range(count or settings.BATCH_CONCURRENCY):
        enqueue_on_commit(JOB_PUMP, job_id)


def chunk_size_for(job: SendJob) -> int:
    """A paced job sends small chunks often: an eighth of its rate, so no second gets a burst."""
    if job.rate > 0:
        return max(1, min(job.chunk_size, job.rate // 8 or 1))
    return max(1, job.chunk_size)


@dataclass(frozen=True)
class PumpResult:
    chunks: int
    retry_in: float | None = None  # 8x8 asked to wait: come back after this many seconds
    more: bool = False  # the budget ran out with work left: come back at once


def job_pump(*, job_id: int, budget: float = PUMP_BUDGET_SECONDS) -> PumpResult:
    """Claim and send the job's chunks one after another until none is left or time is up."""
    deadline = time.monotonic() + budget
    chunks = 0
    while time.monotonic() < deadline:
        job = SendJob.objects.filter(pk=job_id).first()
        if job is None or job.state != State.RUNNING:
            return PumpResult(chunks)
        started = time.perf_counter()
        chunk = chunk_claim(job_id=job_id, size=chunk_size_for(job))
        if chunk is None:
            job_finish_if_done(job_id=job_id)
            return PumpResult(chunks)
        claim_ms = (time.perf_counter() - started) * 1000
        outcome = chunk_send(chunk=chunk, job=job, category=job.category, claim_ms=claim_ms)
        chunks += 1
        if outcome.retry_in is not None:
            return PumpResult(chunks, retry_in=outcome.retry_in)
        _auto_pause_check(job, outcome)
    return PumpResult(chunks, more=True)


def _auto_pause_check(job: SendJob, outcome: ChunkOutcome) -> None:
    """Pause when the recent answers' failure rate passes the job's threshold, saying why."""
    if not (outcome.failed or outcome.rejected) or job.error_threshold >= 100:
        return
    recent = SendChunk.objects.filter(job=job, state=SendChunk.State.DONE).order_by("-id")
    window = list(recent.values_list("accepted", "failed")[: max(1, job.error_window // 10)])
    answered = sum(a + f for a, f in window)
    failed = sum(f for _, f in window)
    if answered < min(job.error_window, 20) or failed * 100 <= job.error_threshold * answered:
        return
    reason = (
        f"Paused automatically: {failed} of the last {answered} messages failed "
        f"({failed * 100 // answered}%, above the {job.error_threshold}% limit)."
    )
    SendJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.PAUSED, pause_reason=reason
    )


def job_finish_if_done(*, job_id: int) -> bool:
    """A running job with nothing queued or in flight is done."""
    busy = OutboundMessage.objects.filter(
        job_id=job_id, status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]
    )
    if busy.exists():
        return False
    return bool(
        SendJob.objects.filter(pk=job_id, state=State.RUNNING).update(
            state=State.DONE, finished_at=timezone.now()
        )
    )


def job_pause(*, job: SendJob, reason: str = "") -> bool:
    """Stop claiming chunks; chunks already in flight finish."""
    return bool(
        SendJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
            state=State.PAUSED, pause_reason=reason[:500]
        )
    )


def job_resume(*, job: SendJob) -> bool:
    resumed = SendJob.objects.filter(pk=job.pk, state=State.PAUSED).update(
        state=State.RUNNING, pause_reason=""
    )
    if resumed:
        _pumps_start(job.pk)
    return bool(resumed)


def job_cancel(*, job: SendJob) -> int:
    """Cancel the job: its messages not yet sent are cancelled; sent ones keep their status."""
    now = timezone.now()
    with transaction.atomic():
        stopped = SendJob.objects.filter(
            pk=job.pk, state__in=[State.SCHEDULED, State.RUNNING, State.PAUSED]
        ).update(state=State.CANCELLED, finished_at=now)
        if not stopped:
            return 0
        # Locked first: a pump claiming at this moment holds some of these rows, and once its
        # claim commits they are no longer queued. The lock waits for it and drops them, so the
        # count and the events name only the messages this cancel stopped (the claimed ones are
        # in flight and get 8x8's answer).
        ids = list(
            OutboundMessage.objects.filter(job=job, status=MessageStatus.QUEUED)
            .select_for_update()
            .values_list("id", flat=True)
        )
        OutboundMessage.objects.filter(id__in=ids).update(
            status=MessageStatus.CANCELLED, updated_at=now
        )
        MessageEvent.objects.bulk_create(
            [
                MessageEvent(
                    message_id=i, status=MessageStatus.CANCELLED, source=MessageEvent.Source.WORKER
                )
                for i in ids
            ],
            batch_size=1000,
        )
    return len(ids)


def job_retry_failed(*, job: SendJob) -> int:
    """Queue again the messages that failed for a reason a later try may fix (never opt-outs
    or 8x8's refusals of the message itself), and run the job again."""
    now = timezone.now()
    with transaction.atomic():
        # A message whose body retention cleared has nothing left to send.
        retried = OutboundMessage.objects.filter(
            job=job,
            status=MessageStatus.FAILED,
            status_detail__in=RETRYABLE_DETAILS,
            content_cleared_at__isnull=True,
        ).update(
            status=MessageStatus.QUEUED,
            status_detail="",
            chunk=None,
            attempts=0,
            failed_at=None,
            updated_at=now,
        )
        if retried:
            SendJob.objects.filter(pk=job.pk, state__in=[State.DONE, State.PAUSED]).update(
                state=State.RUNNING, finished_at=None, pause_reason=""
            )
            _pumps_start(job.pk)
    return retried


def job_counts(*, job: SendJob) -> dict[str, int]:
    """How many of the job's messages are in each status (one GROUP BY on the job's index)."""
    rows = (
        OutboundMessage.objects.filter(job=job).order_by().values("status").annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


STOPPED_MIDCALL = "A worker stopped during the call; waiting for 8x8's receipt to confirm."


def _unknown_mark(ids: list[int], *, now: datetime) -> int:
    """The messages of a request whose worker died become 'unknown', each with the event that
    says why on its timeline (as a single message's orphaned send does, messaging.sending)."""
    marked = OutboundMessage.objects.filter(id__in=ids, status=MessageStatus.SENDING).update(
        status=MessageStatus.UNKNOWN, status_detail="worker_stopped", updated_at=now
    )
    MessageEvent.objects.bulk_create(
        [
            MessageEvent(
                message_id=i,
                status=MessageStatus.UNKNOWN,
                source=MessageEvent.Source.WORKER,
                detail=STOPPED_MIDCALL,
            )
            for i in ids
        ],
        batch_size=1000,
    )
    return marked


def jobs_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Take back expired leases, start due jobs, and restart jobs nobody is pumping."""
    now = now or timezone.now()
    requeued = unknown = 0
    for chunk in SendChunk.objects.filter(
        state__in=[SendChunk.State.CLAIMED, SendChunk.State.REQUESTED], lease_until__lt=now
    ):
        with transaction.atomic():
            if not SendChunk.objects.filter(pk=chunk.pk, state=chunk.state).update(
                state=SendChunk.State.EXPIRED
            ):
                continue
            sending = OutboundMessage.objects.filter(chunk=chunk, status=MessageStatus.SENDING)
            if chunk.state == SendChunk.State.CLAIMED:
                # Its request never left: the messages go back to the queue.
                requeued += sending.update(status=MessageStatus.QUEUED, chunk=None, updated_at=now)
            else:
                # 8x8 may have them: receipts will say; sending again could send twice.
                # Locked, so a receipt landing meanwhile is not followed by a stale 'unknown'.
                ids = list(sending.select_for_update().values_list("id", flat=True))
                unknown += _unknown_mark(ids, now=now)
    due = SendJob.objects.filter(state=State.SCHEDULED).filter(
        Q(start_at__isnull=True) | Q(start_at__lte=now)
    )
    started = 0
    for job in due:
        job_launch(job=job, now=now)
        started += 1
    idle = 0
    recent = now - lease() / 2
    for job_id in SendJob.objects.filter(state=State.RUNNING).values_list("id", flat=True):
        pumped = SendChunk.objects.filter(job_id=job_id, claimed_at__gte=recent).exists()
        if not pumped and not job_finish_if_done(job_id=job_id):
            _pumps_start(job_id)
            idle += 1
    return {"requeued": requeued, "unknown": unknown, "started": started, "restarted": idle}
