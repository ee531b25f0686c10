"""The one way work is handed to a Celery worker: by task name, once the transaction commits."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

# Task names, so services enqueue without importing the task modules that import them.
MESSAGE_DISPATCH = "messaging.tasks.message_dispatch_task"
WEBHOOK_EVENT_APPLY = "messaging.tasks.webhook_event_apply_task"
WEBHOOK_EVENTS_APPLY = "messaging.tasks.webhook_events_apply_task"
JOB_PUMP = "messaging.tasks.job_pump_task"


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
