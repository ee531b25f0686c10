"""The shared cast: one user per role plus an outsider with no role, and a client for each."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from access.roles import ADMIN, MARKETING, SUPPORT
from tests.factories import PASSWORD, UserFactory

__all__ = ["PASSWORD"]  # tests sign in with it


def make_user(username: str, role: str | None) -> User:
    return UserFactory(username=username, role=role)


@pytest.fixture
def admin(db) -> User:
    return make_user("alice-admin", ADMIN)


@pytest.fixture
def marketer(db) -> User:
    return make_user("mark-marketing", MARKETING)


@pytest.fixture
def agent(db) -> User:
    return make_user("sam-support", SUPPORT)


@pytest.fixture
def outsider(db) -> User:
    return make_user("olly-outsider", None)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_(admin) -> Client:
    return logged_in(admin)


@pytest.fixture
def marketer_client(marketer) -> Client:
    return logged_in(marketer)


@pytest.fixture
def agent_client(agent) -> Client:
    return logged_in(agent)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return logged_in(outsider)


@pytest.fixture(autouse=True)
def enqueue_every_request(settings):
    """Tests that stand in for the worker (hooking the enqueue) expect each webhook request to
    ask for its own apply task. The production default, one task per window of requests, has
    its own tests (tests/messaging/test_coalesced_enqueue.py) and runs wherever a real worker
    does (live_stack)."""
    settings.COALESCE_WINDOW_MS = 0


def broker_reset() -> None:
    """Empty the test broker: queued tasks, and on Redis the tasks a killed worker held unacked.

    Test databases restart their ids at 1, so a stale task from an earlier run would otherwise
    act on a new row.
    """
    from chatapps_admin.celery import app

    app.control.purge()
    if app.conf.broker_url.startswith(("redis://", "rediss://")):
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete("unacked", "unacked_index", "unacked_mutex")


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming the configured broker.

    Redis in CI; the embedded filesystem broker otherwise. Tasks run against the test database.
    """
    from celery.contrib.testing.worker import start_worker

    from chatapps_admin.celery import app

    broker_reset()
    with start_worker(
        app,
        pool="threads",
        concurrency=4,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=15,
    ) as worker:
        yield worker
    # start_worker stops the worker with a cold shutdown, which does not wait for tasks already
    # running in the pool's threads; one still running when the test database is flushed
    # deadlocks the flush (its row locks against the TRUNCATE's). The worker takes no new task
    # now, so wait for those it started to finish.
    from celery.worker import state

    deadline = time.monotonic() + 30
    while state.active_requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not state.active_requests, (
        f"tasks still running after the worker stopped: {[r.name for r in state.active_requests]}"
    )


@pytest.fixture
def live_stack(live_server, celery_worker, settings):
    """The whole product wired together for real: a live server serving the app and the sandbox, a
    real Celery worker, the API client speaking HTTP to the sandbox, its webhooks coming back."""
    from chatapps.client import reset_client

    settings.PUBLIC_BASE_URL = live_server.url
    settings.CHATAPPS_BASE_URL = live_server.url + "/sandbox"
    settings.COALESCE_WINDOW_MS = 200  # as in production
    reset_client()
    from sandbox.services import config_update

    config_update(delivered_after_seconds=1, read_after_seconds=1)
    yield live_server
    reset_client()


def wait_until(condition: Callable[[], object], *, timeout: float = 30.0, what: str = "") -> object:
    """Poll until `condition()` is truthy; fail naming what never happened."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what or condition}")


@pytest.fixture(scope="session", autouse=True)
def close_thread_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end sessions left open by live-server and worker
    threads (PostgreSQL refuses to drop a database that is still in use)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def sandbox_offline(monkeypatch):
    """The sandbox's receipts and webhooks stay off the broker (for tests without a worker)."""
    monkeypatch.setattr("sandbox.schedule.enqueue", lambda task, *args, countdown=0: None)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads, reports and exports written under a fresh MEDIA_ROOT, gone after the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
