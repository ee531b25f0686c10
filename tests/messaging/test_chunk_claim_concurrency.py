"""Three workers claim one job's chunks at the same moment, round after round, until none finds
anything: their chunks are disjoint, together they take each queued message exactly once, and
no message is tried twice.

Each claimer is a thread with its own database connection, released at a barrier so the claims
collide: on PostgreSQL they meet in `SELECT … FOR UPDATE SKIP LOCKED`, on SQLite in the write
lock (IMMEDIATE transactions wait out the busy timeout rather than fail "database is locked").
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from messaging import chunks
from messaging.models import MessageStatus, SendChunk
from tests.messaging.send_jobs import frozen_job

pytestmark = pytest.mark.django_db(transaction=True)  # the threads see the committed job

CLAIMERS = 3
SIZE = 10
MESSAGES = 145  # the last chunk is a short one
# Enough rounds for every message with some claims coming back short, and a last empty round.
MAX_ROUNDS = MESSAGES // SIZE + 3


def claim_together(job_id: int) -> tuple[list[list[int | None]], list[BaseException]]:
    """Each claimer claims once per round, all released together, until a round in which none
    got anything: the chunk ids round by round (None for an empty claim), and what was raised."""
    start, end = threading.Barrier(CLAIMERS, timeout=60), threading.Barrier(CLAIMERS, timeout=60)
    rounds: list[list[int | None]] = []
    errors: list[BaseException] = []

    def claimer(index: int) -> None:
        try:
            for number in range(MAX_ROUNDS):
                if start.wait() == 0:  # one claimer opens the round's row
                    rounds.append([None] * CLAIMERS)
                start.wait()  # the row exists before anyone writes to it
                chunk = chunks.chunk_claim(job_id=job_id, size=SIZE)
                rounds[number][index] = chunk.pk if chunk else None
                end.wait()
                if rounds[number] == [None] * CLAIMERS:
                    return
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
            start.abort()  # the others stop waiting for a claimer that is gone
            end.abort()
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=claimer, args=(i,)) for i in range(CLAIMERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a claimer never finished"
    return rounds, errors


def test_concurrent_claims_take_disjoint_chunks_covering_every_message_once():
    job = frozen_job(MESSAGES)
    queued = set(job.messages.values_list("id", flat=True))

    rounds, errors = claim_together(job.pk)

    assert errors == []
    assert rounds[-1] == [None] * CLAIMERS  # it ended because nothing was left, not out of rounds
    claimed = [pk for round_ in rounds for pk in round_ if pk is not None]
    assert len(claimed) == len(set(claimed))
    # Each chunk holds exactly the messages it counted when it claimed them: no message was
    # taken over by a second chunk, and no empty chunk row was left behind.
    sizes = dict(SendChunk.objects.filter(job=job).values_list("id", "size"))
    assert set(sizes) == set(claimed)
    assert all(1 <= size <= SIZE for size in sizes.values())
    messages = list(job.messages.values_list("id", "chunk_id", "status", "attempts"))
    assert Counter(chunk_id for _, chunk_id, _, _ in messages) == Counter(sizes)
    assert sum(sizes.values()) == MESSAGES
    assert {message_id for message_id, *_ in messages} == queued
    assert {status for _, _, status, _ in messages} == {MessageStatus.SENDING}
    assert {attempts for *_, attempts in messages} == {1}
    # The claims did meet: the first round's three claimers each came away with a chunk.
    assert None not in rounds[0]
