"""Handing the sandbox's own work (receipts on their timetable, webhook posts) to Celery."""

from __future__ import annotations

from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction

# By name: sandbox.tasks imports the services that schedule, so they do not import the tasks.
RECEIPTS_TASK = "sandbox.tasks.sandbox_receipts_task"
WEBHOOK_TASK = "sandbox.tasks.sandbox_webhook_task"
TEMPLATE_REVIEW_TASK = "sandbox.tasks.sandbox_template_review_task"


def receipts_schedule(message_ids: list[int], step: str, *, countdown: int) -> None:
    transaction.on_commit(partial(enqueue, RECEIPTS_TASK, message_ids, step, countdown=countdown))


def webhooks_schedule(webhook_ids: list[int]) -> None:
    for webhook_id in webhook_ids:
        transaction.on_commit(partial(enqueue, WEBHOOK_TASK, webhook_id))


def template_review_schedule(template_id: int, *, countdown: int) -> None:
    transaction.on_commit(partial(enqueue, TEMPLATE_REVIEW_TASK, template_id, countdown=countdown))


def enqueue(task_name: str, *args: Any, countdown: float = 0) -> None:
    """Hand work to Celery. The one place tests replace to run without a broker."""
    current_app.send_task(task_name, args=args, countdown=countdown)
