"""Celery workers as real processes, which a test can kill with SIGKILL.

Redelivery of an unacknowledged task is the broker's job, and the embedded filesystem broker has
none, so these workers take their tasks from Redis whenever one answers: the configured broker
when it is Redis, else TEST_REDIS_URL (redis://127.0.0.1:6379/15). They share the test database,
a PostgreSQL one or the SQLite test file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import redis
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Longer than a slowed-down send, or the broker would hand the task out again while the first
# worker is still working on it; short, so a test does not wait long after a kill.
VISIBILITY_TIMEOUT = 8
# This run's own queue (a retry goes back to the queue its task came from).
QUEUE = f"killed-worker-{uuid.uuid4().hex[:12]}"
CONFIGURED = django_settings.CELERY_BROKER_URL
REDIS_URL = (
    CONFIGURED
    if CONFIGURED.startswith("redis")
    else os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
)


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def database_url() -> str:
    """The test database, for worker processes: PostgreSQL's, or the SQLite test file."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        assert Path(db["NAME"]).is_file(), "the SQLite test database must be a file to share"
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(live_url: str, var_dir: Path, **env: str) -> subprocess.Popen[bytes]:
    """A worker process on this run's queue, speaking to the live server's sandbox; `env` adds
    or overrides its settings' variables."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,  # what the workers enqueue themselves stays in it
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CHATAPPS_BASE_URL": live_url + "/sandbox",
        "PUBLIC_BASE_URL": live_url,
        "VAR_DIR": str(var_dir),
        **env,
    }
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [
            str(celery),
            "-A",
            "chatapps_admin",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            "4",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            QUEUE,
        ],
        cwd=ROOT,
        env=env,
    )
