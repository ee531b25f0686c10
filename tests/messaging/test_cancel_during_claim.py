"""A campaign cancelled while a worker's claim is still open: the cancel counts, and records
'cancelled' for, only the messages it stopped, never the ones the claim took (those are in
flight and get 8x8's answer).

The claimer is a thread with its own connection that keeps its claim's transaction open while
the cancel runs: on PostgreSQL the cancel meets the claimed rows locked, on SQLite the write
lock; either way it must wait for the claim and leave its rows alone.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from messaging import chunks, jobs
from messaging.models import MessageEvent, MessageStatus
from tests.messaging.send_jobs import frozen_job

pytestmark = pytest.mark.django_db(transaction=True)  # the thread sees the committed job

MESSAGES = 40
SIZE = 10
# How long the claim stays uncommitted after the cancel is let go: long enough for the cancel
# to reach the claimed rows first.
HOLD_SECONDS = 1.0


def test_a_cancel_during_an_open_claim_counts_only_the_messages_it_stopped():
    job = frozen_job(MESSAGES)
    claimed = threading.Event()
    taken: list[int] = []
    errors: list[BaseException] = []

    def claimer() -> None:
        try:
            with transaction.atomic():
                chunk = chunks.chunk_claim(job_id=job.pk, size=SIZE)
                assert chunk is not None
                taken.append(chunk.pk)
                claimed.set()
                time.sleep(HOLD_SECONDS)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
            claimed.set()
        finally:
            connection.close()

    thread = threading.Thread(target=claimer)
    thread.start()
    assert claimed.wait(timeout=30)
    cancelled = jobs.job_cancel(job=job)
    thread.join(timeout=30)

    assert errors == []
    assert cancelled == MESSAGES - SIZE
    statuses = dict(
        job.messages.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    assert statuses == {MessageStatus.CANCELLED: MESSAGES - SIZE, MessageStatus.SENDING: SIZE}
    events = MessageEvent.objects.filter(message__job=job, status=MessageStatus.CANCELLED)
    assert events.count() == MESSAGES - SIZE
    assert not events.filter(message__chunk_id=taken[0]).exists()
