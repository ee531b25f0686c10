"""Thin Celery adapters for the audience: a bulk action's next chunk, contacts imports and
exports."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from audience import bulk
from audience.importing import contacts_export_execute, contacts_import_execute
from audience.sweep import background_sweep
from messaging.enqueue import enqueue_on_commit


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def bulk_action_step_task(action_id: int) -> None:
    """Do one chunk of a bulk action, then enqueue the next.

    Running twice is harmless (see audience.bulk.bulk_step); a missing or finished action is a
    no-op. A database that is briefly away retries; any other error stops the action, marked
    failed with the error for the person who started it.
    """
    try:
        more = bulk.bulk_step(action_id=action_id)
    except OperationalError:
        raise
    except Exception as exc:
        bulk.bulk_fail(action_id=action_id, error=str(exc) or type(exc).__name__)
        raise
    if more:
        enqueue_on_commit(bulk.BULK_ACTION_STEP, action_id)


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


@shared_task
def background_sweep_task() -> dict[str, int]:
    """Hand out again the tasks of stalled bulk actions, imports and exports (beat, each minute)."""
    return background_sweep()
