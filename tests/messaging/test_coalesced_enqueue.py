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
    """The task names handed to the broker, with the window on and a fresh Redis key (which
    this process has not seen open yet)."""
    settings.COALESCE_WINDOW_MS = 3000
    settings.COALESCE_REDIS_URL = REDIS_URL
    redis.Redis.from_url(REDIS_URL).delete(WEBHOOK_APPLY_KEY)
    monkeypatch.setattr(enqueue, "_windows_open", {})
    names: list[str] = []
    monkeypatch.setattr(enqueue, "_send", lambda name, args: names.append(name))
    return names


def accepted(umid: str) -> OutboundMessage:
    return OutboundMessageFactory(status=MessageStatus.ACCEPTED, umid=umid, sent_by=None)


@pytest.mark.django_db
def test_requests_inside_one_window_ask_for_one_task(
    sent, settings, django_capture_on_commit_callbacks
):
    settings.COALESCE_WINDOW_MS = 1000
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            webhook_events_store(body=receipt(umid=f"u-{n}", state="delivered"))
    assert WebhookEvent.objects.count() == 5
    assert sent == [WEBHOOK_EVENTS_APPLY]

    client = redis.Redis.from_url(REDIS_URL)
    deadline = time.monotonic() + 5
    while client.exists(WEBHOOK_APPLY_KEY):  # the window closes by Redis' clock
        assert time.monotonic() < deadline, "the window never closed"
        time.sleep(0.05)
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-late", state="delivered"))
    assert sent == [WEBHOOK_EVENTS_APPLY, WEBHOOK_EVENTS_APPLY]


@pytest.mark.django_db
def test_inside_a_window_it_opened_a_process_does_not_ask_redis_again(
    sent, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-1", state="sent"))
    # Were Redis asked now, it could not answer, and the request would enqueue a task of its own.
    settings.COALESCE_REDIS_URL = "redis://127.0.0.1:1/0"
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-2", state="sent"))
    assert sent == [WEBHOOK_EVENTS_APPLY]


@pytest.mark.django_db
def test_a_window_another_process_opened_is_relied_on_for_as_long_as_redis_keeps_it(
    sent, settings, django_capture_on_commit_callbacks
):
    redis.Redis.from_url(REDIS_URL).set(WEBHOOK_APPLY_KEY, 1, px=2000)  # another web server's
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-1", state="sent"))
    assert sent == []  # that window's task is coming
    settings.COALESCE_REDIS_URL = "redis://127.0.0.1:1/0"
    with django_capture_on_commit_callbacks(execute=True):
        webhook_events_store(body=receipt(umid="u-2", state="sent"))
    assert sent == []  # known open from Redis' answer to the first request: not asked again
    left = enqueue._windows_open[WEBHOOK_APPLY_KEY] - time.monotonic()
    assert 0 < left <= 2.0  # never beyond the window Redis holds


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


@pytest.mark.django_db
def test_a_drain_stops_at_the_first_batch_that_was_not_full(monkeypatch):
    """A batch smaller than the batch size took every pending event: claiming again at once would
    only take the one or two committed since, each claim paying a whole batch's statements."""
    for n in range(5):
        webhook_events_store(body=receipt(umid=accepted(f"u-{n}").umid, state="read"))
    claims: list[int] = []
    apply_batch = tasks.intake.webhook_events_apply_batch

    def counted(*, limit: int) -> int:
        taken = apply_batch(limit=limit)
        claims.append(taken)
        return taken

    monkeypatch.setattr(tasks.intake, "webhook_events_apply_batch", counted)
    monkeypatch.setattr(tasks, "APPLY_BATCH", 2)
    assert tasks._drain(time.monotonic() + 30) == (5, True)
    assert claims == [2, 2, 1]  # full, full, then the partial batch ends the drain
    assert not WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).exists()
    assert OutboundMessage.objects.filter(status=MessageStatus.READ).count() == 5
