"""Thin Celery adapters for the history, the dashboard's roll-up and retention (listed in
CELERY_IMPORTS: autodiscovery only looks in tasks.py)."""

from __future__ import annotations

from celery import shared_task

from messaging.dashboard import dashboard_rollup
from messaging.history_export import history_export_execute

# A history export of a million rows takes minutes; the default 300 s limit would cut it off.
SOFT_LIMIT, HARD_LIMIT = 3300, 3600


@shared_task(acks_late=True, soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def history_export_task(job_id: int) -> bool:
    """Write one history export. Running twice is harmless: the second run cannot claim it."""
    return history_export_execute(job_id)


@shared_task
def dashboard_rollup_task(days: int = 2) -> int:
    """Recount the dashboard's last `days` days (beat). Running twice only counts twice."""
    return dashboard_rollup(days=days)
