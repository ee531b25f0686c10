"""The Celery adapters: one step of the timetable, and webhook retries on 8x8's schedule."""

from __future__ import annotations

import pytest
from celery.exceptions import Retry

from sandbox import services
from sandbox.models import SandboxMessage
from sandbox.tasks import sandbox_receipts_task, sandbox_webhook_task
from tests.sandbox import bodies


def test_the_receipts_task_advances_the_messages_it_is_given(db, window_open):
    message = services.message_accept(body=bodies.text())

    made = sandbox_receipts_task.apply(args=([message.pk], "delivered")).get()

    assert made == 1
    message.refresh_from_db()
    assert message.state == "delivered"


def test_a_webhook_that_fails_is_retried_after_1_then_10_30_and_90_seconds(receiver, monkeypatch):
    receiver.statuses = [503] * 10
    message = services.message_accept(body=bodies.text())
    [hook] = services.receipts_advance(message_ids=[message.pk], step="delivered", schedule=False)
    countdowns = []

    def fake_retry(*, countdown, **kwargs):
        countdowns.append(countdown)
        return Retry()

    monkeypatch.setattr(sandbox_webhook_task, "retry", fake_retry)
    for attempt in range(4):
        sandbox_webhook_task.push_request(retries=attempt)
        try:
            with pytest.raises(Retry):
                sandbox_webhook_task.run(hook.pk)
        finally:
            sandbox_webhook_task.pop_request()
    sandbox_webhook_task.push_request(retries=4)
    try:
        sandbox_webhook_task.run(hook.pk)  # the last attempt gives up quietly
    finally:
        sandbox_webhook_task.pop_request()

    assert countdowns == [1, 10, 30, 90]
    hook.refresh_from_db()
    assert (hook.attempts, hook.last_status, hook.delivered_at) == (5, 503, None)
    assert len(receiver.requests) == 5


def test_a_webhook_that_arrives_is_not_retried(receiver, window_open):
    message = services.message_accept(body=bodies.text())
    [hook] = services.receipts_advance(message_ids=[message.pk], step="delivered", schedule=False)

    sandbox_webhook_task.apply(args=(hook.pk,)).get()

    hook.refresh_from_db()
    assert hook.delivered_at is not None
    assert len(receiver.requests) == 1
    assert SandboxMessage.objects.get().state == "delivered"
