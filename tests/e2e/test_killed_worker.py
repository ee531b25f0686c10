"""A worker killed in the middle of a send: the message is neither lost nor sent twice.

A real worker process takes the message and is killed (SIGKILL) while its request to the sandbox is
in flight. The broker hands the unacknowledged task to a second worker, which finds the message
still 'sending': it cannot know whether 8x8 got it, so it marks it 'unknown' instead of sending it
again. The sandbox's receipt, matched by clientMessageId, then settles it as read.

Redelivery of an unacknowledged task is the broker's job, so the workers take their tasks from
Redis (see worker_processes).
"""

from __future__ import annotations

import time

import pytest

from audit.services import Actor
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_queue
from sandbox import selectors as sandbox
from sandbox.services import config_update
from tests.conftest import wait_until
from tests.e2e.worker_processes import REDIS_URL, VISIBILITY_TIMEOUT, redis_answers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not redis_answers(REDIS_URL),
        reason=f"no Redis at {REDIS_URL} to redeliver a dead worker's task (set TEST_REDIS_URL)",
    ),
]

TEMPLATE = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#99"}]}],
        }
    },
}


def queue(user, msisdn: str):
    body = {**TEMPLATE, "user": {"msisdn": msisdn}}
    return message_queue(actor=Actor.of(user), kind="template", msisdn=msisdn, payload=body)


def status_is(message, status: str) -> bool:
    return OutboundMessage.objects.filter(pk=message.pk, status=status).exists()


def test_a_send_interrupted_by_a_killed_worker_is_settled_once(workers, marketer):
    # Receipts come after the broker's redelivery, so the second worker meets the message still
    # 'sending' and must mark it unknown rather than send it again.
    config_update(delivered_after_seconds=20, read_after_seconds=1)
    first = workers()
    warm_up = queue(marketer, "+6591110000")  # the worker's imports and connection are ready
    wait_until(lambda: status_is(warm_up, MessageStatus.ACCEPTED), timeout=60, what="warm-up")

    config_update(slow_response_ms=5000)
    message = queue(marketer, "+6591234567")
    wait_until(lambda: status_is(message, MessageStatus.SENDING), what="the send to start")
    time.sleep(1)  # the request is with the sandbox, which answers only after 5 s
    first.kill()  # SIGKILL while the request to the sandbox is in flight
    first.wait(timeout=10)
    config_update(slow_response_ms=0)

    # Redis hands out a dead worker's unacknowledged task again once it is older than the
    # visibility timeout, when a worker scans for such tasks, as every worker does on start.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    workers()
    try:
        wait_until(lambda: status_is(message, MessageStatus.READ), timeout=90, what="read")
    except pytest.fail.Exception:
        events = list(message.events.values_list("status", "source", "detail"))
        pytest.fail(f"not settled; timeline {events}; sandbox accepted {sandbox.accepted_count()}")

    message.refresh_from_db()
    assert message.attempts == 1  # claimed once: the second worker never resent it
    statuses = [event.status for event in message.events.all()]
    assert statuses[:3] == ["queued", "sending", "unknown"]  # the second worker's verdict
    assert message.umid  # learnt from the receipt, matched by clientMessageId
    assert (
        sandbox.accepted_messages().filter(client_message_id=message.client_message_id).count() == 1
    )
    assert sandbox.sent_counts_by_client_message_id() == {}  # no id was accepted twice
    assert sandbox.duplicate_count() == 0
