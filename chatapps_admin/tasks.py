from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from chatapps_admin.models import WorkerHeartbeat


@shared_task(ignore_result=False)
def ping(text: str) -> str:
    """Answers with what it was given: proves a worker and the broker are alive end to end."""
    return f"pong: {text}"


@shared_task(bind=True, ignore_result=True, expires=60)
def worker_heartbeat(self) -> None:
    """Beat sends this every 30 s; whichever worker takes it notes the time. It went through the
    broker, so a fresh row means the whole way from beat to a worker works. Running twice is an
    upsert; an expired one (no worker for a minute) is dropped rather than piling up."""
    WorkerHeartbeat.objects.update_or_create(
        worker=str(self.request.hostname or "worker")[:200], defaults={"seen_at": timezone.now()}
    )
