"""Send jobs: a freeze that never doubles a recipient, pumps, pause, cancel and the sweeper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from messaging import chunks, jobs
from messaging.models import MessageEvent, MessageStatus, OutboundMessage, SendChunk, SendJob
from tests.messaging.send_jobs import TEMPLATE, error, frozen_job, numbers

pytestmark = pytest.mark.django_db
State = SendJob.State


def template_bodies(msisdns):
    return ((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in msisdns)


def test_freezing_twice_adds_no_second_message_for_anyone():
    job = SendJob.objects.create(name="Sale")
    assert jobs.job_freeze(job=job, kind="template", messages=template_bodies(numbers(5))) == 5
    again = numbers(7)  # five of them already frozen
    assert jobs.job_freeze(job=job, kind="template", messages=template_bodies(again)) == 2
    assert job.messages.count() == 7
    message = job.messages.get(msisdn="+6580000003")
    assert message.client_message_id == f"j{job.pk}-6580000003"
    assert message.payload["clientMessageId"] == message.client_message_id


def test_a_first_freeze_given_a_recipient_twice_keeps_the_first_body_only():
    # A new job takes the fast path (straight into the table, no conflict check): the repeats
    # must be dropped before the database would refuse them, across freeze batches too.
    job = SendJob.objects.create(name="Sale")
    first = [(m, {"user": {"msisdn": m}, **TEMPLATE, "note": "first"}) for m in numbers(3)]
    repeats = [(m, {"user": {"msisdn": m}, **TEMPLATE, "note": "again"}) for m in numbers(3)]
    assert jobs.job_freeze(job=job, kind="template", messages=first + repeats + first) == 3
    assert set(job.messages.values_list("payload__note", flat=True)) == {"first"}


def test_a_first_freeze_larger_than_one_batch_writes_every_recipient_once(monkeypatch):
    monkeypatch.setattr(jobs, "FREEZE_BATCH", 4)
    job = SendJob.objects.create(name="Sale")
    msisdns = numbers(10)
    assert jobs.job_freeze(job=job, kind="template", messages=template_bodies(msisdns * 2)) == 10
    assert sorted(job.messages.values_list("msisdn", flat=True)) == sorted(msisdns)


def test_the_database_refuses_a_second_message_to_a_recipient_of_the_job():
    job = frozen_job(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboundMessage.objects.create(job=job, kind="template", msisdn="+6580000000", payload={})


@pytest.mark.django_db(transaction=True)
def test_a_job_starts_now_or_waits_for_its_time(pumps, settings):
    settings.BATCH_CONCURRENCY = 3
    now_job = SendJob.objects.create(name="Now")
    later = SendJob.objects.create(name="Later", start_at=timezone.now() + timedelta(hours=1))
    jobs.job_launch(job=now_job)
    jobs.job_launch(job=later)

    now_job.refresh_from_db(), later.refresh_from_db()
    assert (now_job.state, later.state) == (State.RUNNING, State.SCHEDULED)
    assert pumps == [now_job.pk] * 3


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_starts_a_scheduled_job_once_its_time_has_come(pumps):
    job = frozen_job(2, state=State.SCHEDULED, start_at=timezone.now() + timedelta(minutes=5))
    assert jobs.jobs_sweep()["started"] == 0
    result = jobs.jobs_sweep(now=timezone.now() + timedelta(minutes=6))
    job.refresh_from_db()
    assert result["started"] == 1 and job.state == State.RUNNING and pumps


def test_a_pump_sends_every_chunk_then_marks_the_job_done(batch_8x8):
    fake = batch_8x8()
    job = frozen_job(25, chunk_size=10)
    result = jobs.job_pump(job_id=job.pk)

    job.refresh_from_db()
    assert result.chunks == 3 and not result.more
    assert [len(b["messages"]) for b in fake.bodies] == [10, 10, 5]
    assert jobs.job_counts(job=job) == {MessageStatus.ACCEPTED: 25}
    assert job.state == State.DONE and job.finished_at is not None


def test_a_paced_job_sends_small_chunks():
    job = SendJob(rate=80, chunk_size=1000)
    assert jobs.chunk_size_for(job) == 10
    assert jobs.chunk_size_for(SendJob(rate=0, chunk_size=1000)) == 1000
    assert jobs.chunk_size_for(SendJob(rate=3, chunk_size=1000)) == 1


def test_a_pump_stops_when_8x8_asks_to_wait(batch_8x8, settings):
    settings.PACING_REDIS_URL = ""
    batch_8x8(answers=[error(429, **{"Retry-After": "2"})])
    job = frozen_job(4, chunk_size=2)
    result = jobs.job_pump(job_id=job.pk)
    assert result.retry_in == 2 and result.chunks == 1
    assert jobs.job_counts(job=job) == {MessageStatus.QUEUED: 4}


@pytest.mark.django_db(transaction=True)
def test_pause_stops_the_pump_and_resume_starts_it_again(batch_8x8, pumps):
    batch_8x8()
    job = frozen_job(4, chunk_size=2)
    assert jobs.job_pause(job=job, reason="Wrong image")
    assert jobs.job_pump(job_id=job.pk).chunks == 0
    job.refresh_from_db()
    assert job.pause_reason == "Wrong image"

    assert jobs.job_resume(job=job) and pumps
    assert jobs.job_pump(job_id=job.pk).chunks == 2
    assert jobs.job_counts(job=job) == {MessageStatus.ACCEPTED: 4}


def test_cancel_cancels_what_was_not_sent_and_keeps_what_was(batch_8x8):
    batch_8x8()
    job = frozen_job(5, chunk_size=2)
    chunks.chunk_send(
        chunk=chunks.chunk_claim(job_id=job.pk, size=2), job=job, category="marketing"
    )
    assert jobs.job_cancel(job=job) == 3
    job.refresh_from_db()
    assert job.state == State.CANCELLED
    assert jobs.job_counts(job=job) == {MessageStatus.ACCEPTED: 2, MessageStatus.CANCELLED: 3}
    assert jobs.job_cancel(job=job) == 0


def test_too_many_failures_pause_the_job_saying_why(batch_8x8):
    batch_8x8(refuse=set(numbers(30)))
    job = frozen_job(60, chunk_size=10, error_threshold=20, error_window=100)
    jobs.job_pump(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == State.PAUSED
    assert "failed" in job.pause_reason and "20% limit" in job.pause_reason
    assert jobs.job_counts(job=job)[MessageStatus.QUEUED] > 0


def test_the_sweeper_requeues_a_chunk_whose_request_never_left():
    job = frozen_job(3)
    chunk = chunks.chunk_claim(job_id=job.pk, size=10)
    assert chunk is not None
    result = jobs.jobs_sweep(now=timezone.now() + chunks.lease() + timedelta(seconds=1))

    assert result["requeued"] == 3
    assert jobs.job_counts(job=job) == {MessageStatus.QUEUED: 3}
    assert SendChunk.objects.get().state == SendChunk.State.EXPIRED


def test_the_sweeper_never_resends_a_chunk_whose_request_left():
    job = frozen_job(3)
    chunk = chunks.chunk_claim(job_id=job.pk, size=10)
    assert chunk is not None
    SendChunk.objects.filter(pk=chunk.pk).update(state=SendChunk.State.REQUESTED)
    result = jobs.jobs_sweep(now=timezone.now() + chunks.lease() + timedelta(seconds=1))

    assert result["unknown"] == 3
    assert jobs.job_counts(job=job) == {MessageStatus.UNKNOWN: 3}
    assert {m.status_detail for m in job.messages.all()} == {"worker_stopped"}
    # Each message's timeline says why it waits for a receipt.
    verdicts = MessageEvent.objects.filter(message__job=job, status=MessageStatus.UNKNOWN)
    assert sorted(verdicts.values_list("message_id", flat=True)) == sorted(
        job.messages.values_list("id", flat=True)
    )
    assert {e.detail for e in verdicts} == {jobs.STOPPED_MIDCALL}


def test_a_live_lease_is_left_alone():
    job = frozen_job(2)
    chunks.chunk_claim(job_id=job.pk, size=10)
    assert jobs.jobs_sweep() == {"requeued": 0, "unknown": 0, "started": 0, "restarted": 0}
    assert jobs.job_counts(job=job) == {MessageStatus.SENDING: 2}


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_restarts_a_running_job_nobody_pumps(pumps):
    job = frozen_job(2)
    assert jobs.jobs_sweep()["restarted"] == 1
    assert set(pumps) == {job.pk}


def test_the_sweeper_finishes_a_running_job_with_nothing_left():
    job = frozen_job(1)
    job.messages.update(status=MessageStatus.DELIVERED)
    assert jobs.jobs_sweep()["restarted"] == 0
    job.refresh_from_db()
    assert job.state == State.DONE
