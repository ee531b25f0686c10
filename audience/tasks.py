"""Thin Celery adapters for contacts imports and exports: each takes a job id."""

from __future__ import annotations

from celery import shared_task

from audience.importing import contacts_export_execute, contacts_import_execute

# An import of a million rows takes minutes; the default 300 s limit would cut it off.
SOFT_LIMIT, HARD_LIMIT = 3300, 3600


@shared_task(acks_late=True, soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def contacts_import_task(job_id: int) -> bool:
    """Run one contacts import.

    Running twice is harmless: the second run cannot claim a job that is no longer queued. A job
    whose worker died mid-way can be claimed again an hour after it started (tabular.jobs).
    """
    return contacts_import_execute(job_id)


@shared_task(acks_late=True, soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def contacts_export_task(job_id: int) -> bool:
    """Write one contacts export. Running twice is harmless, as for imports."""
    return contacts_export_execute(job_id)
