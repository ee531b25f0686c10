"""Reachability checks behind /health: database, broker, a worker that answers, the 8x8 API."""

from __future__ import annotations

import httpx
from django.conf import settings
from django.db import connection
from django.utils import timezone

from chatapps_admin.celery import app as celery_app
from chatapps_admin.models import WorkerHeartbeat


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def check_worker() -> str:
    """A worker took beat's heartbeat task recently (see chatapps_admin.tasks.worker_heartbeat)."""
    newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if newest is None:
        raise RuntimeError("no worker has answered yet (is `celery worker --beat` running?)")
    age = (timezone.now() - newest).total_seconds()
    if age > settings.HEALTH_WORKER_SECONDS:
        raise RuntimeError(f"no worker has answered for {age:.0f} s")
    return "ok"


def check_chatapps_api() -> str:
    """Any HTTP answer from the base URL means the host is reachable; auth is tested elsewhere."""
    httpx.get(settings.CHATAPPS_BASE_URL + "/", timeout=3.0)
    return "ok"


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "worker": check_worker,
    "chatapps_api": check_chatapps_api,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:
            results[name] = f"error: {type(exc).__name__}: {exc}"[:300]
    return results
