"""The shared cast: one user per role plus an outsider with no role, and a client for each."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from accounts.roles import ADMIN, MARKETING, SUPPORT

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


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


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker, in a thread of this process, consuming the configured broker.

    Redis in CI; the embedded filesystem broker otherwise. Tasks run against the test database.
    """
    from celery.contrib.testing.worker import start_worker

    from chatapps_admin.celery import app

    app.control.purge()
    with start_worker(
        app,
        pool="threads",
        concurrency=4,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=15,
    ) as worker:
        yield worker
