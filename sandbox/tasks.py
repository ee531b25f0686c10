"""Celery adapters for the sandbox's timetable and webhooks: ids in, a service call, done."""

from __future__ import annotations

from celery import shared_task

from sandbox import services, template_review
from sandbox.webhooks import RETRY_SCHEDULE


@shared_task(acks_late=True)
def sandbox_receipts_task(message_ids: list[int], step: str) -> int:
    """Move messages one step along their timetable and post a receipt for each.

    Running twice is harmless: a message already past the step is skipped, so no second receipt
    is made. Deleted messages (a sandbox reset) are skipped too. Returns receipts made.
    """
    return len(services.receipts_advance(message_ids=message_ids, step=step))


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_SCHEDULE))
def sandbox_webhook_task(self, webhook_id: int) -> None:
    """Post one webhook; on any failure retry after 1, 10, 30 and 90 s, as 8x8 does.

    A webhook already delivered is not posted again, and a deleted one is dropped.
    """
    hook = services.webhook_deliver(webhook_id=webhook_id)
    if hook is None or hook.delivered_at is not None:
        return
    if self.request.retries < len(RETRY_SCHEDULE):
        raise self.retry(countdown=RETRY_SCHEDULE[self.request.retries])


@shared_task(acks_late=True)
def sandbox_template_review_task(template_id: int) -> None:
    """Meta's review of a submitted template: approve it, or reject it with a reason, and post
    template_status_update. Running twice is harmless: a template no longer pending is skipped."""
    template_review.template_review(template_id=template_id)
