"""Launching and cancelling for real (real worker and broker, sandbox over HTTP): a launch whose
transaction rolls back enqueues nothing, and a campaign cancelled halfway sends nothing more."""

from __future__ import annotations

import pytest
from django.db import transaction

from messaging import enqueue, jobs
from messaging.models import MessageStatus, SendChunk, SendJob
from sandbox import selectors as sandbox
from sandbox.faults import sandbox_faults
from tests.conftest import wait_until
from tests.e2e.campaigns import campaign, numbers, settled

pytestmark = pytest.mark.worker


@pytest.fixture
def enqueued(monkeypatch):
    """What reaches the broker, by task name; each task is still sent to the real broker."""
    sent: list[str] = []
    real = enqueue._send

    def spy(name, args):
        sent.append(name)
        real(name, args)

    monkeypatch.setattr("messaging.enqueue._send", spy)
    return sent


class Abandoned(Exception):
    pass


def test_a_launch_rolled_back_enqueues_nothing_and_a_committed_one_runs(
    live_stack, marketer, enqueued
):
    job = campaign(numbers(20), chunk_size=10, created_by=marketer)

    with pytest.raises(Abandoned), transaction.atomic():
        jobs.job_launch(job=job)
        raise Abandoned

    job.refresh_from_db()
    assert job.state == SendJob.State.SCHEDULED
    assert enqueued == []
    assert job.messages.filter(status=MessageStatus.QUEUED).count() == 20

    with transaction.atomic():
        jobs.job_launch(job=job)
    assert enqueued and set(enqueued) == {enqueue.JOB_PUMP}
    wait_until(lambda: settled(job), timeout=60, what="the committed launch to be sent")
    assert sandbox.accepted_count() == 20


def test_a_campaign_cancelled_halfway_sends_nothing_more(live_stack, marketer, settings):
    settings.BATCH_CONCURRENCY = 2
    job = campaign(numbers(200), chunk_size=10, created_by=marketer)

    with sandbox_faults(slow_response_ms=300):
        jobs.job_launch(job=job)
        wait_until(lambda: sandbox.accepted_count() >= 40, what="part of the campaign sent")
        cancelled = jobs.job_cancel(job=job)
        in_flight = SendChunk.State.CLAIMED, SendChunk.State.REQUESTED
        wait_until(
            lambda: not job.chunks.filter(state__in=in_flight).exists(),
            what="the chunks in flight at the cancel to be answered",
        )

    job.refresh_from_db()
    assert job.state == SendJob.State.CANCELLED
    assert 0 < cancelled <= 160
    sent = sandbox.accepted_count()
    assert job.messages.filter(status=MessageStatus.CANCELLED).count() == cancelled
    assert job.messages.exclude(status=MessageStatus.CANCELLED).count() == sent == 200 - cancelled
    # A pump that comes late (a redelivered task, the sweeper) finds nothing to send.
    assert jobs.job_pump(job_id=job.pk).chunks == 0
    assert jobs.jobs_sweep()["restarted"] == 0
    assert sandbox.accepted_count() == sent
    assert sandbox.duplicate_count() == 0
