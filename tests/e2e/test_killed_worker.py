"""A worker killed in the middle of a send: the message is neither lost nor sent twice.

A real worker process takes the message and is killed (SIGKILL) while its request to the sandbox is
in flight. The broker hands the unacknowledged task to a second worker, which finds the message
still 'sending': it cannot know whether 8x8 got it, so it marks it 'unknown' instead of sending it
again. The sandbox's receipt, matched by clientMessageId, then settles it as read.

Redelivery of an unacknowledged task is the broker's job, and the embedded filesystem broker has
none, so this runs on Redis whenever one answers: the configured broker when it is Redis, else
TEST_REDIS_URL (redis://127.0.0.1:6379/15). The worker processes share the test database, a
PostgreSQL one or the SQLite test file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from audit.services import Actor
from chatapps_admin.celery import app
from messaging.models import MessageStatus, OutboundMessage
from messaging.sending import message_queue
from sandbox import selectors as sandbox
from sandbox.services import config_update
from tests.conftest import broker_reset, wait_until

ROOT = Path(__file__).resolve().parents[2]
# Longer than the slowed-down send below, or the broker would hand the task out again while the
# first worker is still working on it; short, so the test does not wait long after the kill.
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


pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not redis_answers(REDIS_URL),
        reason=f"no Redis at {REDIS_URL} to redeliver a dead worker's task (set TEST_REDIS_URL)",
    ),
]

TEMPLATE = {
    "user": {"msisdn": "+6591234567"},
    "type": "template",
    "content": {
        "template": {
            "name": "order_update",
            "language": "en_GB",
            "components": [{"type": "body", "parameters": [{"type": "text", "text": "#99"}]}],
        }
    },
}


def database_url() -> str:
    """The test database, for worker processes: PostgreSQL's, or the SQLite test file."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        assert Path(db["NAME"]).is_file(), "the SQLite test database must be a file to share"
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(live_url: str, var_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,  # what the workers enqueue themselves stays in it
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CHATAPPS_BASE_URL": live_url + "/sandbox",
        "PUBLIC_BASE_URL": live_url,
        "VAR_DIR": str(var_dir),
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


@pytest.fixture
def redis_broker(monkeypatch):
    """Work this process hands out (dispatch, webhook events, the sandbox's timetable) goes to a
    queue of this run's own on Redis, where only this run's worker processes take it: another
    run on the same Redis (a second checkout's suite) neither takes nor purges it."""
    if CONFIGURED.startswith("redis"):
        broker_reset()
    with app.connection_for_write(REDIS_URL, transport="redis") as conn:
        conn.default_channel.queue_purge(QUEUE)

        def send(name, args, countdown=0):
            app.send_task(name, args=args, countdown=countdown, connection=conn, queue=QUEUE)

        monkeypatch.setattr("messaging.enqueue._send", send)
        monkeypatch.setattr(
            "sandbox.schedule.enqueue", lambda name, *args, countdown=0: send(name, args, countdown)
        )
        yield


@pytest.fixture
def workers(live_server, transactional_db, settings, tmp_path, redis_broker):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.CHATAPPS_BASE_URL = live_server.url + "/sandbox"
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        process = start_worker(live_server.url, tmp_path)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def queue(user, msisdn: str):
    body = {**TEMPLATE, "user": {"msisdn": msisdn}}
    return message_queue(actor=Actor.of(user), kind="template", msisdn=msisdn, payload=body)


def status_is(message, status: str) -> bool:
    return OutboundMessage.objects.filter(pk=message.pk, status=status).exists()


def test_a_send_interrupted_by_a_killed_worker_is_settled_once(workers, marketer):
    # Receipts come after the broker's redelivery, so the second worker meets the message still
    # 'sending' and must mark it unknown rather than send it again.
    config_update(delivered_after_seconds=20, read_after_seconds=1)
    first = workers()
    warm_up = queue(marketer, "+6591110000")  # the worker's imports and connection are ready
    wait_until(lambda: status_is(warm_up, MessageStatus.ACCEPTED), timeout=60, what="warm-up")

    config_update(slow_response_ms=5000)
    message = queue(marketer, "+6591234567")
    wait_until(lambda: status_is(message, MessageStatus.SENDING), what="the send to start")
    time.sleep(1)  # the request is with the sandbox, which answers only after 5 s
    first.kill()  # SIGKILL while the request to the sandbox is in flight
    first.wait(timeout=10)
    config_update(slow_response_ms=0)

    # Redis hands out a dead worker's unacknowledged task again once it is older than the
    # visibility timeout, when a worker scans for such tasks, as every worker does on start.
    time.sleep(VISIBILITY_TIMEOUT + 1)
    workers()
    try:
        wait_until(lambda: status_is(message, MessageStatus.READ), timeout=90, what="read")
    except pytest.fail.Exception:
        events = list(message.events.values_list("status", "source", "detail"))
        pytest.fail(f"not settled; timeline {events}; sandbox accepted {sandbox.accepted_count()}")

    message.refresh_from_db()
    assert message.attempts == 1  # claimed once: the second worker never resent it
    statuses = [event.status for event in message.events.all()]
    assert statuses[:3] == ["queued", "sending", "unknown"]  # the second worker's verdict
    assert message.umid  # learnt from the receipt, matched by clientMessageId
    assert (
        sandbox.accepted_messages().filter(client_message_id=message.client_message_id).count() == 1
    )
    assert sandbox.sent_counts_by_client_message_id() == {}  # no id was accepted twice
    assert sandbox.duplicate_count() == 0
