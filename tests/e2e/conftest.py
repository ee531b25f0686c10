"""Fixtures for tests that run Celery workers as processes (see worker_processes)."""

from __future__ import annotations

import subprocess

import pytest

from chatapps_admin.celery import app
from tests.conftest import broker_reset
from tests.e2e.worker_processes import CONFIGURED, QUEUE, REDIS_URL, start_worker


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
    """Start worker processes with `workers(**env)`; those still running are stopped after."""
    settings.PUBLIC_BASE_URL = live_server.url
    settings.CHATAPPS_BASE_URL = live_server.url + "/sandbox"
    started: list[subprocess.Popen[bytes]] = []

    def start(**env: str) -> subprocess.Popen[bytes]:
        process = start_worker(live_server.url, tmp_path, **env)
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
