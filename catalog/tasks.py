from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from catalog import importing, services
from chatapps.errors import TransientError


@shared_task(
    autoretry_for=(TransientError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def templates_sync_task() -> dict[str, int]:
    """Mirror 8x8's template list. Running twice (or overlapping) is harmless: it is an upsert."""
    return asdict(services.templates_sync())


@shared_task(acks_late=True, soft_time_limit=3300, time_limit=3600)
def products_import_task(job_id: int) -> bool:
    """Run one products import. Running twice is harmless: a job is claimed once (tabular.jobs)."""
    return importing.products_import_execute(job_id)
