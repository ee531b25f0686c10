from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """When each Celery worker last ran a task it was sent: /health's proof that one answers."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
