"""A send job goes out through a real worker to the sandbox's batch endpoint over HTTP: every
recipient exactly once, in chunks, and their receipts settle each message."""

from __future__ import annotations

import pytest

from messaging import jobs
from messaging.models import MessageStatus, SendJob
from sandbox import selectors as sandbox
from sandbox.models import SandboxMessage
from tests.conftest import wait_until

pytestmark = pytest.mark.worker
RECIPIENTS = [f"+6591{n:06d}" for n in range(120)]
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


def test_a_job_reaches_every_recipient_once_through_the_batch_endpoint(
    live_stack, marketer, settings
):
    settings.BATCH_CONCURRENCY = 2
    job = SendJob.objects.create(name="Spring sale", rate=0, chunk_size=50, created_by=marketer)
    jobs.job_freeze(
        job=job,
        kind="template",
        messages=((m, {"user": {"msisdn": m}, **TEMPLATE}) for m in RECIPIENTS),
    )
    jobs.job_launch(job=job)

    def delivered() -> bool:
        counts = jobs.job_counts(job=job)
        return counts.get(MessageStatus.DELIVERED, 0) + counts.get(MessageStatus.READ, 0) == 120

    wait_until(delivered, timeout=60, what="every message delivered")
    job.refresh_from_db()
    assert job.state == SendJob.State.DONE
    assert sandbox.accepted_count() == 120
    assert sandbox.duplicate_count() == 0
    received = set(SandboxMessage.objects.values_list("client_message_id", flat=True))
    assert received == set(job.messages.values_list("client_message_id", flat=True))
    # Chunks of at most 50, all answered: three, or more when the two pumps split the last rows.
    sizes = list(job.chunks.values_list("size", flat=True))
    assert len(sizes) >= 3 and max(sizes) <= 50 and sum(sizes) == 120
    assert set(job.chunks.values_list("state", flat=True)) == {"done"}
    assert set(job.chunks.values_list("batch_id", flat=True)) != {""}
