"""Chunks of a send job: claimed once, sent as one batch request, each answer recorded.

8x8 is outside the project: these unit tests answer for it with httpx.MockTransport.
"""

from __future__ import annotations

import time

import httpx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import chunks, jobs
from messaging.models import MessageEvent, MessageStatus, OutboundMessage, SendChunk, SendJob
from messaging.pacing import clock, pause_key
from recipients.models import OptEvent
from recipients.services import opt_in, opt_out
from tests.messaging.send_jobs import TEMPLATE, error, frozen_job, numbers

pytestmark = pytest.mark.django_db


def send_one_chunk(job: SendJob, size: int = 1000) -> chunks.ChunkOutcome:
    chunk = chunks.chunk_claim(job_id=job.pk, size=size)
    assert chunk is not None
    return chunks.chunk_send(chunk=chunk, job=job, category="marketing")


def statuses(job: SendJob) -> dict[str, int]:
    return jobs.job_counts(job=job)


def test_claims_never_overlap_and_take_the_oldest_first():
    job = frozen_job(5)
    first = chunks.chunk_claim(job_id=job.pk, size=3)
    second = chunks.chunk_claim(job_id=job.pk, size=3)
    third = chunks.chunk_claim(job_id=job.pk, size=3)

    assert first is not None and second is not None and third is None
    a = set(first.messages.values_list("id", flat=True))
    b = set(second.messages.values_list("id", flat=True))
    assert len(a) == 3 and len(b) == 2 and not a & b
    assert max(a) < min(b)
    assert statuses(job) == {MessageStatus.SENDING: 5}


def test_a_paused_job_gives_no_chunk():
    job = frozen_job(2)
    jobs.job_pause(job=job, reason="checking the copy")
    assert chunks.chunk_claim(job_id=job.pk, size=10) is None
    assert statuses(job) == {MessageStatus.QUEUED: 2}
    assert not SendChunk.objects.exists()


def test_shared_content_travels_once_in_the_batch_template(batch_8x8):
    fake = batch_8x8()
    job = frozen_job(3)
    send_one_chunk(job)

    (body,) = fake.bodies
    assert body["template"] == TEMPLATE
    assert body["includeMessagesInResponse"] is True
    assert body["messages"][0] == {
        "user": {"msisdn": "+6580000000"},
        "clientMessageId": f"j{job.pk}-6580000000",
    }


def test_different_bodies_are_sent_whole():
    job = SendJob.objects.create(name="Docs", rate=0, state=SendJob.State.RUNNING)
    bodies = [
        (m, {"user": {"msisdn": m}, "type": "text", "content": {"text": f"Hi {m}"}})
        for m in numbers(2)
    ]
    jobs.job_freeze(job=job, kind="text", messages=bodies)
    chunk = chunks.chunk_claim(job_id=job.pk, size=10)
    assert chunk is not None
    payloads = list(
        OutboundMessage.objects.filter(job=job).order_by("id").values_list("payload", flat=True)
    )
    body = chunks.batch_body(chunk, payloads)
    assert "template" not in body
    assert body["messages"][1]["content"] == {"text": "Hi +6580000001"}


def test_each_item_of_the_answer_settles_its_own_message(batch_8x8):
    batch_8x8(refuse={"+6580000001"})
    job = frozen_job(3)
    outcome = send_one_chunk(job)

    assert (outcome.accepted, outcome.rejected) == (2, 1)
    refused = OutboundMessage.objects.get(job=job, msisdn="+6580000001")
    assert refused.status == MessageStatus.REJECTED
    assert (refused.error_code, refused.error_message) == (3038, "Template not found")
    fine = OutboundMessage.objects.get(job=job, msisdn="+6580000000")
    assert fine.status == MessageStatus.ACCEPTED and fine.umid == "u-1-0"
    assert fine.accepted_at is not None
    assert MessageEvent.objects.filter(message=fine, status=MessageStatus.ACCEPTED).count() == 1
    chunk = SendChunk.objects.get()
    assert (chunk.state, chunk.batch_id, chunk.accepted, chunk.failed) == ("done", "b-1", 2, 1)


def test_a_message_missing_from_the_answer_waits_for_its_receipt(batch_8x8):
    answer = httpx.Response(
        200, json={"batchId": "b", "acceptedCount": 2, "rejectedCount": 0, "messages": []}
    )
    fake = batch_8x8(answers=[answer])
    job = frozen_job(2)
    outcome = send_one_chunk(job)

    assert outcome.unknown == 2
    assert statuses(job) == {MessageStatus.UNKNOWN: 2}
    assert len(fake.bodies) == 1


def test_a_rate_limit_puts_the_chunk_back_and_pauses_every_sender(batch_8x8, settings):
    settings.PACING_REDIS_URL = ""
    batch_8x8(answers=[error(429, **{"Retry-After": "7"})])
    job = frozen_job(3)
    outcome = send_one_chunk(job)

    assert outcome.requeued == 3 and outcome.retry_in == 7
    assert statuses(job) == {MessageStatus.QUEUED: 3}
    assert OutboundMessage.objects.filter(job=job, chunk__isnull=False).count() == 0
    assert 6 < clock().paused_for(pause_key=pause_key()) <= 7


def test_a_server_error_backs_off_with_jitter_inside_the_cap(batch_8x8, settings):
    settings.BATCH_RETRY_MAX_SECONDS = 3
    batch_8x8(answers=[error(503)])
    job = frozen_job(1)
    outcome = send_one_chunk(job)
    assert outcome.requeued == 1
    assert outcome.retry_in is not None and 0 < outcome.retry_in <= 3


def test_after_the_last_try_the_messages_fail_and_can_be_retried(batch_8x8, settings):
    settings.BATCH_MAX_ATTEMPTS = 2
    batch_8x8(answers=[error(503), error(503)])
    job = frozen_job(2)
    send_one_chunk(job)
    outcome = send_one_chunk(job)

    assert outcome.failed == 2
    failed = OutboundMessage.objects.filter(job=job, status=MessageStatus.FAILED)
    assert {m.status_detail for m in failed} == {"gave_up"}
    assert jobs.job_retry_failed(job=job) == 2
    assert statuses(job) == {MessageStatus.QUEUED: 2}


def test_a_timeout_after_the_request_left_is_unknown_never_resent(batch_8x8):
    fake = batch_8x8(answers=[httpx.ReadTimeout("slow")])
    job = frozen_job(2)
    outcome = send_one_chunk(job)

    assert outcome.unknown == 2
    assert statuses(job) == {MessageStatus.UNKNOWN: 2}
    assert chunks.chunk_claim(job_id=job.pk, size=10) is None
    assert len(fake.bodies) == 1


def test_a_refused_request_fails_its_messages_with_8x8s_words(batch_8x8):
    body = {"code": 3013, "message": "Too much messages", "errorId": "e", "timestamp": ""}
    batch_8x8(answers=[httpx.Response(400, json=body)])
    job = frozen_job(2)
    outcome = send_one_chunk(job)

    assert outcome.failed == 2
    message = OutboundMessage.objects.filter(job=job).first()
    assert message is not None
    assert (message.status, message.error_code) == (MessageStatus.FAILED, 3013)
    assert job.messages.filter(failed_at__isnull=True).count() == 0


def test_a_number_that_opted_out_after_the_freeze_is_refused_not_sent(batch_8x8):
    fake = batch_8x8()
    job = frozen_job(3)
    opt_out(msisdn="+6580000002", reason="STOP", source=OptEvent.Source.KEYWORD)
    opt_out(msisdn="+6580000001", reason="STOP", source=OptEvent.Source.KEYWORD)
    opt_in(msisdn="+6580000001", reason="START", source=OptEvent.Source.KEYWORD)
    outcome = send_one_chunk(job)

    assert (outcome.accepted, outcome.rejected) == (2, 1)
    sent = [m["user"]["msisdn"] for m in fake.bodies[0]["messages"]]
    assert sent == ["+6580000000", "+6580000001"]
    refused = OutboundMessage.objects.get(job=job, msisdn="+6580000002")
    assert refused.status_detail == "opted_out"
    assert "opted out of marketing" in refused.error_message


def test_a_chunk_takes_a_fixed_number_of_queries_whatever_its_size(batch_8x8):
    batch_8x8()
    small, large = (
        frozen_job(5),
        SendJob.objects.create(name="Large", rate=0, state=SendJob.State.RUNNING),
    )
    jobs.job_freeze(
        job=large,
        kind="template",
        messages=((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in numbers(400, start=100)),
    )
    with CaptureQueriesContext(connection) as few:
        send_one_chunk(small)
    with CaptureQueriesContext(connection) as many:
        send_one_chunk(large)
    # SQLite takes at most 999 parameters a statement, so only multi-row writes may multiply.
    assert len(many.captured_queries) <= len(few.captured_queries) + 6


def test_a_chunk_the_sweeper_took_back_while_it_waited_sends_nothing(batch_8x8):
    fake = batch_8x8()
    job = frozen_job(2)
    chunk = chunks.chunk_claim(job_id=job.pk, size=10)
    assert chunk is not None
    # The wait for its send slot outlived the lease: the sweeper has expired the chunk.
    SendChunk.objects.filter(pk=chunk.pk).update(state=SendChunk.State.EXPIRED)

    outcome = chunks.chunk_send(chunk=chunk, job=job, category="marketing")

    assert outcome == chunks.ChunkOutcome()
    assert fake.bodies == []


def test_where_a_chunks_time_went_is_kept(batch_8x8):
    batch_8x8()
    job = frozen_job(2)
    send_one_chunk(job)
    timings = SendChunk.objects.get().timings
    assert set(timings) == {"claim", "wait", "http", "record", "clear_at"}
    assert all(value >= 0 for value in timings.values())
    assert timings["clear_at"] <= time.time()
