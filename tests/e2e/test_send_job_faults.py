"""A campaign through a misbehaving 8x8 (the sandbox's faults, over HTTP, real worker): it
completes with every recipient sent once, and no request arrives inside a Retry-After window its
worker had been given: a 429 pauses every worker's sends to the sub-account, not only the chunk
that got it."""

from __future__ import annotations

import pytest

from chatapps.client import reset_client
from messaging import jobs
from messaging.models import MessageStatus
from sandbox import selectors as sandbox
from sandbox.faults import faults_seed, sandbox_faults
from tests.conftest import wait_until
from tests.e2e.campaigns import batch_requests, campaign, numbers, retry_after_audit, settled

pytestmark = pytest.mark.worker


@pytest.fixture
def engine(live_stack, settings):
    """Four pumps, short backoffs, and a read timeout short enough that a dropped answer costs
    one second; the faults' draws repeat from run to run, so the 429s this test needs happen."""
    settings.BATCH_CONCURRENCY = 4
    settings.BATCH_RETRY_MAX_SECONDS = 2.0
    settings.CHATAPPS_READ_TIMEOUT = 1.0
    reset_client()
    faults_seed(1)
    yield live_stack
    reset_client()


def run(job, **faults) -> None:
    with sandbox_faults(**faults):
        jobs.job_launch(job=job)
        wait_until(lambda: settled(job), timeout=120, what=f"settled: {jobs.job_counts(job=job)}")


def test_through_5xx_429s_slow_answers_and_drops_every_recipient_gets_one_message(engine, marketer):
    job = campaign(numbers(150), chunk_size=10, created_by=marketer)

    run(
        job,
        server_error_percent=10,
        rate_limit_percent=5,
        retry_after_seconds=1,
        slow_response_ms=50,
        drop_percent=5,
    )

    counts = jobs.job_counts(job=job)
    assert sum(counts.values()) == 150
    assert set(counts) <= {MessageStatus.ACCEPTED, MessageStatus.DELIVERED, MessageStatus.READ}
    assert sandbox.duplicate_count() == 0
    assert sandbox.accepted_count() == 150
    # The faults really happened: refused, failed and dropped requests were retried or settled.
    statuses = set(sandbox.requests_log().values_list("status", flat=True))
    assert {200, 429, 500} <= statuses
    assert sandbox.requests_log().filter(dropped=True).exists()
    assert job.messages.filter(events__status=MessageStatus.UNKNOWN).exists()
    refusals, early, checked = retry_after_audit(job)
    assert refusals and checked
    assert early == []


def test_in_a_storm_of_429s_no_request_arrives_inside_a_retry_after_window(engine, marketer):
    job = campaign(numbers(100), chunk_size=5, created_by=marketer)

    run(job, rate_limit_percent=20, retry_after_seconds=1)

    assert job.messages.filter(status=MessageStatus.QUEUED).count() == 0
    assert sandbox.duplicate_count() == 0
    assert sandbox.accepted_count() == 100
    refusals, early, checked = retry_after_audit(job)
    assert len(refusals) >= 5
    assert checked >= len(refusals)
    assert early == [], f"{len(early)} of {batch_requests(job)} requests arrived early"
