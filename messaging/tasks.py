"""Thin Celery adapters: each takes an id and calls one service. Retries are declared here, for
errors that say a later try may succeed, and nothing else."""

from __future__ import annotations

import time

from celery import shared_task
from django.db import OperationalError

from chatapps.errors import TransientError
from messaging import intake, jobs, retention, sending
from messaging.enqueue import (
    WEBHOOK_APPLY_KEY,
    WEBHOOK_EVENTS_APPLY,
    coalesced_wait,
    enqueue_on_commit,
)

MAX_DISPATCH_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_DISPATCH_RETRIES)
def message_dispatch_task(self, message_id: int) -> None:
    """Send one queued message.

    Running twice is harmless: the second run finds the message no longer 'queued' and stops. A
    missing row (deleted before dispatch) is also a no-op. Only the client's TransientError (429,
    5xx, connection refused) retries: after the Retry-After a 429 asked for, else with exponential
    backoff; when the retries run out the message fails, never having been accepted.
    """
    try:
        sending.message_dispatch(message_id=message_id)
    except TransientError as exc:
        if self.request.retries >= MAX_DISPATCH_RETRIES:
            sending.message_give_up(message_id=message_id, reason=f"Gave up after retries: {exc}")
            return
        countdown = (
            exc.retry_after if exc.retry_after is not None else 2 ** (self.request.retries + 1)
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(
    acks_late=True,
    # A database that is briefly unreachable is worth another try; a bug in applying is not:
    # the event is marked failed with the error, for a person to read.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def webhook_event_apply_task(event_id: int) -> str | None:
    """Apply one stored webhook event.

    Running twice is harmless: the second run cannot claim an event that is already applied. A
    missing row is a no-op.
    """
    return intake.webhook_event_apply(event_id=event_id)


# A batch apply hands over to a fresh task after this long, far inside the task time limit.
APPLY_BUDGET_SECONDS = 30.0
# Events claimed a batch: a few statements apply the lot, so bigger batches cost less each.
APPLY_BATCH = 1000


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def webhook_events_apply_task() -> int:
    """Apply pending webhook events, 1,000 at a time, until none is left.

    Webhook requests ask for one of these per window (enqueue.enqueue_coalesced): once the
    queue is drained, the task waits for the window that may have relied on it to close and
    drains once more. Several running at once take disjoint events.
    """
    deadline = time.monotonic() + APPLY_BUDGET_SECONDS
    applied, drained = _drain(deadline)
    wait = coalesced_wait(WEBHOOK_APPLY_KEY)
    if drained and wait > 0:
        time.sleep(wait)
        # The window is closed: this covers every event committed inside it.
        more, drained = _drain(deadline)
        applied += more
    if not drained:  # out of time with events left: a fresh task goes on
        webhook_events_apply_task.apply_async()
    return applied


def _drain(deadline: float) -> tuple[int, bool]:
    """Apply batches until the queue is empty (True) or the deadline passes (False).

    A batch smaller than APPLY_BATCH took every pending event there was, so the queue is empty
    as of that claim and the drain stops, rather than claim again at once: that would take the
    few events committed since, one or two a batch, each paying a whole batch's statements (in
    a storm at 500 receipts/s, applying then cost more than storing). Events committed after
    the claim fall inside the window, whose last drain takes them together. A batch shortened
    by another worker's claim (SKIP LOCKED) left the rest to that worker.
    """
    applied = 0
    while time.monotonic() < deadline:
        taken = intake.webhook_events_apply_batch(limit=APPLY_BATCH)
        applied += taken
        if taken < APPLY_BATCH:
            return applied, True
    return applied, False


@shared_task
def webhook_events_sweep() -> int:
    """Apply events whose apply was never enqueued (broker down) or whose worker died."""
    pending = len(intake.webhook_events_reclaim()) + len(intake.webhook_events_pending())
    if pending:
        enqueue_on_commit(WEBHOOK_EVENTS_APPLY)
    return pending


@shared_task(bind=True, acks_late=True)
def job_pump_task(self, job_id: int) -> int:
    """Send a job's chunks for a while, then hand over to a fresh task.

    Several run at once per job, on any worker; each claim is exclusive, so extra pumps only add
    concurrency. When 8x8 asks to wait (429 or errors), the pump comes back after that wait.
    """
    result = jobs.job_pump(job_id=job_id)
    if result.retry_in is not None:
        job_pump_task.apply_async(args=(job_id,), countdown=result.retry_in)
    elif result.more:
        job_pump_task.apply_async(args=(job_id,))
    return result.chunks


@shared_task
def jobs_sweep_task() -> dict[str, int]:
    """Take back chunks of dead workers, start due jobs, restart idle ones. Safe to overlap."""
    return jobs.jobs_sweep()


@shared_task(acks_late=True)
def retention_task() -> int:
    """Clear message content older than RETENTION_DAYS (hourly, from beat).

    Running twice, or two at once, is harmless: a cleared row is not selected again, and the
    worst overlap clears the same rows twice to the same empty value.
    """
    return retention.retention_run().cleared
