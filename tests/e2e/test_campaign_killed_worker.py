"""A worker killed in the middle of a campaign's batch request: no recipient is sent twice and none
is lost.

A real worker process claims the first of three chunks and is killed (SIGKILL) while the
sandbox, slowed down, holds that chunk's batch request. The sandbox finishes the request after
the kill, as 8x8 would: it accepts the chunk's messages once and answers a worker that is gone.
The chunk was marked 'requested' before its request left, so when its lease runs out the sweeper
(called here as beat would, with a short BATCH_LEASE_SECONDS) marks its messages 'unknown'
instead of queueing them again, and restarts the job; a second worker sends the other two
chunks; the sandbox's receipts, matched by clientMessageId, then settle the unknown ones.
"""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from django.utils import timezone

from messaging import jobs
from messaging.models import MessageEvent, MessageStatus, SendChunk, SendJob
from sandbox import selectors as sandbox
from sandbox.models import SandboxMessage, SandboxRequest
from sandbox.services import config_update
from tests.conftest import wait_until
from tests.e2e.campaigns import campaign, numbers, requests_by_chunk
from tests.e2e.worker_processes import REDIS_URL, redis_answers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not redis_answers(REDIS_URL),
        reason=f"no Redis at {REDIS_URL} for the worker processes (set TEST_REDIS_URL)",
    ),
]

RECIPIENTS = 150
CHUNK = 50
# Longer than any request of the live worker (the sandbox answers it at once), far shorter than
# the default, so the dead worker's chunk expires within the test.
LEASE_SECONDS = 10
# The sandbox holds the first request this long: the worker is killed a second into it.
SLOW_MS = 6000
# Receipts come well after the lease has expired and been swept, so the sweeper meets the dead
# worker's messages still 'sending' (a receipt before it would settle them just as well).
DELIVERED_AFTER = 15


def sweep_until(condition, *, timeout: float, what: str) -> dict[str, int]:
    """Run the sweeper once a second, as beat does (every 20 s in production), until
    `condition()` holds; what all the sweeps did, added up."""
    done: dict[str, int] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for key, value in jobs.jobs_sweep().items():
            done[key] = done.get(key, 0) + value
        if condition():
            return done
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; sweeps did {done}")


def kill_during_request(worker, job: SendJob) -> tuple[SendChunk, datetime]:
    """Kill the worker a second after its chunk's request left; the chunk and the kill's time."""
    requested = job.chunks.filter(state=SendChunk.State.REQUESTED)
    wait_until(requested.exists, timeout=90, what="the first chunk's request to leave")
    time.sleep(1)  # the request is with the sandbox, which answers only after SLOW_MS
    killed_at = timezone.now()
    worker.kill()  # SIGKILL while the request to the sandbox is in flight
    worker.wait(timeout=10)
    return requested.get(), killed_at


def test_a_chunk_in_flight_when_its_worker_is_killed_is_sent_once_and_settled(
    workers, marketer, settings
):
    settings.BATCH_CONCURRENCY = 1  # one pump: one chunk in flight at the kill
    settings.BATCH_LEASE_SECONDS = LEASE_SECONDS  # this process runs the sweeper
    lease = {"BATCH_LEASE_SECONDS": str(LEASE_SECONDS)}
    config_update(
        delivered_after_seconds=DELIVERED_AFTER, read_after_seconds=1, slow_response_ms=SLOW_MS
    )
    job = campaign(numbers(RECIPIENTS), chunk_size=CHUNK, created_by=marketer)
    first = workers(**lease)
    jobs.job_launch(job=job)

    killed, killed_at = kill_during_request(first, job)
    config_update(slow_response_ms=0)
    assert job.chunks.count() == 1 and killed.size == CHUNK
    assert job.messages.filter(status=MessageStatus.QUEUED).count() == RECIPIENTS - CHUNK
    workers(**lease)

    done = sweep_until(
        lambda: SendJob.objects.filter(pk=job.pk, state=SendJob.State.DONE).exists(),
        timeout=90,
        what="the job to finish",
    )
    # The sweeper took the dead worker's chunk back as sent-but-unanswered, never as unsent.
    assert done["unknown"] == CHUNK and done["requeued"] == 0
    killed.refresh_from_db()
    assert killed.state == SendChunk.State.EXPIRED
    in_killed = set(killed.messages.values_list("id", flat=True))
    assert len(in_killed) == CHUNK
    verdicts = MessageEvent.objects.filter(
        message__job=job, status=MessageStatus.UNKNOWN, source=MessageEvent.Source.WORKER
    )
    assert set(verdicts.values_list("message_id", flat=True)) == in_killed
    # Every other message was accepted in 8x8's answer to its own chunk's request.
    answered = MessageEvent.objects.filter(
        message__job=job, status=MessageStatus.ACCEPTED, source=MessageEvent.Source.API
    )
    others = set(job.messages.exclude(id__in=in_killed).values_list("id", flat=True))
    assert set(answered.values_list("message_id", flat=True)) == others
    assert len(others) == RECIPIENTS - CHUNK

    # The receipts settle every message, the unknown ones matched by their clientMessageId.
    reached = job.messages.filter(status__in=[MessageStatus.DELIVERED, MessageStatus.READ])
    wait_until(
        lambda: reached.count() == RECIPIENTS,
        timeout=90,
        what="every message delivered or read",
    )
    assert set(job.messages.values_list("attempts", flat=True)) == {1}
    assert not job.messages.filter(umid__isnull=True).exists()  # learnt from the receipts too

    # The sandbox got the dead worker's request (so it had left before the kill: a killed
    # process writes nothing more) and answered it only after the kill; what it accepted of it,
    # it stored only after the kill; each recipient got one message. (Its log's arrived_at is
    # when its view began, after the middleware: on a busy machine that can be after the kill.)
    (request,) = SandboxRequest.objects.filter(client_batch_id=f"chunk-{killed.pk}")
    assert request.status == 200 and request.answered_at > killed_at
    stored = SandboxMessage.objects.filter(client_batch_id=f"chunk-{killed.pk}")
    assert stored.count() == CHUNK
    assert all(m.created_at > killed_at for m in stored)
    assert set(stored.values_list("client_message_id", flat=True)) == set(
        job.messages.filter(id__in=in_killed).values_list("client_message_id", flat=True)
    )
    received = sandbox.accepted_messages().values_list("client_message_id", flat=True)
    assert sorted(received) == sorted(job.messages.values_list("client_message_id", flat=True))
    assert sandbox.duplicate_count() == 0
    assert sandbox.sent_counts_by_client_message_id() == {}
    # One request per chunk: the killed chunk's, and one for each chunk the other 100 went in
    # (two, unless pumps started by the sweeper claimed side by side and split one).
    sent = requests_by_chunk(job)
    assert len(sent) >= 3 and set(sent.values()) == {1}, sent
