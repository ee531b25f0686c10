from __future__ import annotations

from celery import shared_task

from chatapps.errors import TransientError
from composer import services

MAX_DISPATCH_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_DISPATCH_RETRIES)
def message_dispatch_task(self, message_id: int) -> None:
    """Send one queued message.

    Running twice is harmless: the second run finds the message no longer 'queued' and stops. A
    missing row (deleted before dispatch) is also a no-op. Transient 8x8 errors retry with
    exponential backoff, or after the Retry-After that a 429 asked for.
    """
    try:
        services.message_dispatch(message_id=message_id)
    except TransientError as exc:
        if self.request.retries >= MAX_DISPATCH_RETRIES:
            services.message_give_up(message_id=message_id, reason=f"Gave up after retries: {exc}")
            return
        countdown = (
            exc.retry_after if exc.retry_after is not None else 2 ** (self.request.retries + 1)
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
