"""Webhook requests ask for the apply task once per window, on real Redis, and lose nothing.

A stream of receipts, each in its own request, must not cost the broker one task each; but no
event may wait for the minute sweep either: the window's task, once it has drained the queue,
waits for the window to close and looks once more.
"""

from __future__ import annotations

import os
import threading
import time

import pytest
import redis
from django.db import connection

from messaging import enqueue, tasks
from messaging.enqueue import WEBHOOK_APPLY_KEY, WEBHOOK_EVENTS_APPLY
from messaging.intake import webhook_events_store
from messaging.models import MessageStatus, OutboundMessage, WebhookEvent
from tests.chatapps.events import receipt
from tests.factories import OutboundMessageFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def sent(monkeypatch, settings) -> list[str]:
    """The task names handed to the broker, with the window on and a fresh Redis key."""
    settings.COALESCE_WINDOW_MS = 3000
    settings.COALESCE_REDIS_URL = REDIS_URL
    redis.Redis.from_url(REDIS_URL).delete(WEBHOOK_APPLY_KEY)
    names: list[str] = []
    monkeypatch.setattr(enqueue, "_send", lambda name, args: names.append(name))
    return names


def accepted(umid: str) -> OutboundMessage:
    return OutboundMessageFactory(status=MessageStatus.ACCEPTED, umid=umid, sent_by=None)


@pytest.mark.django_db
def test_requests_inside_one_window_ask_for_one_task(
    sent, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            webhook_events_store(body=receipt(umid=f"u-{n}", state="delivered"))
    assert WebhookEvent.objects.count() == 5
    assert sent == [WEBHOOK_EVENTS_APPLY]

    settings.COALESCE_WINDOW_MS = 50
    redis.Redis.from_url(REDIS_URL).pexpire(WEBHOOK_APPLY_KEY, 50)
    time.sleep(0.1)  # the window closed: the next request opens another
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-late", state="delivered"))
    assert sent == [WEBHOOK_EVENTS_APPLY, WEBHOOK_EVENTS_APPLY]


@pytest.mark.django_db
def test_a_repeated_event_asks_for_nothing(sent, django_capture_on_commit_callbacks):
    body = receipt(umid="u-1", state="read")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=body)
    redis.Redis.from_url(REDIS_URL).delete(WEBHOOK_APPLY_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        stored, repeats = webhook_events_store(body=body)
    assert (stored, repeats) == ([], 1)
    assert sent == [WEBHOOK_EVENTS_APPLY]


@pytest.mark.django_db(transaction=True)
def test_the_windows_task_applies_events_stored_after_its_last_look(sent):
    first, second = accepted("u-first"), accepted("u-second")
    webhook_events_store(body=receipt(umid=first.umid, state="read"))
    assert sent == [WEBHOOK_EVENTS_APPLY]
    outcome: list[int] = []

    def worker() -> None:
        try:
            outcome.append(tasks.webhook_events_apply_task.run())
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    # The task has drained the queue (the first receipt applied) and waits for the window.
    deadline = time.monotonic() + 10
    while OutboundMessage.objects.get(pk=first.pk).status != MessageStatus.READ:
        assert time.monotonic() < deadline, "the first receipt was never applied"
        time.sleep(0.02)
    webhook_events_store(body=receipt(umid=second.umid, state="read"))
    thread.join(timeout=20)

    assert sent == [WEBHOOK_EVENTS_APPLY]  # the second request relied on the running task
    assert outcome == [2]
    second.refresh_from_db()
    assert second.status == MessageStatus.READ
    assert not WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).exists()


@pytest.mark.django_db
def test_without_redis_every_request_asks_and_nothing_fails(
    sent, settings, django_capture_on_commit_callbacks
):
    settings.COALESCE_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-1", state="sent"))
        webhook_events_store(body=receipt(umid="u-2", state="sent"))
    assert sent == [WEBHOOK_EVENTS_APPLY, WEBHOOK_EVENTS_APPLY]
    assert WebhookEvent.objects.count() == 2
