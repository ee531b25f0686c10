"""Thin Celery adapters for the inbox."""

from __future__ import annotations

from celery import shared_task

from chatapps.errors import TransientError, UnknownOutcomeError
from inbox import services


@shared_task(
    acks_late=True,
    autoretry_for=(TransientError, UnknownOutcomeError),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def inbound_read_task(umid: str) -> bool:
    """Tell 8x8 the customer's message was read. Running twice is harmless (see the service)."""
    return services.inbound_read(umid=umid)
