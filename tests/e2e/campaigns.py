"""Send jobs run for real: frozen, launched, pumped by a real worker to the sandbox over HTTP,
and what the sandbox's request log says about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from messaging import jobs
from messaging.models import MessageStatus, SendChunk, SendJob
from sandbox.models import SandboxRequest
from sandbox.selectors import requests_log

TEMPLATE = {
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#523534"}]}],
        }
    },
}
# Still waiting for a worker, in flight, or sent without 8x8's answer.
OPEN = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.UNKNOWN)


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"+6591{i:06d}" for i in range(start, start + n)]


def campaign(recipients: list[str], *, chunk_size: int, rate: int = 0, **fields) -> SendJob:
    """A frozen, scheduled job of one template message per recipient."""
    job = SendJob.objects.create(name="Spring sale", rate=rate, chunk_size=chunk_size, **fields)
    jobs.job_freeze(
        job=job,
        kind="template",
        messages=((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in recipients),
    )
    return job


def open_count(job: SendJob) -> int:
    return job.messages.filter(status__in=OPEN).count()


def settled(job: SendJob) -> bool:
    """Every message has 8x8's answer or a receipt, or failed; none waits or is unknown."""
    return not job.messages.filter(status__in=OPEN).exists()


@dataclass(frozen=True)
class Early:
    """A request that reached the sandbox inside a Retry-After window its sender already had."""

    request: SandboxRequest
    refused: SandboxRequest  # the 429 that opened the window
    until: datetime


def _instant(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def retry_after_audit(job: SendJob) -> tuple[list[SandboxRequest], list[Early], int]:
    """The 429s the sandbox gave the job's batch requests, the requests that arrived inside one's
    Retry-After window although their worker had checked the pause after that 429 was in force,
    and how many requests were checked against a window.

    A 429 answered at A with Retry-After N forbids the sub-account's requests until A + N. The
    chunk that got it records when its pause was in force (paused_at); every chunk records when
    it last saw the pause clear before its request left (clear_at). A request whose clear_at is
    later than a 429's paused_at had been told to wait, so it must arrive at A + N or later;
    one that was already past its check (in flight) when the 429 came could not know of it.
    """
    prefix = "chunk-"
    chunks = {
        f"{prefix}{pk}": timings
        for pk, timings in SendChunk.objects.filter(job=job).values_list("id", "timings")
    }
    log = [r for r in requests_log().filter(endpoint="api-batch") if r.client_batch_id in chunks]
    refusals = [r for r in log if r.status == 429]
    early: list[Early] = []
    checked = 0
    for refused in refusals:
        assert refused.retry_after, "a 429 without Retry-After"
        paused_at = _instant(chunks[refused.client_batch_id]["paused_at"])
        until = refused.answered_at + timedelta(seconds=refused.retry_after)
        for request in log:
            clear_at = chunks[request.client_batch_id].get("clear_at")
            if request is refused or clear_at is None or _instant(clear_at) <= paused_at:
                continue
            checked += 1
            if request.arrived_at < until:
                early.append(Early(request, refused, until))
    return refusals, early, checked


def batch_requests(job: SendJob) -> int:
    ids = [f"chunk-{pk}" for pk in job.chunks.values_list("id", flat=True)]
    return SandboxRequest.objects.filter(endpoint="api-batch", client_batch_id__in=ids).count()


def requests_by_chunk(job: SendJob) -> dict[int, int]:
    """How many batch requests the sandbox got for each of the job's chunks, keyed by chunk id.

    How many chunks a job makes is not fixed: pumps claiming at the same time skip each other's
    locked rows, so the last rows can be split between them. What is fixed is one request per
    chunk.
    """
    counts = dict.fromkeys(job.chunks.values_list("id", flat=True), 0)
    for client_batch_id in SandboxRequest.objects.filter(
        endpoint="api-batch", client_batch_id__startswith="chunk-"
    ).values_list("client_batch_id", flat=True):
        chunk_id = int(client_batch_id.removeprefix("chunk-"))
        if chunk_id in counts:
            counts[chunk_id] += 1
    return counts
