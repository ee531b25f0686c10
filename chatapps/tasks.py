from __future__ import annotations

from celery import shared_task

from chatapps import services


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def webhook_event_apply(event_id: int) -> str | None:
    """Apply one stored webhook event.

    Running twice is harmless: the second run cannot claim an event that is already applied. A
    missing row is a no-op. A failure marks the event failed and retries with backoff.
    """
    return services.webhook_event_apply(event_id=event_id)


@shared_task
def webhook_events_sweep() -> int:
    """Re-enqueue events whose apply was never enqueued or whose worker died. Safe to overlap."""
    ids = services.webhook_events_pending()
    for event_id in ids:
        webhook_event_apply.delay(event_id)
    return len(ids)
