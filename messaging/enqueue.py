"""The one way work is handed to a Celery worker: by task name, once the transaction commits."""

from __future__ import annotations

import logging
import time
from functools import lru_cache, partial
from typing import Any

import redis
from celery import current_app
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# Task names, so services enqueue without importing the task modules that import them.
MESSAGE_DISPATCH = "messaging.tasks.message_dispatch_task"
WEBHOOK_EVENT_APPLY = "messaging.tasks.webhook_event_apply_task"
WEBHOOK_EVENTS_APPLY = "messaging.tasks.webhook_events_apply_task"
JOB_PUMP = "messaging.tasks.job_pump_task"
# The window during which stored webhook events wait for the apply task already asked for.
WEBHOOK_APPLY_KEY = "chatapps:webhook:apply-window"


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Send `task_name(*args)` to a worker after the current transaction commits (at once outside
    one), so a worker never looks for a row that is not there yet.

    A broker that is down is logged, never raised: the row is already committed, and an error page
    now would only invite the user to submit the same thing twice. Stored work is never lost:
    webhook events are re-enqueued by the sweep, and a message stays visibly 'queued'.
    """
    transaction.on_commit(partial(_send, task_name, args))


def _send(task_name: str, args: tuple[Any, ...]) -> None:
    try:
        current_app.send_task(task_name, args=args)
    except Exception:  # any broker or network failure: see enqueue_on_commit
        logger.exception("could not enqueue %s%r", task_name, args)


def enqueue_coalesced(task_name: str, *, key: str) -> None:
    """Like enqueue_on_commit, for work that drains a queue: a stream of requests asks for one
    task per window (COALESCE_WINDOW_MS), not one each.

    The first request of a window opens it (Redis SET NX with an expiry) and enqueues the task;
    the others store their rows and rely on it. The task runs at once, and once it has drained
    the queue it waits for the window to close (coalesced_wait) and drains once more, so a row
    committed inside the window, after the task's last look, is still applied, without a
    second task. A window is closed by Redis' own clock, so workers' clocks need not agree.

    Each process remembers until when a window is sure to be open (_windows_open), so the
    requests inside it do not ask Redis at all: at 500 receipts/s, one Redis round trip a
    request was a quarter of the endpoint's CPU and most of its tail latency.

    Without Redis (the embedded default) or with a window of 0, every request enqueues. Redis
    being down degrades to that as well: never a lost wake-up.
    """
    window_ms = settings.COALESCE_WINDOW_MS
    if window_ms <= 0 or not settings.COALESCE_REDIS_URL:
        enqueue_on_commit(task_name)
        return
    transaction.on_commit(partial(_send_coalesced, task_name, key, window_ms))


# Per process, by key: the time.monotonic() before which the window is certainly still open in
# Redis. Learnt from Redis' own answer: the TTL it reports after the SET is counted from before
# the request was sent, so this is never later than Redis' expiry, and the window's task (which
# drains once more after that expiry) still comes after every row committed until then. A key
# deleted by hand (a flushed Redis) is the one case it misses: those rows wait for the sweep.
_windows_open: dict[str, float] = {}


def _send_coalesced(task_name: str, key: str, window_ms: int) -> None:
    asked = time.monotonic()
    if asked < _windows_open.get(key, 0.0):
        return  # inside a window known to be open: its task will look after this row's commit
    try:
        pipe = _redis(settings.COALESCE_REDIS_URL).pipeline()  # one round trip, MULTI/EXEC
        pipe.set(key, 1, nx=True, px=window_ms)
        pipe.pttl(key)
        opened, left_ms = pipe.execute()
    except redis.RedisError:
        logger.warning("could not open the %s window; enqueueing without it", key, exc_info=True)
        _send(task_name, ())
        return
    if left_ms > 0:
        _windows_open[key] = asked + left_ms / 1000
    if opened:
        _send(task_name, ())
    # Otherwise another request opened the window: its task is coming.


def coalesced_wait(key: str) -> float:
    """Seconds until the window `key` closes; 0 when none is open (or there is no Redis)."""
    if settings.COALESCE_WINDOW_MS <= 0 or not settings.COALESCE_REDIS_URL:
        return 0.0
    try:
        left = int(_redis(settings.COALESCE_REDIS_URL).pttl(key))
    except redis.RedisError:
        return 0.0
    # -2: no window; -1 cannot happen (every window expires). Never longer than one window.
    return min(max(left, 0), settings.COALESCE_WINDOW_MS) / 1000


@lru_cache(maxsize=4)
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
